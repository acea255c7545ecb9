using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Volunteers.Bench;

/// <param name="Requests">Requests sent in the timed run, resends and failures included.</param>
/// <param name="ClientCpuSeconds">This bench's own CPU time over the timed run: it shares the cores with what it measures.</param>
/// <param name="Watched">The watched processes before the set-up, after it, before the timed run (after the warm-up) and after it.</param>
public sealed record IngestResult(
    string Label, int Batch, int Concurrency, long Acknowledged, long Requests, double Seconds, double P50, double P99, long Failures, bool Exact, int Records,
    double ClientCpuSeconds, District District, TimeSpan SetUp, IReadOnlyList<(string Name, ProcessStats Before, ProcessStats SetUp, ProcessStats Warm, ProcessStats Run)> Watched)
{
    public const string Header =
        "| store | batch | clients | acknowledged records | records/s | p50 ms | p99 ms | failed requests | reconcile exact | stored records | api CPU µs a request | bench CPU µs a request |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|";

    public const string GrowthHeader =
        "| store | volunteers (wards, teams) | set-up s | joins/s | set-up CPU ms a volunteer | RSS MB before set-up | after set-up | after run | acknowledged records | records/s | api CPU µs a request | p50 ms | p99 ms | failed requests | reconcile exact |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"| {Label} | {Batch} | {Concurrency} | {Acknowledged} | {Acknowledged / Seconds:0} | {P50:0.0} | {P99:0.0} | {Failures} | {Exact} | {Records} "
        + $"| {ApiCpuPerRequest} | {ClientCpuSeconds * 1e6 / Requests:0} |");

    /// <summary>
    /// The watched processes' CPU (utime + stime) over the timed run, a request; a dash when none is watched. The growth
    /// rows show it too: their records a second share two cores with the bench and others' load, so they alone do not say
    /// whether more volunteers cost the api more.
    /// </summary>
    private string ApiCpuPerRequest => Watched.Count == 0 ? "–"
        : (Watched.Sum(w => w.Run.CpuSeconds - w.Warm.CpuSeconds) * 1e6 / Requests).ToString("0", CultureInfo.InvariantCulture);

    public string GrowthRow => string.Create(CultureInfo.InvariantCulture,
        $"| {Label} | {District.Members.Count:N0} ({District.WardIds.Count}, {District.Teams}) | {SetUp.TotalSeconds:0} | {District.Members.Count / District.Joining.TotalSeconds:0} "
        + $"| {Watched.Sum(w => w.SetUp.CpuSeconds - w.Before.CpuSeconds) * 1000 / District.Members.Count:0.0} "
        + $"| {Memory(w => w.Before)} | {Memory(w => w.SetUp)} | {Memory(w => w.Run)} | {Acknowledged} | {Acknowledged / Seconds:0} | {ApiCpuPerRequest} | {P50:0.0} | {P99:0.0} | {Failures} | {Exact} |");

    /// <summary>The watched processes' resident memory at one point, e.g. "api 312" or "api 180, silo 420".</summary>
    private string Memory(Func<(string Name, ProcessStats Before, ProcessStats SetUp, ProcessStats Warm, ProcessStats Run), ProcessStats> at) =>
        Watched.Count == 0 ? "–" : string.Join(", ", Watched.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Name} {at(w).ResidentMegabytes:0}")));
}

/// <summary>
/// Sets up a district through the API (volunteers join by invite and check in), then has clients log
/// helps as fast as the api acknowledges them, each volunteer with their own token, one at a time or in
/// a phone's offline batch, resending a share as phones do after a dropped connection. Ends by asking
/// reconcile whether every level still equals the records.
/// </summary>
public sealed class IngestRun(IngestOptions options)
{
    private static readonly string[] Services = ["account", "online-application", "scan", "cashless", "ecommerce", "digital-skills"];
    private static readonly string[] Channels = ["DOOR_TO_DOOR", "ONE_STOP_DESK", "COMMUNITY_POINT"];

