using System.Diagnostics;

namespace Volunteers.Bench.Live;

/// <summary>Logs helps at a steady rate, up to <see cref="BenchOptions.InFlight"/> at once, round the volunteers, noting when each was acknowledged.</summary>
internal static class LogLoad
{
    public static async Task<(int Logs, TimeSpan Elapsed)> RunAsync(District district, Dashboards dashboards, BenchOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        var sent = 0;
        var acknowledged = 0;
        using var gate = new SemaphoreSlim(options.InFlight);
        var logging = new List<Task>();
        while (Stopwatch.GetElapsedTime(started) < options.Duration)
        {
            var due = TimeSpan.FromSeconds(sent / options.LogsPerSecond) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
            await gate.WaitAsync();
            logging.Add(LogAsync(sent++));
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

        async Task LogAsync(int log)
        {
            try
            {
                var volunteer = district.Members[log % district.Members.Count];
                await volunteer.Api.Data("""
                    mutation($c: ID!, $v: ID!, $r: ID!) {
                      logHelp(campaignId: $c, volunteerId: $v, help: { recordId: $r, service: "account", channel: DOOR_TO_DOOR, outcome: DONE, minutes: 5 }) { recordId }
                    }
                    """, new { c = district.CampaignId, v = volunteer.Id, r = $"bench-{log}" });
                // Acknowledgements can overtake each other; the campaign's count after the nth is what a dashboard shows.
                Volatile.Write(ref dashboards.AcknowledgedAt[Interlocked.Increment(ref acknowledged)], Stopwatch.GetTimestamp());
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
