using System.Globalization;

namespace Volunteers.Bench;

/// <param name="Mode">
/// <c>ingest</c> (logHelps over HTTP), <c>sqlite-raw</c> (the single-row INSERT reference),
/// <c>seed</c> (a district through the API, then its records with SQL) or <c>counts</c> (the counts query against a seeded campaign).
/// </param>
/// <param name="Organiser">The organiser bench/run.sh made with create-organiser; every mode but sqlite-raw signs in as it.</param>
public sealed record IngestOptions(
    string Mode, Uri Url, int Wards, int VolunteersPerWard, int Concurrency, TimeSpan Duration, int Batch, double ResendShare, int Seed, string Label,
    string Provider, string Db, int Records, string Campaign, int Queries, string Organiser, string Password)
{
    public static IngestOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }
        string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        return new IngestOptions(
            Get("mode", "ingest"),
            new Uri(Get("url", "http://127.0.0.1:5000")),
            Int("wards", 20),
            Int("volunteers-per-ward", 10),
            Int("concurrency", 32),
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
            Get("password", ""));
    }
}
