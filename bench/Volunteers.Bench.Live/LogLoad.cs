using System.Diagnostics;

namespace Volunteers.Bench.Live;

/// <summary>
/// Logs helps at a steady rate of records, in requests of <see cref="BenchOptions.Batch"/>, up to
/// <see cref="BenchOptions.InFlight"/> requests at once, round the volunteers, noting when each record was acknowledged.
/// </summary>
internal static class LogLoad
{
    public static async Task<(int Logs, TimeSpan Elapsed)> RunAsync(District district, Dashboards dashboards, BenchOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        var sent = 0;
        var acknowledged = 0;
        using var gate = new SemaphoreSlim(options.InFlight);
        var logging = new List<Task>();
        for (var request = 0; Stopwatch.GetElapsedTime(started) < options.Duration; request++)
        {
            var due = TimeSpan.FromSeconds(sent / options.LogsPerSecond) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
            await gate.WaitAsync();
            logging.Add(LogAsync(request, sent));
            sent += options.Batch;
        }
        await Task.WhenAll(logging);
        var elapsed = Stopwatch.GetElapsedTime(started);
        // The last logs count too: wait (boundedly) until every dashboard has seen them.
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        while (dashboards.Slowest < acknowledged && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50);
        }
        return (acknowledged, elapsed);

        async Task LogAsync(int request, int first)
        {
            try
            {
                var volunteer = district.Members[request % district.Members.Count];
                var helps = Enumerable.Range(first, options.Batch)
                    .Select(r => new { recordId = $"bench-{r}", service = "account", channel = "DOOR_TO_DOOR", outcome = "DONE", minutes = 5 });
                var results = (await volunteer.Api.Data("""
                    mutation($c: ID!, $v: ID!, $h: [HelpInput!]!) { logHelps(campaignId: $c, volunteerId: $v, helps: $h) { recordId error { code message } } }
                    """, new { c = district.CampaignId, v = volunteer.Id, h = helps }))["logHelps"]!.AsArray();
                // A refused record is not acknowledged: the run stops rather than count it.
                if (results.FirstOrDefault(r => r!["error"] is System.Text.Json.Nodes.JsonObject) is { } refused)
                {
                    throw new InvalidOperationException($"A record was refused: {refused.ToJsonString()}");
                }
                // Acknowledgements can overtake each other; the campaign's count after the nth is what a dashboard shows.
                var last = Interlocked.Add(ref acknowledged, options.Batch);
                var at = Stopwatch.GetTimestamp();
                for (var n = last - options.Batch + 1; n <= last; n++)
                {
                    Volatile.Write(ref dashboards.AcknowledgedAt[n], at);
                }
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