    public async Task<IngestResult> RunAsync()
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency * 2 }) { BaseAddress = options.Url };
        var organiser = await Organiser.SignInAsync(new ApiClient(http), options.Organiser, options.Password);
        var before = Sample();
        var setUp = Stopwatch.StartNew();
        var district = await District.SetUpAsync(organiser, options.Wards, options.VolunteersPerWard, options.Concurrency);
        setUp.Stop();
        var afterSetUp = Sample();
        // Unmeasured, so the timed run meets a compiled log path: the set-up exercises joins and check-ins, not logHelps.
        var warm = await LogFor(district, options.Warm, options.Seed + options.Concurrency);
        var beforeRun = Sample();
        var run = await LogFor(district, options.Duration, options.Seed);
        var afterRun = Sample();

        var (exact, records) = await ReconcileAsync(organiser.Api, district.CampaignId);
        return new IngestResult(options.Label, options.Batch, options.Concurrency, run.Acknowledged, run.Requests, run.Seconds,
            Percentile(run.Latencies, 0.50), Percentile(run.Latencies, 0.99), run.Failures, exact && records == warm.Acknowledged + run.Acknowledged, records,
            run.ClientCpu.TotalSeconds, district, setUp.Elapsed,
            [.. options.Watch.Select((w, i) => (w.Name, before[i], afterSetUp[i], beforeRun[i], afterRun[i]))]);
    }

    private sealed record Burst(long Acknowledged, long Requests, long Failures, double[] Latencies, double Seconds, TimeSpan ClientCpu);

    /// <summary>Every client logs helps for <paramref name="duration"/>, each help from one of its own volunteers picked at random.</summary>
    private async Task<Burst> LogFor(District district, TimeSpan duration, int seed)
    {
        var latencies = new List<double>[options.Concurrency];
        long acknowledged = 0, failures = 0, requests = 0;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async client =>
        {
            var random = new Random(seed + client);
            latencies[client] = [];
            var mine = district.Members.Where((_, i) => i % options.Concurrency == client).ToArray();
            var sequence = 0;
            while (stopwatch.Elapsed < duration && mine.Length > 0)
            {
                var volunteer = mine[random.Next(mine.Length)];
                var helps = Enumerable.Range(0, options.Batch).Select(_ => Help($"{seed}-{client}-{sequence++}", random)).ToList();
                var started = Stopwatch.GetTimestamp();
                try
                {
                    Interlocked.Increment(ref requests);
                    var count = await LogAsync(volunteer, district.CampaignId, helps);
                    if (random.NextDouble() < options.ResendShare)
                    {
                        Interlocked.Increment(ref requests);
                        await LogAsync(volunteer, district.CampaignId, helps);
                    }
                    latencies[client].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Add(ref acknowledged, count);
                }
                catch (Exception) when (stopwatch.Elapsed < duration)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        return new Burst(acknowledged, requests, failures, [.. latencies.SelectMany(l => l).Order()], stopwatch.Elapsed.TotalSeconds,
            Process.GetCurrentProcess().TotalProcessorTime - clientCpu);
    }

    private ProcessStats[] Sample() => [.. options.Watch.Select(w => ProcessStats.Of(w.Pid))];

    private static async Task<int> LogAsync(Member volunteer, string campaignId, List<object> helps)
    {
        var results = (await volunteer.Api.Data("""
            mutation($c: ID!, $v: ID!, $h: [HelpInput!]!) { logHelps(campaignId: $c, volunteerId: $v, helps: $h) { receipt { duplicate } error { message } } }
            """, new { c = campaignId, v = volunteer.Id, h = helps }))["logHelps"]!.AsArray();
        if (results.FirstOrDefault(r => r!["error"] is JsonObject) is { } refused)
        {
            throw new InvalidOperationException(refused.ToJsonString());
        }
        return results.Count(r => !(bool)r!["receipt"]!["duplicate"]!);
    }

    private static object Help(string recordId, Random random)
    {
        var service = Services[random.Next(Services.Length)];
        return new
        {
            recordId,
            service,
            procedure = service == "online-application" ? "BIRTH_REGISTRATION" : null,
            channel = Channels[random.Next(Channels.Length)],
            outcome = random.NextDouble() < 0.85 ? "DONE" : "FOLLOW_UP",
            minutes = random.Next(3, 45),
        };
    }

    internal static async Task<(bool Exact, int Records)> ReconcileAsync(ApiClient organiser, string campaignId)
    {
        // Roll-ups are coalesced; give the last reports a moment to arrive before judging.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var reconcile = (await organiser.Data("query($c: ID!) { reconcile(campaignId: $c) { exact records } }", new { c = campaignId }))["reconcile"]!;
            if ((bool)reconcile["exact"]! || DateTime.UtcNow > deadline)
            {
                return ((bool)reconcile["exact"]!, (int)reconcile["records"]!);
            }
            await Task.Delay(200);
        }
    }

    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
