using System.Globalization;

namespace Volunteers.Bench;

/// <param name="Mode">
/// <c>ingest</c> (logHelps over HTTP), <c>growth</c> (the same on one api a number of joined volunteers, in turns
/// (<see cref="GrowthRun"/>), with the set-ups timed and the apis' memory), <c>imports</c> (units and rosters by CSV),
/// <c>sqlite-raw</c> (the single-row INSERT reference), <c>seed</c> (a district through the API, then its records with
/// SQL) or <c>counts</c> (the counts query against a seeded campaign).
/// </param>
/// <param name="Warm">
/// How long the ingest mode logs unmeasured after its set-up, before the timed run; in the growth mode, how long the
/// unmeasured turns last in all, every size's together.
/// </param>
/// <param name="Organiser">The organiser bench/run.sh made with create-organiser; every mode but sqlite-raw signs in as it.</param>
/// <param name="Targets">
/// The apis a run measures and the district each sets up. Every mode but growth has one. The growth mode compares one
/// a size: <c>--url</c> and <c>--volunteers</c> list them in order, separated by spaces, and <c>--watch</c> lists what
/// to watch of each, separated by <c>;</c>.
/// </param>
/// <param name="Latencies">Where the counts mode writes each timed query (its start and its milliseconds), to lay beside a trace of the api.</param>
public sealed record IngestOptions(
    string Mode, IReadOnlyList<Target> Targets, int Concurrency, TimeSpan Warm, TimeSpan Duration, int Batch, double ResendShare, int Seed, string Label,
    string Provider, string Db, int Records, string Campaign, int Queries, string Organiser, string Password, string? Latencies = null)
{
    public Uri Url => Targets[0].Url;

    public int Wards => Targets[0].Wards;

    public int VolunteersPerWard => Targets[0].VolunteersPerWard;

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
        (int Wards, int PerWard)[] sizes = values.TryGetValue("volunteers", out var volunteers)
            ? [.. volunteers.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => Spread(int.Parse(v, CultureInfo.InvariantCulture)))]
            : [(Int("wards", 20), Int("volunteers-per-ward", 10))];
        var urls = Get("url", "http://127.0.0.1:5000").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var watches = values.TryGetValue("watch", out var watch) ? watch.Split(';') : [.. Enumerable.Repeat("", sizes.Length)];
        if (urls.Length != sizes.Length || watches.Length != sizes.Length)
        {
            throw new ArgumentException($"--url names {urls.Length} apis and --watch {watches.Length}, for {sizes.Length} sizes in --volunteers: one of each a size.");
        }
        return new IngestOptions(
            Get("mode", "ingest"),
            [.. sizes.Select((size, i) => new Target(new Uri(urls[i]), size.Wards, size.PerWard, Processes(watches[i])))],
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
            values.GetValueOrDefault("latencies"));
    }

    /// <summary>Processes as <c>name=pid</c> separated by spaces: the api, and in cluster mode its silo too.</summary>
    private static (string Name, int Pid)[] Processes(string processes) =>
        [.. processes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Split('='))
            .Select(w => (w[0], int.Parse(w[1], CultureInfo.InvariantCulture)))];

    private static (int Wards, int PerWard) Spread(int volunteers)
    {
        var wards = Math.Max(1, (volunteers + GrowthVolunteersPerWard - 1) / GrowthVolunteersPerWard);
        return volunteers % wards == 0
            ? (wards, volunteers / wards)
            : throw new ArgumentException($"--volunteers {volunteers} does not split evenly into {wards} wards of at most {GrowthVolunteersPerWard}.");
    }
}

/// <summary>An api under measure and the district set up on it.</summary>
/// <param name="Watch">Processes whose CPU and memory the rows report (the api; in cluster mode the silo too).</param>
public sealed record Target(Uri Url, int Wards, int VolunteersPerWard, IReadOnlyList<(string Name, int Pid)> Watch);
