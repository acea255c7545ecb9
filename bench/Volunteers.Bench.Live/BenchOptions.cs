using System.Globalization;

namespace Volunteers.Bench.Live;

internal sealed record BenchOptions(int Clients, int Wards, double LogsPerSecond, TimeSpan Duration, string ApiAssembly)
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
            Value("--api") ?? DefaultApi());
    }

    /// <summary>The Release build of the api in this checkout.</summary>
    private static string DefaultApi()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Volunteers.slnx")))
        {
            folder = folder.Parent;
        }
        return folder is null
            ? throw new InvalidOperationException("Run from inside the repository, or pass --api path/to/Volunteers.Api.dll.")
            : Path.Combine(folder.FullName, "api", "bin", "Release", "net10.0", "Volunteers.Api.dll");
    }
}
