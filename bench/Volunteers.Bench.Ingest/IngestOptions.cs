using System.Globalization;

namespace Volunteers.Bench;

public sealed record IngestOptions(Uri Url, int Wards, int VolunteersPerWard, int Concurrency, TimeSpan Duration, int Batch, double ResendShare, int Seed, string Label)
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
            new Uri(Get("url", "http://127.0.0.1:5000")),
            Int("wards", 20),
            Int("volunteers-per-ward", 10),
            Int("concurrency", 32),
            TimeSpan.FromSeconds(Int("seconds", 20)),
            Int("batch", 1),
            double.Parse(Get("resend", "0.05"), CultureInfo.InvariantCulture),
            Int("seed", 27082022),
            Get("label", "embedded SQLite"));
    }
}
