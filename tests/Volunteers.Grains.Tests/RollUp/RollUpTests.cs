using System.Collections.Immutable;
using System.Diagnostics;
using Volunteers.Campaigns;
using Volunteers.Tallies;

namespace Volunteers.Tests.RollUp;

/// <summary>Runs on every database the platform supports; each binds it to a cluster on one.</summary>
public abstract class RollUpTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Helps_roll_up_through_team_ward_district_to_the_campaign()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, teamsPerWard: 2, volunteersPerTeam: 2);
        await scenario.CheckEveryoneIn();
        var first = scenario.Wards[0].Teams[0].VolunteerIds[0];
        var other = scenario.Wards[3].Teams[1].VolunteerIds[1];

        await scenario.Day(first).Log([CampaignScenario.Help("a1", minutes: 10), CampaignScenario.Help("a2", "cashless", 20)]);
        await scenario.Day(other).Log([CampaignScenario.Help("b1", Catalogue.OnlineApplication, 45, Channel.OneStopDesk)]);

        var settled = await scenario.ReconcileWhenSettled();
        Assert.True(settled.Exact, string.Join(", ", settled.Mismatches));
        Assert.Equal(3, settled.Records);
        // Reconcile compares helps, not check-ins, whose reports may still be on their way up (as in CheckedInTests).
        await Eventually.Holds(async () => (await scenario.Level(scenario.CampaignId).Get()).OnDuty == 16);

        var campaign = await scenario.Level(scenario.CampaignId).Get();
        Assert.Equal(3, campaign.Helps);
        Assert.Equal(75, campaign.Minutes);
        Assert.Equal(1, campaign.ByService["cashless"]);
        Assert.Equal(1, campaign.ByChannel["one-stop-desk"]);
        Assert.Equal(16, campaign.OnDuty);
        // Two teams stand at each ward's desk: four places, not eight.
        Assert.Equal(4, campaign.PlacesCovered);

        Assert.Equal(2, (await scenario.Level(scenario.Wards[0].DistrictId).Get()).Helps);
        Assert.Equal(2, (await scenario.Level(scenario.Wards[0].Id).Get()).Helps);
        Assert.Equal(2, (await scenario.Level(scenario.Wards[0].Teams[0].Id).Get()).Helps);
        Assert.Equal(0, (await scenario.Level(scenario.Wards[0].Teams[1].Id).Get()).Helps);
        Assert.Equal(1, (await scenario.Level(scenario.Wards[3].Id).Get()).Helps);
        Assert.Equal(1, (await scenario.Level(scenario.Wards[3].DistrictId).Get()).Helps);
    }

    [Fact]
    public async Task A_roster_id_whose_volunteer_is_not_written_yet_counts_as_nobody()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        await scenario.CheckEveryoneIn();
        var team = scenario.Wards[0].Teams[0];
        await scenario.Day(team.VolunteerIds[0]).Log([CampaignScenario.Help("n1")]);

        // As an import that stopped between the roster and the volunteers leaves it.
        await fixture.Grains.GetGrain<Teams.ITeamGrain>(team.Id).AddVolunteers([Ids.New(Ids.Volunteer)]);
        var rebuilt = await scenario.Level(scenario.CampaignId).Rebuild(deep: true);

        Assert.Equal(1, rebuilt.Helps);
        Assert.Equal(scenario.VolunteerIds.Count(), rebuilt.OnDuty);
        var settled = await scenario.ReconcileWhenSettled();
        Assert.True(settled.Exact, string.Join(", ", settled.Mismatches));
    }

    [Fact]
    public async Task An_older_report_arriving_late_does_not_replace_a_newer_one()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        var ward = scenario.Level(scenario.Wards[0].Id);
        var newer = Tally.Empty with { Version = 5, Helps = 7, ByService = ImmutableSortedDictionary<string, int>.Empty.Add("account", 7) };
        var older = Tally.Empty with { Version = 3, Helps = 4, ByService = ImmutableSortedDictionary<string, int>.Empty.Add("account", 4) };

        await ward.Report("t-latecomer1", newer, []);
        await ward.Report("t-latecomer1", older, []);
        await ward.Report("t-latecomer1", newer, []);

        Assert.Equal(7, (await ward.Get()).Helps);
        Assert.Equal(5, (await ward.Children())["t-latecomer1"].Version);
    }

    [Fact]
    public async Task A_level_still_asking_its_volunteers_takes_their_reports_and_answers_once_all_have()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        var team = scenario.Wards[1].Teams[0];
        var volunteer = team.VolunteerIds[0];
        foreach (var member in team.VolunteerIds)
        {
            await scenario.Day(member).CheckIn(team.Ward.DeskId);
        }
        await scenario.Day(volunteer).Log([CampaignScenario.Help("w1")]);
        Assert.True((await scenario.ReconcileWhenSettled()).Exact);

        await using (var loads = new BusyVolunteerLoads(fixture))
        {
            var level = scenario.Level(team.Id);
            await fixture.Cluster.DeactivateAsync(level);
            await scenario.Day(volunteer).Log([CampaignScenario.Help("w2", "cashless")]);

            // Reactivated by this report, the level cannot ask its volunteers yet, and takes the report all the same.
            // Its version is ahead of what the level will read from the volunteer, so the answer shows which one was kept.
            var reported = (await scenario.Day(volunteer).GetTally()) with { Version = 1_000 };
            await level.Report(volunteer, reported, []);
            var asked = Stopwatch.StartNew();
            var answer = level.Get();
            await level.Report(volunteer, reported, []);

            loads.Release();
            var first = await answer;
            // The level holds its answer back until its volunteers have answered, or for WholeWithin, when it answers
            // what it holds and says what is pending. A loaded machine can pass that bound before the release (one CI
            // run did), and then the whole sum is the next answer.
            if (!first.IsWhole)
            {
                Assert.True(asked.Elapsed >= TallyGrain.WholeWithin, $"A partial answer came after {asked.Elapsed}.");
                await Eventually.Holds(async () => (await level.Held()).IsWhole);
            }
            var total = first.IsWhole ? first : await level.Get();
            Assert.Equal(2, total.Helps);
            Assert.Equal(1, total.ByService["cashless"]);
            Assert.Equal(team.VolunteerIds.Count, total.OnDuty);
            Assert.Equal(reported.Version, (await level.Children())[volunteer].Version);
        }
        Assert.True((await scenario.ReconcileWhenSettled()).Exact);
    }

    [Fact]
    public async Task A_corrupted_level_is_rebuilt_from_the_records_below()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        await scenario.CheckEveryoneIn();
        var volunteer = scenario.Wards[1].Teams[0].VolunteerIds[0];
        await scenario.Day(volunteer).Log([CampaignScenario.Help("r1"), CampaignScenario.Help("r2")]);
        Assert.True((await scenario.ReconcileWhenSettled()).Exact);

        // A bogus report with a version from the future poisons the team, its ward and upwards.
        var team = scenario.Level(scenario.TeamOf(volunteer).Id);
        await team.Report(volunteer, Tally.Empty with { Version = 1_000_000, Helps = 500 }, []);
        var poisoned = await scenario.ReconcileWhenSettled(TimeSpan.FromSeconds(2));
        Assert.False(poisoned.Exact);
        Assert.Contains(poisoned.Mismatches, m => m.ScopeId == scenario.TeamOf(volunteer).Id && m.ActualHelps == 500);

        var rebuilt = await scenario.Level(scenario.CampaignId).Rebuild(deep: true);

        Assert.Equal(2, rebuilt.Helps);
        var reconciliation = await scenario.Reconcile();
        Assert.True(reconciliation.Exact, string.Join(", ", reconciliation.Mismatches));
    }

    [Fact]
    public async Task Levels_and_shifts_survive_deactivation()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        await scenario.CheckEveryoneIn();
        var volunteer = scenario.Wards[2].Teams[0].VolunteerIds[1];
        await scenario.Day(volunteer).Log([CampaignScenario.Help("s1", minutes: 7), CampaignScenario.Help("s2", "scan", 3)]);
        Assert.True((await scenario.ReconcileWhenSettled()).Exact);
        var shiftBefore = await scenario.Day(volunteer).GetShift();

        foreach (var grain in new IAddressable[]
                 {
                     scenario.Day(volunteer), scenario.Level(scenario.TeamOf(volunteer).Id), scenario.Level(scenario.Wards[2].Id),
                     scenario.Level(scenario.Wards[2].DistrictId), scenario.Level(scenario.ProvinceId), scenario.Level(scenario.CampaignId),
                 })
        {
            await fixture.Cluster.DeactivateAsync(grain);
        }

        Assert.Equal(shiftBefore, await scenario.Day(volunteer).GetShift());
        var tally = await scenario.Day(volunteer).GetTally();
        Assert.Equal(2, tally.Helps);
        Assert.Equal(10, tally.Minutes);
        Assert.Equal(2, (await scenario.Level(scenario.CampaignId).Get()).Helps);
        Assert.Equal(12, (await scenario.Level(scenario.CampaignId).Get()).OnDuty);
        Assert.True((await scenario.Reconcile()).Exact);
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteRollUpTests(ClusterFixture fixture) : RollUpTests(fixture);
