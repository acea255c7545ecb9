using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Volunteers.Bench;

/// <summary>A watched process over a run: before the set-up, after it, at the end, and its CPU over the timed logging alone.</summary>
public sealed record Watched(string Name, ProcessStats Before, ProcessStats SetUp, ProcessStats End, double TimedCpuSeconds);

/// <param name="Requests">Requests sent in the timed run, resends and failures included.</param>
/// <param name="ClientCpuSeconds">This bench's own CPU time over the timed run: it shares the cores with what it measures.</param>
/// <param name="Turns">The growth mode's figures of the other sizes' turns.</param>
public sealed record IngestResult(
    string Label, int Batch, int Concurrency, long Acknowledged, long Requests, double Seconds, double P50, double P99, long Failures, bool Exact, int Records,
    double ClientCpuSeconds, District District, TimeSpan SetUp, IReadOnlyList<Watched> Watched, TurnFigures? Turns = null)
{
    public const string Header =
        "| store | batch | clients | acknowledged records | records/s | p50 ms | p99 ms | failed requests | reconcile exact | stored records | api CPU µs a request | bench CPU µs a request |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|";

    public const string GrowthHeader =
        "| store | volunteers (wards, teams) | set-up s | joins/s | set-up CPU ms a volunteer | RSS MB before set-up | after set-up | after run | acknowledged records | records/s | api CPU µs a request | p50 ms | p99 ms | failed requests | reconcile exact | a volunteer logs again after s | api CPU % of a core in others' turns |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"| {Label} | {Batch} | {Concurrency} | {Acknowledged} | {Acknowledged / Seconds:0} | {P50:0.0} | {P99:0.0} | {Failures} | {Exact} | {Records} "
        + $"| {ApiCpuPerRequest} | {ClientCpuSeconds * 1e6 / Requests:0} |");

    /// <summary>
    /// The watched processes' CPU (utime + stime) over the timed run, a request; a dash when none is watched. The growth
    /// rows show it too: their records a second share two cores with the bench and others' load, so they alone do not say
    /// whether more volunteers cost the api more.
    /// </summary>
    private string ApiCpuPerRequest => Watched.Count == 0 ? "–"
        : (Watched.Sum(w => w.TimedCpuSeconds) * 1e6 / Requests).ToString("0", CultureInfo.InvariantCulture);

    public string GrowthRow => string.Create(CultureInfo.InvariantCulture,
        $"| {Label} | {District.Members.Count:N0} ({District.WardIds.Count}, {District.Teams}) | {SetUp.TotalSeconds:0} | {District.Members.Count / District.Joining.TotalSeconds:0} "
        + $"| {Watched.Sum(w => w.SetUp.CpuSeconds - w.Before.CpuSeconds) * 1000 / District.Members.Count:0.0} "
        + $"| {Memory(w => w.Before)} | {Memory(w => w.SetUp)} | {Memory(w => w.End)} | {Acknowledged} | {Acknowledged / Seconds:0} | {ApiCpuPerRequest} | {P50:0.0} | {P99:0.0} | {Failures} | {Exact} "
        + $"| {Turns?.RevisitSeconds.ToString("0", CultureInfo.InvariantCulture) ?? "–"} | {Turns?.IdleCpuPercent.ToString("0.0", CultureInfo.InvariantCulture) ?? "–"} |");

    /// <summary>The watched processes' resident memory at one point, e.g. "api 312" or "api 180, silo 420".</summary>
    private string Memory(Func<Watched, ProcessStats> at) =>
        Watched.Count == 0 ? "–" : string.Join(", ", Watched.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Name} {at(w).ResidentMegabytes:0}")));
}

/// <summary>An api with its district set up, and its watched processes as they were before the set-up and after it.</summary>
internal sealed record PreparedApi(
    Target Target, HttpClient Http, Organiser Organiser, District District, Rota Rota, TimeSpan SetUp, ProcessStats[] Before, ProcessStats[] AfterSetUp) : IDisposable
{
    public void Dispose() => Http.Dispose();
}

/// <summary>What clients logged over some time: a timed run, a warm-up, or one turn of several.</summary>
/// <param name="Latencies">Each acknowledged request's, in milliseconds, in no order.</param>
public sealed record Burst(long Acknowledged, long Requests, long Failures, double[] Latencies, double Seconds, TimeSpan ClientCpu)
{
    public static Burst None { get; } = new(0, 0, 0, [], 0, TimeSpan.Zero);

