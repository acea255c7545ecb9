using System.Diagnostics;
using System.Globalization;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Volunteers.Tests.Cluster;

/// <summary>
/// A silo killed and started again takes a share of the work back: the grains it held were activated again on
/// the silo left, and Orleans' activation rebalancer moves some back.
/// </summary>
public sealed class RebalancingTests(ITestOutputHelper output)
{
    private const int Phones = 24;
    private static readonly TimeSpan _shareBound = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Orleans' pace made fit for a test: a first session 5 s after the rebalancer starts rather than a minute, a
    /// cycle every 3 s rather than 15, and the full step from the first cycle: the test's few dozen grains would
    /// otherwise round each cycle's move down to none.
    /// </summary>
    private static readonly Dictionary<string, string> _fastRebalancing = new()
    {
        ["Orleans__Rebalancer__RebalancerDueTime"] = "00:00:05",
        ["Orleans__Rebalancer__SessionCyclePeriod"] = "00:00:03",
        ["Orleans__Rebalancer__CycleNumberWeight"] = "1",
    };

    [Fact]
    public async Task A_restarted_silo_holds_a_share_of_the_activations_again()
    {
        await using var cluster = await ProcessCluster.StartAsync(await PostgresServer.Shared, silos: 2, _fastRebalancing);
        using var graph = await cluster.OrganiserAsync("Thành phố Thử");
        var campaign = await ClusterCampaign.CreateAsync(graph, Phones);
        await using var management = await ManagementClient.ConnectAsync(cluster);

        // Every phone logs until its grains answer again from the silo left.
        cluster.Silos[0].Kill();
        var load = new PhoneLoad(graph, campaign);
        using (var stop = new CancellationTokenSource())
        {
            var running = load.RunAsync(stop.Token);
            while (load.LongestOutageAround(TimeSpan.Zero) is null && load.Elapsed < _shareBound)
            {
                await Task.Delay(250);
            }
            await stop.CancelAsync();
            await running;
        }
        var beforeRestart = await management.PlatformActivationsAsync();
        var survivor = Assert.Single(beforeRestart).Key;

        var restartedAt = Stopwatch.StartNew();
        await cluster.StartSiloAsync("silo1-restarted");
        var ready = restartedAt.Elapsed;
        IReadOnlyDictionary<SiloAddress, int> now;
        SiloAddress? restarted = null;
        var share = 0.0;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            now = await management.PlatformActivationsAsync();
            restarted = now.Keys.SingleOrDefault(silo => !silo.Equals(survivor));
            var total = now.Values.Sum();
            share = restarted is null || total == 0 ? 0 : (double)now[restarted] / total;
        }
        while (share < 0.25 && restartedAt.Elapsed < _shareBound);

        var report = string.Join(Environment.NewLine,
            $"## restarted silo takes a share ({DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC)",
            $"- before the restart: {beforeRestart[survivor]} platform activations, all on the survivor",
            string.Create(CultureInfo.InvariantCulture, $"- restarted silo ready after {ready.TotalSeconds:F1} s; holds {share:P0} of the platform's activations after {restartedAt.Elapsed.TotalSeconds:F1} s: {string.Join(", ", now.Select(s => $"{s.Key}: {s.Value}"))}"),
            "");
        output.WriteLine(report);

        Assert.NotNull(restarted);
        Assert.True(share >= 0.25, $"the restarted silo holds {share:P0} of the activations after {_shareBound.TotalSeconds} s; {report}");
        // Moved grains answer: every phone has logs acknowledged again, on whichever silo its grains now live.
        var after = new PhoneLoad(graph, campaign);
        using var enough = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await after.RunAsync(enough.Token);
        Assert.All(campaign.VolunteerIds, volunteerId => Assert.Contains(after.Acknowledged.Keys, id => id.StartsWith(volunteerId + "-", StringComparison.Ordinal)));
    }
}
