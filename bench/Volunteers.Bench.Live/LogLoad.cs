using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Volunteers.Bench.Live;

/// <summary>
/// Logs helps at a steady rate of records, in requests of <see cref="BenchOptions.Batch"/>, up to
/// <see cref="BenchOptions.InFlight"/> requests at once, round the volunteers, noting when each record was acknowledged.
/// <para>Each request in flight is a thread of its own sending synchronously on a connection of its own: the
/// dashboards' sockets keep the thread pool of this process busy, and a phone's answer queued behind their messages
/// was noted late or its next log sent late (2.9 of 20 logs/s went out beside 10,000 dashboards).</para>
/// </summary>
internal static class LogLoad
{
    private const string LogHelps = """
        mutation($c: ID!, $v: ID!, $h: [HelpInput!]!) { logHelps(campaignId: $c, volunteerId: $v, helps: $h) { recordId error { code message } } }
        """;

    /// <param name="before">Logs sent by an earlier run against the same campaign: this run's first is the one after them.</param>
    public static async Task<(int Logs, TimeSpan Elapsed)> RunAsync(District district, Dashboards dashboards, BenchOptions options, TimeSpan duration, int before)
    {
        using var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };
        var started = Stopwatch.GetTimestamp();
        var acknowledged = before;
        Exception? failed = null;
        var lanes = Enumerable.Range(0, options.InFlight)
            .Select(lane => new Thread(() => Lane(lane)) { IsBackground = true, Name = $"logs {lane}" })
            .ToList();
        lanes.ForEach(t => t.Start());
        await Task.Run(() => lanes.ForEach(t => t.Join()));
        if (failed is not null)
        {
            throw new InvalidOperationException("Logging failed", failed);
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        // The last logs count too: wait (boundedly) until every dashboard has seen them.
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        while (dashboards.Slowest < acknowledged && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50);
        }
        return (acknowledged - before, elapsed);

        // Lane k sends requests k, k + InFlight, …, each at the time the rate gives it, or at once when behind.
        void Lane(int lane)
        {
            for (var request = lane; Volatile.Read(ref failed) is null; request += options.InFlight)
            {
                var due = TimeSpan.FromSeconds(request * options.Batch / options.LogsPerSecond);
                if (due >= duration)
                {
                    return;
                }
                var wait = due - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    Thread.Sleep(wait);
                }
                try
                {
                    Log(request, before + request * options.Batch);
                }
                catch (Exception exception)
                {
                    Interlocked.CompareExchange(ref failed, exception, null);
                }
            }
        }

        void Log(int request, int first)
        {
            var volunteer = district.Members[request % district.Members.Count];
            var helps = Enumerable.Range(first, options.Batch)
                .Select(r => new { recordId = $"bench-{r}", service = "account", channel = "DOOR_TO_DOOR", outcome = "DONE", minutes = 5 });
            var body = JsonSerializer.Serialize(new { query = LogHelps, variables = new { c = district.CampaignId, v = volunteer.Id, h = helps } });
            using var message = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", volunteer.Api.AccessToken);
            using var response = http.Send(message);
            using var stream = response.Content.ReadAsStream();
            var answer = JsonNode.Parse(stream) ?? throw new InvalidOperationException($"logHelps: {(int)response.StatusCode} with no body");
            if (answer["errors"] is JsonArray { Count: > 0 } errors)
            {
                throw new InvalidOperationException(errors.ToJsonString());
            }
            // A refused record is not acknowledged: the run stops rather than count it.
            if (answer["data"]!["logHelps"]!.AsArray().FirstOrDefault(r => r!["error"] is JsonObject) is { } refused)
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
    }
}
