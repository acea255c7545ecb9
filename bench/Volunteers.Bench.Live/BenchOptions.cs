using System.Globalization;

namespace Volunteers.Bench.Live;

/// <param name="Url">The api under test, started by bench/run.sh with the bench's limits (or by hand, likewise).</param>
/// <param name="ApiPid">The api's process, whose memory and CPU are reported.</param>
/// <param name="Organiser">The organiser the district is made by; the dashboards follow the campaign as it.</param>
/// <param name="InFlight">
/// Requests sent before the first is answered, as independent phones send; a soak at thousands a second needs more. The default
/// 4 lets 20 logs/s through while a push to 10,000 dashboards holds the api's thread pool for a few hundred milliseconds,
/// where one at a time fell behind the rate.
/// </param>
/// <param name="VolunteersPerWard">Each logs for themself with their own token, so more of them spread the load over more grains.</param>
/// <param name="Batch">Records a request carries, as a phone syncing what it logged offline sends them; the rate counts records.</param>
/// <param name="SampleEvery">For a soak, how often to print the api's memory and CPU and the latencies so far; zero prints only the final row.</param>
/// <param name="Warm">
/// How long logs flow before the timed run, neither timed nor counted: a fresh api compiles its push path and fills its
/// buffer pool with the first pushes to thousands of sockets, and one stall of a second there moved a 20 s run's p99.
/// </param>
/// <param name="Idle">How long the dashboards stay connected and idle before the logs start, its memory printed: time to take a heap dump of the api.</param>
internal sealed record BenchOptions(
    Uri Url, int ApiPid, string Organiser, string Password, int Clients, int Wards, int VolunteersPerWard, double LogsPerSecond, TimeSpan Warm, TimeSpan Duration,
    int InFlight, int Batch, TimeSpan SampleEvery, TimeSpan Idle)
{
    /// <summary>The most records the warm-up and the run can send: the pacing never gets ahead of the rate by more than a batch each.</summary>
    public int MaxLogs => (int)Math.Ceiling(LogsPerSecond * (Warm + Duration).TotalSeconds) + 2 * Batch;

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }
        string Required(string name) => Value(name) ?? throw new ArgumentException($"{name} is required; bench/run.sh --soak passes it.");

        return new BenchOptions(
            new Uri(Required("--url")),
            int.Parse(Required("--pid"), CultureInfo.InvariantCulture),
            Value("--organiser") ?? "bench",
            Required("--password"),
            int.Parse(Value("--clients") ?? "100", CultureInfo.InvariantCulture),
            int.Parse(Value("--wards") ?? "10", CultureInfo.InvariantCulture),
            int.Parse(Value("--volunteers-per-ward") ?? "2", CultureInfo.InvariantCulture),
            double.Parse(Value("--rate") ?? "20", CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(int.Parse(Value("--warm") ?? "0", CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(int.Parse(Value("--seconds") ?? "30", CultureInfo.InvariantCulture)),
            int.Parse(Value("--in-flight") ?? "4", CultureInfo.InvariantCulture),
            int.Parse(Value("--batch") ?? "1", CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(int.Parse(Value("--sample") ?? "0", CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(int.Parse(Value("--idle") ?? "0", CultureInfo.InvariantCulture)));
    }
}
