using Microsoft.Extensions.DependencyInjection;
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

        // A silo restarting under a large campaign: every volunteer load of the silo is taken.
        var loads = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<VolunteerLoads>();
        var databaseAnswers = new TaskCompletionSource<Tally>(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = Enumerable.Range(0, VolunteerLoads.AtOnce).Select(_ => loads.Run(() => databaseAnswers.Task)).ToList();
        try
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
            // The district keeps the whole sum it held: the ward never passed the partial one up.
            await Task.Delay(CoalescedReportWindow);
            var district = await scenario.Level(ward.DistrictId).Get();
            Assert.Equal((wholeDistrict.Version, wholeDistrict.Helps, wholeDistrict.OnDuty, 0), (district.Version, district.Helps, district.OnDuty, district.Pending));

            databaseAnswers.SetResult(Tally.Empty);
            await Eventually.Holds(async () => (await scenario.Level(ward.Id).Held()).IsWhole);
            var whole = await scenario.Level(ward.Id).Get();
            Assert.Equal(2, whole.Helps);
            Assert.Equal(ward.Teams[0].VolunteerIds.Count, whole.OnDuty);
        }
        finally
        {
            databaseAnswers.TrySetResult(Tally.Empty);
            await Task.WhenAll(busy);
        }
        Assert.True((await scenario.ReconcileWhenSettled()).Exact);
    }

    /// <summary>Longer than a few levels' coalescing, so a partial sum sent up would have arrived.</summary>
    private static readonly TimeSpan CoalescedReportWindow = TimeSpan.FromMilliseconds(500);

    private async Task<List<string>> ActiveDays(string campaignId)
    {
        var statistics = await fixture.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return [.. statistics
            .Where(s => s.GrainType.Contains(nameof(VolunteerDayGrain), StringComparison.Ordinal))
            .Select(s => s.GrainId.Key.ToString()!)
            .Where(key => key.StartsWith(campaignId + "/", StringComparison.Ordinal))];
    }
}
