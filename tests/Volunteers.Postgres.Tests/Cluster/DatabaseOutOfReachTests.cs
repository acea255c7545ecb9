namespace Volunteers.Tests.Cluster;

/// <summary>
/// The processes of a cluster run against a database out of reach, as compose would on a wrong connection string. A
/// silo or its migrate step ends on one line that says why, and exits with 1; before, each ended on an unhandled
/// exception (exit 134) with the reason under a stack trace. An api waits for its cluster, as it must during a full
/// restart, and says what it waits on; before, it said nothing.
/// </summary>
public sealed class DatabaseOutOfReachTests
{
    [Fact]
    public Task Migrate_says_it_could_not_and_exits_with_1() =>
        AssertSaysAndExits("Could not migrate the database: Failed to connect to 127.0.0.1:", "migrate");

    [Fact]
    public Task A_silo_says_it_could_not_start_and_exits_with_1() =>
        AssertSaysAndExits("Could not start, and stopped what it could: Failed to connect to 127.0.0.1:");

    [Fact]
    public async Task An_api_waits_for_the_cluster_says_what_it_waits_on_and_stops_cleanly_when_told()
    {
        await using var cluster = ProcessCluster.OutOfReach();
        var api = cluster.StartApi();

        var said = await api.SaidAsync("Waiting for the cluster, attempt 1", TimeSpan.FromSeconds(60));
        Assert.Contains("Failed to connect to 127.0.0.1:", said, StringComparison.Ordinal);

        // As compose stops it during a full restart: a stop asked for, not a failure.
        Assert.Equal(0, await api.StopAsync());
        Assert.DoesNotContain("Could not start", api.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", api.Output, StringComparison.Ordinal);
    }

    private static async Task AssertSaysAndExits(string says, params string[] arguments)
    {
        await using var cluster = ProcessCluster.OutOfReach();

        var (exitCode, output) = await cluster.RunSiloAsync(arguments);

        Assert.True(exitCode == 1, $"exited with {exitCode}:\n{output}");
        Assert.Contains(says, ProcessCluster.LastEntry(output), StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }
}
