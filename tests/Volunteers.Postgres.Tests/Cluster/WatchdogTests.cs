namespace Volunteers.Tests.Cluster;

/// <summary>
/// A silo's start logs no stall that did not happen: Orleans' watchdog used to report the machine's uptime as
/// "Participant check thread has not completed for 05:53:56" at start (see WatchdogStartupRace). Whether a start
/// loses that race depends on thread scheduling; WatchdogLoggingTests (api tests) checks the filter itself.
/// </summary>
public sealed class WatchdogTests
{
    [Fact]
    public async Task A_started_silo_logs_no_participant_check_stall()
    {
        await using var cluster = await ProcessCluster.StartAsync(await PostgresServer.Shared, silos: 1);
        // The watchdog's first check runs as it starts, before the silo is ready; it checks every second after.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var log = cluster.Silos[0].Output;

        // Orleans' warnings reach this log (appsettings: Orleans at Warning), and its membership entries show it ran.
        Assert.Contains("Orleans.Runtime.MembershipService", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Participant check thread has not completed", log, StringComparison.Ordinal);
    }
}
