using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Volunteers.Tallies;

namespace Volunteers.Tests.RollUp;

/// <summary>
/// A cluster of its own, since the test stops it. Its silo counts every report sent up the tree and every ask a
/// level sends its children, and its levels ask every 20 ms, so some ask while the silo deactivates its grains.
/// </summary>
public sealed class ReportCountingCluster : ClusterFixture
{
    public ConcurrentQueue<(DateTime At, bool Failed)> Reports { get; } = new();

    public ConcurrentQueue<(DateTime At, bool Failed)> Asks { get; } = new();

    protected override void Configure(ISiloBuilder silo)
    {
        silo.Services.Configure<RollUpOptions>(options => options.AskLevelsEvery = TimeSpan.FromMilliseconds(20));
        silo.AddOutgoingGrainCallFilter(async call =>
        {
            var calls = call.MethodName switch
            {
                nameof(ITallyGrain.Report) or nameof(ITallyGrain.ReportFromLevel) => Reports,
                nameof(ITallyGrain.Held) => Asks,
                _ => null,
            };
            if (calls is null)
            {
                await call.Invoke();
                return;
            }
            try
            {
                await call.Invoke();
                calls.Enqueue((DateTime.UtcNow, false));
            }
            catch
            {
                calls.Enqueue((DateTime.UtcNow, true));
                throw;
            }
        });
    }
}

public sealed class ShutdownTests(ReportCountingCluster fixture) : IClassFixture<ReportCountingCluster>
{
    [Fact]
    public async Task Idle_checked_in_volunteers_send_nothing_and_a_stopping_silo_meets_no_retry_storm()
    {
        // 16 teams of 20: at the old 10 s heartbeat, 320 volunteers sent ~32 reports a second while idle.
        var scenario = await CampaignScenario.Create(fixture.Grains, teamsPerWard: 4, volunteersPerTeam: 20);
        await scenario.CheckEveryoneIn();
        var everyone = scenario.VolunteerIds.Count();
        await Eventually.Holds(async () => (await scenario.Level(scenario.CampaignId).Get()).OnDuty == everyone);
        await Task.Delay(TimeSpan.FromSeconds(1));
        // The filter sees the reports: the check-ins sent one a volunteer.
        Assert.True(fixture.Reports.Count >= everyone, $"{fixture.Reports.Count} reports seen for {everyone} check-ins.");

        // Longer than the 10 s heartbeat every volunteer beat before, so one beat each would fall in it. The levels
        // above the teams go on asking their children meanwhile, and an answer that changes nothing sends nothing up.
        var quietFrom = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(11));
        Assert.DoesNotContain(fixture.Reports, r => r.At >= quietFrom);
        Assert.Contains(fixture.Asks, a => a.At >= quietFrom && !a.Failed);

        // Half of them log just before the stop, so changes are still on their way up as it begins.
        foreach (var volunteerId in scenario.VolunteerIds.Where((_, i) => i % 2 == 0))
        {
            await scenario.Day(volunteerId).Log([CampaignScenario.Help($"last-{volunteerId}")]);
        }
        var stoppingFrom = DateTime.UtcNow;
        await fixture.Cluster.StopAllSilosAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));

        var duringStop = fixture.Reports.Where(r => r.At >= stoppingFrom).ToList();
        // Each volunteer that changed and each level tries at most twice (its coalesced report, then once as it
        // deactivates); the idle half, which beat every 10 s before, sends nothing, and nothing retries each second.
        var levels = scenario.Teams.Count() + scenario.Wards.Count + scenario.DistrictIds.Count + 2;
        Assert.True(duringStop.Count <= 2 * (everyone / 2 + levels), $"{duringStop.Count} reports during the stop, {duringStop.Count(r => r.Failed)} failed.");
        // A level asking a child that was deactivated already would place it anew on a silo that takes no activation.
        Assert.DoesNotContain(fixture.Asks, a => a.At >= stoppingFrom && a.Failed);
    }
}
