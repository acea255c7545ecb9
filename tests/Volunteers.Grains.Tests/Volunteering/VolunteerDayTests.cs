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
        await Eventually.Holds(async () => (await scenario.Level(scenario.CampaignId).Get()).OnDuty == scenario.VolunteerIds.Count() - 1);
    }

    [Fact]
    public async Task A_check_in_and_out_keep_the_phones_tap_times_and_every_shift()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        var volunteer = scenario.Wards[0].Teams[0].VolunteerIds[0];
        var ward = scenario.Wards[0];
        var startedAt = (await scenario.Campaign.Get())!.StartedAt!.Value;
        var day = scenario.Day(volunteer);
        // Seconds after the start, so every tap is within the skew the real clock allows.

        await day.CheckIn(ward.DeskId, startedAt.AddSeconds(1), "in-1");
        await day.CheckOut(startedAt.AddSeconds(31), "out-1");
        await day.CheckIn(ward.NeighbourhoodId, startedAt.AddSeconds(40), "in-2");
        // Moving to another place closes the open shift at the tap.
        await day.CheckIn(ward.DeskId, startedAt.AddSeconds(50), "in-3");
        var shifts = await day.GetShifts();

        Assert.Equal(
            [(ward.DeskId, startedAt.AddSeconds(1), startedAt.AddSeconds(31)), (ward.NeighbourhoodId, startedAt.AddSeconds(40), startedAt.AddSeconds(50)),
             (ward.DeskId, startedAt.AddSeconds(50), (DateTimeOffset?)null)],
            shifts.Select(s => (s.PlaceId, s.CheckedInAt, s.CheckedOutAt)));
        Assert.Equal(TimeSpan.FromSeconds(30 + 10 + 5), CheckInInterval.Total(shifts, startedAt.AddSeconds(55), null));
        Assert.Equal(TimeSpan.FromSeconds(30 + 10 + 2), CheckInInterval.Total(shifts, startedAt.AddSeconds(55), startedAt.AddSeconds(52)));
    }

    [Fact]
    public async Task A_resent_check_in_or_check_out_answers_the_same_shift_and_makes_no_second()
    {
        var (_, ward, day) = await FirstVolunteer();
        var at = DateTimeOffset.UtcNow;

        var checkedIn = await day.CheckIn(ward.DeskId, at, "tap-in");
        var closed = await day.CheckOut(at.AddSeconds(5), "tap-out");
        var inAgain = await day.CheckIn(ward.DeskId, at, "tap-in");
        var outAgain = await day.CheckOut(at.AddSeconds(5), "tap-out");

        Assert.Equal(checkedIn.CheckedInAt, inAgain.CheckedInAt);
        Assert.Equal(closed, outAgain);
        Assert.Single(await day.GetShifts());
        Assert.Equal(0, (await day.GetTally()).OnDuty);
    }

    [Fact]
    public async Task A_tap_ahead_of_the_servers_clock_beyond_the_skew_is_refused_as_clock_trouble()
    {
        var (_, ward, day) = await FirstVolunteer();
        var now = DateTimeOffset.UtcNow;

        var checkIn = await Assert.ThrowsAsync<DomainException>(() => day.CheckIn(ward.DeskId, now + VolunteerDayGrain.ClockSkew + TimeSpan.FromMinutes(1), "ahead"));
        var withinSkew = await day.CheckIn(ward.DeskId, now + VolunteerDayGrain.ClockSkew - TimeSpan.FromMinutes(1), "slightly-ahead");
        var checkOut = await Assert.ThrowsAsync<DomainException>(() => day.CheckOut(now + TimeSpan.FromHours(2), "far-ahead"));
        var help = (await day.Log([CampaignScenario.Help("ahead-help") with { OccurredAt = now + TimeSpan.FromHours(1) }]))[0];

        Assert.Equal(("CLOCK_SKEW", "at"), (checkIn.Code, checkIn.Field));
        Assert.Equal(("CLOCK_SKEW", "at"), (checkOut.Code, checkOut.Field));
        Assert.Equal(("CLOCK_SKEW", "occurredAt"), (help.Error!.Code, help.Error.Field));
        Assert.Null(withinSkew.CheckedOutAt);
        Assert.Single(await day.GetShifts());
    }

    [Fact]
    public async Task A_tap_before_the_start_or_before_the_last_tap_is_refused_with_the_field()
    {
        var (scenario, ward, day) = await FirstVolunteer();
        var startedAt = (await scenario.Campaign.Get())!.StartedAt!.Value;

        var beforeStart = await Assert.ThrowsAsync<DomainException>(() => day.CheckIn(ward.DeskId, startedAt - VolunteerDayGrain.ClockSkew - TimeSpan.FromMinutes(1)));
        await day.CheckIn(ward.DeskId, startedAt.AddSeconds(2));
        var outBeforeIn = await Assert.ThrowsAsync<DomainException>(() => day.CheckOut(startedAt.AddSeconds(1)));

        Assert.Equal(("INVALID", "at"), (beforeStart.Code, beforeStart.Field));
        Assert.Contains("started", beforeStart.Message, StringComparison.Ordinal);
        Assert.Equal(("INVALID", "at"), (outBeforeIn.Code, outBeforeIn.Field));
        Assert.Null((await day.GetShift())!.CheckedOutAt);
    }

    [Fact]
    public async Task A_day_made_offline_and_synced_after_the_close_within_the_grace_is_taken_whole()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        var ward = scenario.Wards[0];
        var volunteer = ward.Teams[0].VolunteerIds[0];
        var startedAt = (await scenario.Campaign.Get())!.StartedAt!.Value;
        var tapIn = startedAt.AddMilliseconds(10);
        var tapOut = startedAt.AddMilliseconds(80);
        await Task.Delay(200);
        var closed = await scenario.Campaign.Close(TimeSpan.FromHours(1));
        var day = scenario.Day(volunteer);

        var shift = await day.CheckIn(ward.DeskId, tapIn, "late-in");
        var helps = await day.Log([.. Enumerable.Range(0, 5).Select(i => CampaignScenario.Help($"late-{i}") with { OccurredAt = tapIn.AddMilliseconds(10 * i) })]);
        var ended = await day.CheckOut(tapOut, "late-out");
        var afterClose = await Assert.ThrowsAsync<DomainException>(() => day.CheckIn(ward.NeighbourhoodId, closed.ClosedAt!.Value.AddSeconds(1)));

        Assert.Equal((tapIn, tapOut), (shift.CheckedInAt, ended.CheckedOutAt!.Value));
        Assert.All(helps, h => Assert.NotNull(h.Receipt));
        Assert.Equal(("CONFLICT", "campaignId"), (afterClose.Code, afterClose.Field));
        Assert.Equal(5, (await day.GetTally()).Helps);
        var reconciliation = await scenario.ReconcileWhenSettled();
        Assert.True(reconciliation.Exact);
        Assert.Equal(5, reconciliation.Records);
    }

    [Fact]
    public async Task A_check_out_tapped_after_the_close_ends_the_shift_at_the_close_and_nothing_is_taken_after_the_grace()
    {
        var graced = await CampaignScenario.Create(fixture.Grains);
        var ended = await CampaignScenario.Create(fixture.Grains);
        var forgot = graced.Day(graced.Wards[0].Teams[0].VolunteerIds[0]);
        var tooLate = ended.Day(ended.Wards[0].Teams[0].VolunteerIds[0]);
        await forgot.CheckIn(graced.Wards[0].DeskId);
        await tooLate.CheckIn(ended.Wards[0].DeskId);
        var closedAt = (await graced.Campaign.Close(TimeSpan.FromHours(1))).ClosedAt!.Value;
        await ended.Campaign.Close(TimeSpan.Zero);
        await Task.Delay(50);

        var shift = await forgot.CheckOut();
        var refused = await Assert.ThrowsAsync<DomainException>(() => tooLate.CheckOut());

        Assert.Equal(closedAt, shift.CheckedOutAt);
        Assert.Equal(("CONFLICT", "campaignId"), (refused.Code, refused.Field));
        Assert.Contains("were taken until", refused.Message, StringComparison.Ordinal);
        Assert.Null((await tooLate.GetShift())!.CheckedOutAt);
    }

    /// <summary>A fresh running campaign, its first ward and the day of that ward's first volunteer.</summary>
    private async Task<(CampaignScenario Scenario, CampaignScenario.Ward Ward, IVolunteerDayGrain Day)> FirstVolunteer()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        var ward = scenario.Wards[0];
        return (scenario, ward, scenario.Day(ward.Teams[0].VolunteerIds[0]));
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteVolunteerDayTests(ClusterFixture fixture) : VolunteerDayTests(fixture);
