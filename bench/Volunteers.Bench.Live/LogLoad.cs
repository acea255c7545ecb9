using System.Diagnostics;

namespace Volunteers.Bench.Live;

/// <summary>Logs one help at a time at a steady rate, round the volunteers, noting when each was acknowledged.</summary>
internal static class LogLoad
{
    public static async Task<(int Logs, TimeSpan Elapsed)> RunAsync(HttpClient client, District district, Dashboards dashboards, BenchOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        var logs = 0;
        while (Stopwatch.GetElapsedTime(started) < options.Duration)
        {
            var due = TimeSpan.FromSeconds(logs / options.LogsPerSecond) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
            var (volunteerId, _) = district.Volunteers[logs % district.Volunteers.Count];
            await District.GraphQLAsync(client, """
                mutation($c: ID!, $v: ID!, $r: ID!) {
                  logHelp(campaignId: $c, volunteerId: $v, help: { recordId: $r, service: "account", channel: DOOR_TO_DOOR, outcome: DONE, minutes: 5 }) { recordId }
                }
                """, new { c = district.CampaignId, v = volunteerId, r = $"bench-{logs}" });
            logs++;
            Volatile.Write(ref dashboards.AcknowledgedAt[logs], Stopwatch.GetTimestamp());
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        // The last logs count too: wait (boundedly) until every dashboard has seen them.
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        while (dashboards.Slowest < logs && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50);
        }
        return (logs, elapsed);
    }
}
