using System.Diagnostics;
using Volunteers.Tallies;

namespace Volunteers.Tests.RollUp;

public sealed class ReportWindowTests(CallCountingCluster fixture) : IClassFixture<CallCountingCluster>
{
    [Theory]
    [InlineData(1, 50)]
    [InlineData(10, 50)]
    [InlineData(11, 100)]
    [InlineData(100, 500)]
    public void A_level_among_more_siblings_than_a_parent_hears_at_full_pace_reports_less_often(int siblings, int windowMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(windowMs), TallyGrain.ReportWindow(siblings));

    [Fact]
    public async Task A_busy_team_among_eleven_in_its_ward_reports_to_the_ward_at_most_once_in_a_doubled_window()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, teamsPerWard: 11, volunteersPerTeam: 4);
        var team = scenario.Teams.First();
        foreach (var volunteerId in team.VolunteerIds)
        {
            await scenario.Day(volunteerId).CheckIn(team.Ward.DeskId);
        }
        var ward = scenario.Level(team.Ward.Id);
        await Eventually.Holds(async () => (await ward.Held()) is { Pending: 0 } held && held.OnDuty == team.VolunteerIds.Count);
        // The ward's other teams, activated as it asked them, each send a first report a window later.
        await Task.Delay(TallyGrain.ReportWindow(11) * 5);
        var target = ((GrainReference)ward).GrainId.Key.ToString()!;
        var before = fixture.Calls<ITallyGrain>(nameof(ITallyGrain.ReportFromLevel), target);

        // Four volunteers, each reporting at their day's pace, change the team several times in each of its windows.
        var logging = Stopwatch.StartNew();
        var logged = await Task.WhenAll(team.VolunteerIds.Select(async volunteerId =>
        {
            var count = 0;
            while (logging.Elapsed < TimeSpan.FromSeconds(1.5))
            {
                await scenario.Day(volunteerId).Log([CampaignScenario.Help($"{volunteerId}-{count++}")]);
                await Task.Delay(10);
            }
            return count;
        }));
        await Eventually.Holds(async () => (await ward.Get()).Helps == logged.Sum());
        var elapsed = logging.Elapsed;

        var reports = fixture.Calls<ITallyGrain>(nameof(ITallyGrain.ReportFromLevel), target) - before;
        var window = TallyGrain.ReportWindow(11);
        Assert.True(reports <= elapsed / window + 2, $"{reports} reports in {elapsed.TotalMilliseconds:F0} ms, windows of {window.TotalMilliseconds} ms");
    }
}
