using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace Volunteers.Tests.Cluster;

/// <summary>
/// Two silo processes and the api as a client under a steady load of logs, and then a failure:
/// nothing acknowledged may be lost or doubled, and every count must reconcile again.
/// </summary>
public sealed class FailureTests(ITestOutputHelper output)
{
    private const int Phones = 12;
    private static readonly TimeSpan _before = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _healBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_silo_killed_mid_load_loses_no_acknowledged_log_and_counts_reconcile_again()
    {
        var load = await RunAsync("silo SIGKILL", cluster =>
        {
            cluster.Silos[0].Kill();
            return Task.CompletedTask;
        });

        // A request in flight to the killed silo is answered UNAVAILABLE at once, not after Orleans' 30 s
        // response timeout, nor left for the phone's own 10 s timeout to give up on.
        Assert.Equal(0, load.TimedOut);
        Assert.True(load.LongestAttempt < TimeSpan.FromSeconds(8), $"the longest request took {load.LongestAttempt}");
    }

    [Fact]
    public async Task PostgreSQL_restarted_mid_load_keeps_acknowledged_logs_and_counts_retries_once()
    {
        var server = await PostgresServer.Shared;
        await RunAsync("PostgreSQL restart", _ => server.RestartAsync());
    }

    private async Task<PhoneLoad> RunAsync(string failure, Func<ProcessCluster, Task> fail)
    {
        var started = Stopwatch.StartNew();
        await using var cluster = await ProcessCluster.StartAsync(await PostgresServer.Shared, silos: 2);
        using var graph = await cluster.OrganiserAsync("Thành phố Thử");
        var campaign = await ClusterCampaign.CreateAsync(graph, Phones);
        var startup = started.Elapsed;

        var load = new PhoneLoad(graph, campaign);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        await Task.Delay(_before);
        var steadyRate = load.Acknowledged.Count / load.Elapsed.TotalSeconds;

        var failedAt = load.Elapsed;
        var failedAtUtc = DateTime.UtcNow;
        await fail(cluster);
        var failDone = DateTime.UtcNow - failedAtUtc;
        var countsBack = await FirstSuccessAsync(() => graph.SendAsync("query($c: ID!) { counts(campaignId: $c) { helps } }", new { c = campaign.CampaignId }));
        TimeSpan? logsBack;
        while ((logsBack = load.LongestOutageAround(failedAt)) is null && load.Elapsed - failedAt < _healBound)
        {
            await Task.Delay(100);
        }
        // A few seconds of load after recovery, so the healed cluster is under load too.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await running;
        logsBack = load.LongestOutageAround(failedAt);
        var reconciledAfter = await ReconcileWhenExactAsync(graph, campaign, load.Elapsed - failedAt);

        var stored = await StoredRecordsAsync(cluster.ConnectionString, campaign.CampaignId);
        var lost = load.Acknowledged.Keys.Where(id => !stored.Contains(id)).ToList();
        var counts = await graph.SendAsync("query($c: ID!) { counts(campaignId: $c) { helps } }", new { c = campaign.CampaignId });

        var report = string.Join(Environment.NewLine,
            $"## {failure} ({DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC)",
            $"- cluster of 2 silos + api started and campaign created in {startup.TotalSeconds:F1} s",
            $"- steady ingest before the failure: {steadyRate:F0} logHelp/s with {Phones} concurrent phones over HTTP",
            $"- longest wait of a phone between two acknowledged logs: {Seconds(logsBack)}; counts served again after {Seconds(countsBack)}; reconcile exact after {Seconds(reconciledAfter.After)}",
            $"- acknowledged {load.Acknowledged.Count}, stored {stored.Count}, acknowledged but lost {lost.Count}, retries {load.Retries}",
            $"- longest single request {Seconds(load.LongestAttempt)}; requests the phones gave up on after 10 s: {load.TimedOut}",
            "- timeline (seconds from the failure; Orleans' membership and connection entries of every process, and the phones):",
            Timeline(cluster, load, failedAt, failedAtUtc, failDone),
            "");
        output.WriteLine(report);
        await WriteResultAsync(report);

        Assert.Empty(lost);
        Assert.NotNull(logsBack);
        Assert.NotNull(countsBack);
        Assert.True(reconciledAfter.Exact, $"reconcile not exact within {_healBound.TotalSeconds} s: {reconciledAfter.Last}");
        Assert.Equal(stored.Count, reconciledAfter.Records);
        Assert.Equal(stored.Count, counts.GetProperty("counts").GetProperty("helps").GetInt32());
        // Every record sent was retried until acknowledged, so the database holds exactly those.
        Assert.Equal(load.Acknowledged.Count, stored.Count);
        return load;
    }

