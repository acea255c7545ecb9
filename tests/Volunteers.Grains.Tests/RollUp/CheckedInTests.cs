using Volunteers.Tallies;
using Volunteers.Volunteering;

namespace Volunteers.Tests.RollUp;

/// <summary>
/// Checked-in volunteers at scale: counted on duty by the levels that hold their tallies, with no
/// activation, timer or call of their own while they are idle.
/// </summary>
[Collection(SqliteCluster.Name)]
public sealed class CheckedInTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Checked_in_volunteers_stay_on_duty_with_their_grains_collected_and_leave_the_count_at_check_out()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, volunteersPerTeam: 3);
        await scenario.CheckEveryoneIn();
        var everyone = scenario.VolunteerIds.Count();
        await Eventually.Holds(async () => (await scenario.Level(scenario.CampaignId).Get()).OnDuty == everyone);

        foreach (var volunteerId in scenario.VolunteerIds)
        {
            await fixture.Cluster.DeactivateAsync(scenario.Day(volunteerId));
        }

        // Every level answers from the tallies it holds: no volunteer is activated to count them.
        Assert.Equal(everyone, (await scenario.Level(scenario.CampaignId).Get()).OnDuty);
        Assert.Equal(3, (await scenario.Level(scenario.Wards[0].Teams[0].Id).Get()).OnDuty);
        Assert.Equal(3, (await scenario.Level(scenario.Wards[0].Teams[0].Id).Children()).Values.Sum(t => t.OnDuty));
        Assert.Empty(await ActiveDays(scenario.CampaignId));

        var leaving = scenario.Wards[1].Teams[0].VolunteerIds[0];
        await scenario.Day(leaving).CheckOut();

        await Eventually.Holds(async () => (await scenario.Level(scenario.CampaignId).Get()).OnDuty == everyone - 1);
        Assert.Equal(2, (await scenario.Level(scenario.Wards[1].Id).Get()).OnDuty);
        Assert.Equal([Ids.Scoped(scenario.CampaignId, leaving)], await ActiveDays(scenario.CampaignId));
    }

    [Fact]
    public async Task A_level_whose_children_are_slow_answers_what_it_holds_and_passes_up_only_a_whole_sum()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        await scenario.CheckEveryoneIn();
        var ward = scenario.Wards[2];
        var volunteer = ward.Teams[0].VolunteerIds[0];
        await scenario.Day(volunteer).Log([CampaignScenario.Help("slow-1"), CampaignScenario.Help("slow-2", "scan")]);
        Assert.True((await scenario.ReconcileWhenSettled()).Exact);
        var wholeDistrict = await scenario.Level(ward.DistrictId).Get();
        // The reconcile's recount has every volunteer report once more; landing after the team level is gone,
        // those reports would bring it back whole (a full run saw pending 0), so they land first.
        await Task.Delay(CoalescedReportWindow);

        await using (var loads = new BusyVolunteerLoads(fixture))
        {
            await fixture.Cluster.DeactivateAsync(scenario.Level(ward.Teams[0].Id));
            await fixture.Cluster.DeactivateAsync(scenario.Level(ward.Id));

            var started = DateTime.UtcNow;
            var partial = await scenario.Level(ward.Id).Get();

            // Answered within the bound, far from Orleans' 30 s, saying that the team's volunteers have not answered.
            Assert.True(DateTime.UtcNow - started < TallyGrain.WholeWithin * 5, $"The read took {DateTime.UtcNow - started}.");
            Assert.Equal(ward.Teams[0].VolunteerIds.Count, partial.Pending);
            Assert.Equal(0, partial.Helps);
            Assert.False(partial.IsWhole);
            // The team's rows are its volunteers, each pending until it answers, and add up to the team's total.
            var team = await scenario.Level(ward.Teams[0].Id).Get();
            var rows = await scenario.Level(ward.Teams[0].Id).Children();
            Assert.Equal((ward.Teams[0].VolunteerIds.Count, team.Pending), (rows.Count, rows.Values.Sum(r => r.Pending)));
            // The district keeps the whole sum it held: the ward never passed the partial one up.
            await Task.Delay(CoalescedReportWindow);
            var district = await scenario.Level(ward.DistrictId).Get();
            Assert.Equal((wholeDistrict.Version, wholeDistrict.Helps, wholeDistrict.OnDuty, 0), (district.Version, district.Helps, district.OnDuty, district.Pending));

            loads.Release();
            await Eventually.Holds(async () => (await scenario.Level(ward.Id).Held()).IsWhole);
            var whole = await scenario.Level(ward.Id).Get();
            Assert.Equal(2, whole.Helps);
            Assert.Equal(ward.Teams[0].VolunteerIds.Count, whole.OnDuty);
        }
        Assert.True((await scenario.ReconcileWhenSettled()).Exact);
    }

    [Fact]
    public async Task A_child_level_that_went_away_is_asked_again_by_its_parent_without_any_volunteer_beating()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains);
        await scenario.CheckEveryoneIn();
        var everyone = scenario.VolunteerIds.Count();
        await Eventually.Holds(async () => (await scenario.Level(scenario.CampaignId).Get()).OnDuty == everyone);
        var team = scenario.Wards[3].Teams[0].Id;
        foreach (var volunteerId in scenario.VolunteerIds)
        {
            await fixture.Cluster.DeactivateAsync(scenario.Day(volunteerId));
        }
        await fixture.Cluster.DeactivateAsync(scenario.Level(team));
        Assert.DoesNotContain(Ids.Scoped(scenario.CampaignId, team), await Active(nameof(TallyGrain), scenario.CampaignId));

        await Task.Delay(new RollUpOptions().AskLevelsEvery + TimeSpan.FromSeconds(2));

        // Its ward asked it, so it is active again and whole, having asked its own volunteers once.
        Assert.Contains(Ids.Scoped(scenario.CampaignId, team), await Active(nameof(TallyGrain), scenario.CampaignId));
        Assert.True((await scenario.Level(team).Held()).IsWhole);
        Assert.Equal(everyone, (await scenario.Level(scenario.CampaignId).Get()).OnDuty);
    }

    /// <summary>Longer than a few levels' coalescing, so a partial sum sent up would have arrived.</summary>
    private static readonly TimeSpan CoalescedReportWindow = TimeSpan.FromMilliseconds(500);

    private Task<List<string>> ActiveDays(string campaignId) => Active(nameof(VolunteerDayGrain), campaignId);

    private async Task<List<string>> Active(string grainClass, string campaignId)
    {
        var statistics = await fixture.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return [.. statistics
            .Where(s => s.GrainType.Contains(grainClass, StringComparison.Ordinal))
            .Select(s => s.GrainId.Key.ToString()!)
            .Where(key => key.StartsWith(campaignId + "/", StringComparison.Ordinal))];
    }
}
