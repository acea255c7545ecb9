using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Volunteers.Bench;

public sealed record IngestResult(string Label, int Batch, int Concurrency, long Acknowledged, double Seconds, double P50, double P99, long Failures, bool Exact, int Records)
{
    public const string Header =
        "| store | batch | clients | acknowledged records | records/s | p50 ms | p99 ms | failed requests | reconcile exact | stored records |\n" +
        "|---|---|---|---|---|---|---|---|---|---|";

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"| {Label} | {Batch} | {Concurrency} | {Acknowledged} | {Acknowledged / Seconds:0} | {P50:0.0} | {P99:0.0} | {Failures} | {Exact} | {Records} |");
}

/// <summary>
/// Sets up a district through the API, checks every volunteer in, then has clients log helps as
/// fast as the api acknowledges them, one at a time or in a phone's offline batch, resending a
/// share as phones do after a dropped connection. Ends by asking reconcile whether every level
/// still equals the records.
/// </summary>
public sealed class IngestRun(IngestOptions options)
{
    private static readonly string[] Services = ["account", "online-application", "scan", "cashless", "ecommerce", "digital-skills"];
    private static readonly string[] Channels = ["DOOR_TO_DOOR", "ONE_STOP_DESK", "COMMUNITY_POINT"];

    public async Task<IngestResult> RunAsync()
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency * 2 }) { BaseAddress = options.Url };
        var api = new GraphQL(http);
        var (campaignId, members) = await SetUpAsync(api, options.Wards, options.VolunteersPerWard);
        var volunteers = members.Select(m => m.Id).ToList();

        var latencies = new List<double>[options.Concurrency];
        long acknowledged = 0, failures = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async client =>
        {
            var random = new Random(options.Seed + client);
            latencies[client] = [];
            var mine = volunteers.Where((_, i) => i % options.Concurrency == client).ToArray();
            var sequence = 0;
            while (stopwatch.Elapsed < options.Duration && mine.Length > 0)
            {
                var volunteer = mine[random.Next(mine.Length)];
                var helps = Enumerable.Range(0, options.Batch).Select(_ => Help($"{client}-{sequence++}", random)).ToList();
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var count = await LogAsync(api, campaignId, volunteer, helps);
                    if (random.NextDouble() < options.ResendShare)
                    {
                        await LogAsync(api, campaignId, volunteer, helps);
                    }
                    latencies[client].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Add(ref acknowledged, count);
                }
                catch (Exception) when (stopwatch.Elapsed < options.Duration)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var seconds = stopwatch.Elapsed.TotalSeconds;

        var sorted = latencies.SelectMany(l => l).Order().ToArray();
        var (exact, records) = await ReconcileAsync(api, campaignId);
        return new IngestResult(options.Label, options.Batch, options.Concurrency, acknowledged, seconds,
            Percentile(sorted, 0.50), Percentile(sorted, 0.99), failures, exact && records == acknowledged, records);
    }

    private static async Task<int> LogAsync(GraphQL api, string campaignId, string volunteerId, List<object> helps)
    {
        var results = (await api.Data("""
            mutation($c: ID!, $v: ID!, $h: [HelpInput!]!) { logHelps(campaignId: $c, volunteerId: $v, helps: $h) { receipt { duplicate } error { message } } }
            """, new { c = campaignId, v = volunteerId, h = helps }))["logHelps"]!.AsArray();
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

    /// <summary>A running campaign over new wards, each with a desk and a team whose volunteers are checked in there.</summary>
    internal static async Task<(string CampaignId, List<Member> Volunteers)> SetUpAsync(GraphQL api, int wardCount, int volunteersPerWard)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var inputs = new List<object> { new { key = "p", name = $"Tỉnh đo tải {run}", kind = "PROVINCE" } };
        for (var w = 0; w < wardCount; w++)
        {
            inputs.Add(new { key = $"w{w}", parentKey = "p", name = $"Xã {w}", kind = "WARD" });
            inputs.Add(new { parentKey = $"w{w}", name = $"Một cửa {w}", kind = "DESK" });
        }
        var units = (await api.Data("mutation($i: [UnitInput!]!) { createUnits(inputs: $i) { id } }", new { i = inputs }))["createUnits"]!.AsArray()
            .Select(u => (string)u!["id"]!).ToArray();
        var wards = Enumerable.Range(0, wardCount).Select(w => (Ward: units[1 + 2 * w], Desk: units[2 + 2 * w])).ToArray();
        var campaignId = (string)(await api.Data("mutation($i: CampaignInput!) { createCampaign(input: $i) { id } }", new
        {
            i = new { name = $"Đo tải {run}", date = DateTime.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), startsAt = "07:00:00", endsAt = "17:00:00", wardIds = wards.Select(w => w.Ward) },
        }))["createCampaign"]!["id"]!;

        var volunteers = new List<Member>();
        foreach (var (ward, desk) in wards)
        {
            var team = (string)(await api.Data("mutation($w: ID!) { createTeam(wardId: $w, name: \"Tổ\") { id } }", new { w = ward }))["createTeam"]!["id"]!;
            await api.Data("mutation($c: ID!, $p: ID!, $t: ID!) { assignPlace(campaignId: $c, placeId: $p, teamId: $t) { placeId } }", new { c = campaignId, p = desk, t = team });
            for (var v = 0; v < volunteersPerWard; v++)
            {
                var phone = string.Create(CultureInfo.InvariantCulture, $"09{volunteers.Count:D8}");
                volunteers.Add(new Member((string)(await api.Data("mutation($t: ID!, $p: String!) { addVolunteer(teamId: $t, name: \"TNV\", phone: $p) { id } }",
                    new { t = team, p = phone }))["addVolunteer"]!["id"]!, team, ward, desk));
            }
        }
        await api.Data("mutation($c: ID!) { startCampaign(id: $c) { status } }", new { c = campaignId });
        foreach (var volunteer in volunteers)
        {
            await api.Data("mutation($c: ID!, $v: ID!, $p: ID!) { checkIn(campaignId: $c, volunteerId: $v, placeId: $p) { placeId } }",
                new { c = campaignId, v = volunteer.Id, p = volunteer.PlaceId });
        }
        return (campaignId, volunteers);
    }

    internal static async Task<(bool Exact, int Records)> ReconcileAsync(GraphQL api, string campaignId)
    {
        // Roll-ups are coalesced; give the last reports a moment to arrive before judging.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var reconcile = (await api.Data("query($c: ID!) { reconcile(campaignId: $c) { exact records } }", new { c = campaignId }))["reconcile"]!;
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

/// <summary>A volunteer of the benchmark's district, with where the records they log belong.</summary>
public sealed record Member(string Id, string TeamId, string WardId, string PlaceId);