    /// <summary>
    /// Where the outage's seconds went: the processes' entries up to the moment the slowest phone was served again,
    /// beside when the phones first failed and when the slowest one's outage began and ended.
    /// </summary>
    private static string Timeline(ProcessCluster cluster, PhoneLoad load, TimeSpan failedAt, DateTime failedAtUtc, TimeSpan failDone)
    {
        var gap = load.LongestGapAround(failedAt);
        var until = gap is { } g ? g.End - failedAt + TimeSpan.FromSeconds(0.5) : _healBound;
        var lines = FailureTimeline.Entries([.. cluster.Silos, cluster.Api], failedAtUtc, until).Take(MaxTimelineEntries).ToList();
        lines.Add((TimeSpan.Zero, "test: the failure begins"));
        lines.Add((failDone, "test: the failure's command returned (SIGKILL sent, or PostgreSQL restarted)"));
        if (load.FirstFailureAfter(failedAt) is { } failure)
        {
            lines.Add((failure - failedAt, "phones: first request answered with an error"));
        }
        if (gap is { } slowest)
        {
            lines.Add((slowest.Start - failedAt, "phones: the slowest phone's last log acknowledged before its outage"));
            lines.Add((slowest.End - failedAt, "phones: the slowest phone's first log acknowledged again"));
        }
        return string.Join(Environment.NewLine, lines.OrderBy(line => line.After).Select(line => FailureTimeline.Format(line.After, line.Line)));
    }

    private const int MaxTimelineEntries = 40;

    private static async Task<TimeSpan?> FirstSuccessAsync(Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < _healBound)
        {
            try
            {
                await call();
                return clock.Elapsed;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or GraphErrorException)
            {
                await Task.Delay(100);
            }
        }
        return null;
    }

    private static async Task<(bool Exact, int Records, TimeSpan? After, string Last)> ReconcileWhenExactAsync(GraphClient graph, ClusterCampaign campaign, TimeSpan sinceFailure)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < _healBound)
        {
            try
            {
                var reconciliation = (await graph.SendAsync(
                    "query($c: ID!) { reconcile(campaignId: $c) { exact records mismatches { scopeId expectedHelps actualHelps } } }",
                    new { c = campaign.CampaignId })).GetProperty("reconcile");
                last = reconciliation.ToString();
                if (reconciliation.GetProperty("exact").GetBoolean())
                {
                    return (true, reconciliation.GetProperty("records").GetInt32(), sinceFailure + clock.Elapsed, last);
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or GraphErrorException or JsonException)
            {
                last = exception.Message;
            }
            await Task.Delay(250);
        }
        return (false, 0, null, last);
    }

    private static async Task<HashSet<string>> StoredRecordsAsync(string connectionString, string campaignId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT record_id FROM help_record WHERE campaign_id = @c", connection);
        command.Parameters.AddWithValue("c", campaignId);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        var distinct = ids.ToHashSet(StringComparer.Ordinal);
        Assert.Equal(ids.Count, distinct.Count);
        return distinct;
    }

    private static string Seconds(TimeSpan? span) => span is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s.TotalSeconds:F1} s") : "never";

    private static async Task WriteResultAsync(string report)
    {
        var results = Directory.CreateDirectory(Path.Combine(ProcessCluster.RepositoryRoot, "TestResults"));
        await File.AppendAllTextAsync(Path.Combine(results.FullName, "cluster-recovery.md"), report + Environment.NewLine);
    }
}
