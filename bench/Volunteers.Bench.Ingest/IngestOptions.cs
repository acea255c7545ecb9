using System.Globalization;

namespace Volunteers.Bench;

/// <param name="Mode">
/// <c>ingest</c> (logHelps over HTTP), <c>growth</c> (the same over <paramref name="Volunteers"/> joined volunteers,
/// with the set-up timed and the api's memory), <c>imports</c> (units and rosters by CSV), <c>sqlite-raw</c> (the
/// single-row INSERT reference), <c>seed</c> (a district through the API, then its records with SQL) or <c>counts</c>
/// (the counts query against a seeded campaign).
/// </param>
/// <param name="Warm">How long the ingest and growth modes log unmeasured after their set-up, before the timed run.</param>
/// <param name="Organiser">The organiser bench/run.sh made with create-organiser; every mode but sqlite-raw signs in as it.</param>
/// <param name="Watch">Processes whose memory the growth mode reports, as <c>name=pid</c> separated by spaces (the api; in cluster mode the silo too).</param>
/// <param name="Latencies">Where the counts mode writes each timed query (its start and its milliseconds), to lay beside a trace of the api.</param>
public sealed record IngestOptions(
    string Mode, Uri Url, int Wards, int VolunteersPerWard, int Concurrency, TimeSpan Warm, TimeSpan Duration, int Batch, double ResendShare, int Seed, string Label,
    string Provider, string Db, int Records, string Campaign, int Queries, string Organiser, string Password, IReadOnlyList<(string Name, int Pid)> Watch,
    string? Latencies = null)
{
    /// <summary>A ward per thousand volunteers: a province of about a hundred communes at 100,000, as the domain's scale has it.</summary>
    private const int GrowthVolunteersPerWard = 1000;

    public static IngestOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }
        string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var (wards, perWard) = values.TryGetValue("volunteers", out var volunteers)
            ? Spread(int.Parse(volunteers, CultureInfo.InvariantCulture))
            : (Int("wards", 20), Int("volunteers-per-ward", 10));
        return new IngestOptions(
            Get("mode", "ingest"),
            new Uri(Get("url", "http://127.0.0.1:5000")),
            wards,
            perWard,
            Int("concurrency", 32),
            TimeSpan.FromSeconds(Int("warm", 0)),
            TimeSpan.FromSeconds(Int("seconds", 20)),
            Int("batch", 1),
            double.Parse(Get("resend", "0.05"), CultureInfo.InvariantCulture),
            Int("seed", 27082022),
            Get("label", "embedded SQLite"),
            Get("provider", "sqlite"),
            Get("db", ""),
            Int("records", 10_000),
            Get("campaign", ""),
            Int("queries", 2_000),
            Get("organiser", "bench"),
            Get("password", ""),
            [.. Get("watch", "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Split('='))
                .Select(w => (w[0], int.Parse(w[1], CultureInfo.InvariantCulture)))],
            values.GetValueOrDefault("latencies"));
    }

    private static (int Wards, int PerWard) Spread(int volunteers)
    {
        var wards = Math.Max(1, (volunteers + GrowthVolunteersPerWard - 1) / GrowthVolunteersPerWard);
        return volunteers % wards == 0
            ? (wards, volunteers / wards)
            : throw new ArgumentException($"--volunteers {volunteers} does not split evenly into {wards} wards of at most {GrowthVolunteersPerWard}.");
    }
}
