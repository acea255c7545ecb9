using Volunteers.Campaigns;
using Volunteers.Volunteering;

namespace Volunteers.Tests.Volunteering;

/// <summary>Runs on every database the platform supports; each binds it to a cluster on one.</summary>
public abstract class VolunteerDayTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Retry_with_same_record_id_counts_once_and_returns_the_same_receipt()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        await scenario.CheckEveryoneIn();
        var day = scenario.Day(scenario.VolunteerIds.First());

        var first = (await day.Log([CampaignScenario.Help("retry-1")]))[0];
        var again = (await day.Log([CampaignScenario.Help("retry-1")]))[0];

        Assert.NotNull(first.Receipt);
        Assert.False(first.Receipt.Duplicate);
        Assert.True(again.Receipt!.Duplicate);
        Assert.Equal(first.Receipt.AcceptedAt, again.Receipt.AcceptedAt);
        Assert.Equal(1, (await day.GetTally()).Helps);
        Assert.Equal(1, (await scenario.ReconcileWhenSettled()).Records);
    }

    [Fact]
    public async Task Helps_counted_as_they_are_logged_equal_a_recount_from_the_records()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        await scenario.CheckEveryoneIn();
        var day = scenario.Day(scenario.VolunteerIds.First());

        await day.Log([CampaignScenario.Help("k1", minutes: 5), CampaignScenario.Help("k2", minutes: 7), CampaignScenario.Help("k3", "cashless", 9)]);
        await day.Log([CampaignScenario.Help("k4", minutes: 11), CampaignScenario.Help("k5", "cashless", 13, Channel.OneStopDesk)]);
        var counted = await day.GetTally();
        var recounted = await day.Recount();

        Assert.Equal((5, 45L), (counted.Helps, counted.Minutes));
        Assert.Equal(3, counted.ByService["account"]);
        Assert.Equal(1, counted.ByChannel["one-stop-desk"]);
        Assert.True(counted.SameFigures(recounted), $"{counted} != {recounted}");
        Assert.Equal(counted.Version, recounted.Version);
    }

    [Fact]
    public async Task Same_record_twice_in_one_batch_counts_once()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        await scenario.CheckEveryoneIn();
        var day = scenario.Day(scenario.VolunteerIds.First());

        var results = await day.Log([CampaignScenario.Help("twin"), CampaignScenario.Help("twin")]);

        Assert.All(results, r => Assert.NotNull(r.Receipt));
        Assert.Equal(1, results.Count(r => !r.Receipt!.Duplicate));
        Assert.Equal(1, (await day.GetTally()).Helps);
    }

    [Fact]
    public async Task Same_record_id_with_different_content_is_refused_not_overwritten()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        await scenario.CheckEveryoneIn();
        var day = scenario.Day(scenario.VolunteerIds.First());
        await day.Log([CampaignScenario.Help("changed", minutes: 10)]);

        var result = (await day.Log([CampaignScenario.Help("changed", minutes: 50)]))[0];

        Assert.Null(result.Receipt);
        Assert.Equal(("CONFLICT", "recordId"), (result.Error!.Code, result.Error.Field));
        Assert.Equal(10, (await day.GetTally()).Minutes);
    }

    [Fact]
    public async Task One_bad_record_does_not_sink_the_rest_of_a_batch()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        await scenario.CheckEveryoneIn();
        var day = scenario.Day(scenario.VolunteerIds.First());

        var results = await day.Log(
        [
            CampaignScenario.Help("ok-1"),
            CampaignScenario.Help("bad-minutes", minutes: -3),
            CampaignScenario.Help("bad-service", "teleportation"),
            CampaignScenario.Help("no-procedure") with { Service = Catalogue.OnlineApplication },
            CampaignScenario.Help("stray-procedure") with { Procedure = Procedure.CertifiedCopy },
            CampaignScenario.Help("too-long", minutes: 10_000),
            CampaignScenario.Help("future") with { OccurredAt = DateTimeOffset.UtcNow.AddHours(3) },
            CampaignScenario.Help("bad id with spaces"),
            CampaignScenario.Help("ok-2", "scan"),
        ]);

        Assert.Equal(["ok-1", "ok-2"], results.Where(r => r.Receipt is not null).Select(r => r.RecordId));
        Assert.Equal(["minutes", "service", "procedure", "procedure", "minutes", "occurredAt", "recordId"],
            results.Where(r => r.Error is not null).Select(r => r.Error!.Field));
        Assert.Equal(2, (await day.GetTally()).Helps);
    }

    [Fact]
    public async Task Logging_needs_a_check_in()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);

        var result = (await scenario.Day(scenario.VolunteerIds.First()).Log([CampaignScenario.Help("early")]))[0];

        Assert.Equal("NOT_CHECKED_IN", result.Error!.Code);
    }

    [Fact]
    public async Task Check_in_only_at_a_place_assigned_to_the_team()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        var volunteer = scenario.Wards[0].Teams[0].VolunteerIds[0];

        var error = await Assert.ThrowsAsync<DomainException>(() => scenario.Day(volunteer).CheckIn(scenario.Wards[1].DeskId));

        Assert.Equal(("PLACE_NOT_ASSIGNED", "placeId"), (error.Code, error.Field));
    }

    [Fact]
    public async Task Logging_at_a_place_not_assigned_to_the_team_is_refused()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        await scenario.CheckEveryoneIn();
        var volunteer = scenario.Wards[0].Teams[0].VolunteerIds[0];

        var results = await scenario.Day(volunteer).Log(
        [
            CampaignScenario.Help("elsewhere") with { PlaceId = scenario.Wards[2].NeighbourhoodId },
            CampaignScenario.Help("own-neighbourhood") with { PlaceId = scenario.Wards[0].NeighbourhoodId },
        ]);

        Assert.Equal("PLACE_NOT_ASSIGNED", results[0].Error!.Code);
        Assert.NotNull(results[1].Receipt);
    }

    [Fact]
    public async Task A_planned_campaign_takes_no_check_ins_and_a_closed_one_no_new_logs()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, start: false);
        var volunteer = scenario.Wards[0].Teams[0].VolunteerIds[0];
        var planned = await Assert.ThrowsAsync<DomainException>(() => scenario.Day(volunteer).CheckIn(scenario.Wards[0].DeskId));
        Assert.Equal("campaignId", planned.Field);

        await scenario.Campaign.Start();
        await scenario.Day(volunteer).CheckIn(scenario.Wards[0].DeskId);
        await scenario.Campaign.Close(null);
        var afterClose = (await scenario.Day(volunteer).Log([CampaignScenario.Help("too-late")]))[0];

        Assert.Equal(("CONFLICT", "campaignId"), (afterClose.Error!.Code, afterClose.Error.Field));
        Assert.Contains("closed", afterClose.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_out_ends_the_shift_and_the_volunteer_leaves_the_on_duty_count()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        await scenario.CheckEveryoneIn();
        var volunteer = scenario.VolunteerIds.First();

        var shift = await scenario.Day(volunteer).CheckOut();

        Assert.NotNull(shift.CheckedOutAt);
        Assert.Equal(0, (await scenario.Day(volunteer).GetTally()).OnDuty);
        var error = await Assert.ThrowsAsync<DomainException>(() => scenario.Day(volunteer).CheckOut());
        Assert.Equal("NOT_CHECKED_IN", error.Code);
        await WaitFor(async () => (await scenario.Level(scenario.CampaignId).Get()).OnDuty == scenario.VolunteerIds.Count() - 1);
    }

    private static async Task WaitFor(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(50);
        }
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteVolunteerDayTests(ClusterFixture fixture) : VolunteerDayTests(fixture);
