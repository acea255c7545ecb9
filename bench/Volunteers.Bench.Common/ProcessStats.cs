using System.Globalization;

namespace Volunteers.Bench;

/// <summary>A process's resident memory and the CPU time it has used so far, read from /proc (Linux).</summary>
public readonly record struct ProcessStats(long ResidentBytes, double CpuSeconds)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public double ResidentMegabytes => ResidentBytes / 1048576.0;

    public static ProcessStats Of(int pid)
    {
        var resident = long.Parse(File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        // Fields 14 and 15 (utime, stime) follow the command name, which is in parentheses.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcessStats(resident, ticks / TicksPerSecond);
    }
}
