using System.Globalization;

namespace Volunteers.Bench.Live;

/// <param name="InFlight">Logs sent before the first is acknowledged: 1 paces one at a time; a soak at thousands a second needs more.</param>
/// <param name="SampleEvery">For a soak, how often to print the api's memory and CPU and the latencies so far; zero prints only the final row.</param>
internal sealed record BenchOptions(int Clients, int Wards, double LogsPerSecond, TimeSpan Duration, string ApiAssembly, int InFlight, TimeSpan SampleEvery)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        return new BenchOptions(
            int.Parse(Value("--clients") ?? "100", CultureInfo.InvariantCulture),
            int.Parse(Value("--wards") ?? "10", CultureInfo.InvariantCulture),
            double.Parse(Value("--rate") ?? "20", CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(int.Parse(Value("--seconds") ?? "30", CultureInfo.InvariantCulture)),
            Value("--api") ?? DefaultApi(),
            int.Parse(Value("--in-flight") ?? "1", CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(int.Parse(Value("--sample") ?? "0", CultureInfo.InvariantCulture)));
    }

    /// <summary>The Release build of the api in this checkout.</summary>
    private static string DefaultApi()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Volunteers.sln")))
        {
            folder = folder.Parent;
        }
        return folder is null
            ? throw new InvalidOperationException("Run from inside the repository, or pass --api path/to/Volunteers.Api.dll.")
            : Path.Combine(folder.FullName, "api", "bin", "Release", "net10.0", "Volunteers.Api.dll");
    }
}