    public static Burst operator +(Burst a, Burst b) => new(a.Acknowledged + b.Acknowledged, a.Requests + b.Requests, a.Failures + b.Failures,
        [.. a.Latencies, .. b.Latencies], a.Seconds + b.Seconds, a.ClientCpu + b.ClientCpu);
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
        using var api = await SetUpAsync(options.Targets[0]);
        // Unmeasured, so the timed run meets a compiled log path: the set-up exercises joins and check-ins, not logHelps.
        var warm = await LogFor(api, options.Warm, options.Seed + options.Concurrency);
        var beforeRun = Sample(api.Target.Watch);
        var run = await LogFor(api, options.Duration, options.Seed);
        var afterRun = Sample(api.Target.Watch);
        return await ResultAsync(api, warm, run, afterRun, [.. afterRun.Select((end, i) => end.CpuSeconds - beforeRun[i].CpuSeconds)]);
    }

    /// <summary>Signs in as the organiser and sets up the target's district, its watched processes sampled either side.</summary>
    internal async Task<PreparedApi> SetUpAsync(Target target)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency * 2 }) { BaseAddress = target.Url };
        var organiser = await Organiser.SignInAsync(new ApiClient(http), options.Organiser, options.Password);
        var before = Sample(target.Watch);
        var setUp = Stopwatch.StartNew();
        var district = await District.SetUpAsync(organiser, target.Wards, target.VolunteersPerWard, options.Concurrency);
        setUp.Stop();
        return new PreparedApi(target, http, organiser, district, new Rota(district.Members, options.Concurrency, options.Seed), setUp.Elapsed, before, Sample(target.Watch));
    }

    /// <summary>The row of a run, once reconcile has judged every level against the records it and its warm-up logged.</summary>
    /// <param name="timedCpuSeconds">Each watched process's CPU over the timed logging alone.</param>
    internal async Task<IngestResult> ResultAsync(
        PreparedApi api, Burst warm, Burst run, ProcessStats[] end, double[] timedCpuSeconds, TurnFigures? turns = null)
    {
        var (exact, records) = await ReconcileAsync(api.Organiser.Api, api.District.CampaignId);
        double[] latencies = [.. run.Latencies.Order()];
        return new IngestResult(options.Label, options.Batch, options.Concurrency, run.Acknowledged, run.Requests, run.Seconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), run.Failures, exact && records == warm.Acknowledged + run.Acknowledged, records,
            run.ClientCpu.TotalSeconds, api.District, api.SetUp,
            [.. api.Target.Watch.Select((w, i) => new Watched(w.Name, api.Before[i], api.AfterSetUp[i], end[i], timedCpuSeconds[i]))], turns);
    }

    /// <summary>Every client logs helps for <paramref name="duration"/>, each help from the next of its own volunteers on the api's rota.</summary>
    internal async Task<Burst> LogFor(PreparedApi api, TimeSpan duration, int seed)
    {
        var latencies = new List<double>[options.Concurrency];
        long acknowledged = 0, failures = 0, requests = 0;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async client =>
        {
            var random = new Random(seed + client);
            latencies[client] = [];
            var sequence = 0;
            while (stopwatch.Elapsed < duration && api.Rota.Next(client) is { } volunteer)
            {
                var helps = Enumerable.Range(0, options.Batch).Select(_ => Help($"{seed}-{client}-{sequence++}", random)).ToList();
                var started = Stopwatch.GetTimestamp();
                try
                {
                    Interlocked.Increment(ref requests);
                    var count = await LogAsync(volunteer, api.District.CampaignId, helps);
                    if (random.NextDouble() < options.ResendShare)
                    {
                        Interlocked.Increment(ref requests);
                        await LogAsync(volunteer, api.District.CampaignId, helps);
                    }
                    latencies[client].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Add(ref acknowledged, count);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        return new Burst(acknowledged, requests, failures, [.. latencies.SelectMany(l => l)], stopwatch.Elapsed.TotalSeconds,
            Process.GetCurrentProcess().TotalProcessorTime - clientCpu);
    }

    internal static ProcessStats[] Sample(IReadOnlyList<(string Name, int Pid)> watch) => [.. watch.Select(w => ProcessStats.Of(w.Pid))];

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
