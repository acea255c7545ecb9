using System.Globalization;
using System.Text.RegularExpressions;

namespace Volunteers.Tests.Cluster;

/// <summary>
/// What the processes logged about a failure, in seconds from it, beside what the phones saw: where the seconds
/// between a kill and the first write served again went (probes, votes, the api's gateways, reactivation).
/// Reads the single-line, UTC-timestamped console logs <see cref="ProcessCluster"/> asks of every process.
/// </summary>
public static partial class FailureTimeline
{
    private const int MessageWidth = 170;

    /// <summary>Orleans' entries about membership and connections, from every process, that fall in the window.</summary>
    public static IReadOnlyList<(TimeSpan After, string Line)> Entries(IEnumerable<ProcessCluster.Node> nodes, DateTime failedAt, TimeSpan window) =>
        [.. nodes.SelectMany(node => Parse(node.Output, failedAt).Select(entry => (entry.After, Line: $"{node.Name} {entry.Level}: {entry.Category} {Shorten(entry.Message)}")))
            .Where(entry => entry.After >= TimeSpan.Zero && entry.After <= window)
            .OrderBy(entry => entry.After)];

    public static string Format(TimeSpan after, string what) => string.Create(CultureInfo.InvariantCulture, $"  - +{after.TotalSeconds:F2} s {what}");

    private static IEnumerable<(TimeSpan After, string Level, string Category, string Message)> Parse(string output, DateTime failedAt)
    {
        foreach (var line in output.Split('\n'))
        {
            var match = Entry().Match(line.TrimEnd('\r'));
            if (!match.Success || !match.Groups["category"].Value.StartsWith("Orleans.", StringComparison.Ordinal))
            {
                continue;
            }
            var at = failedAt.Date + TimeSpan.ParseExact(match.Groups["time"].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
            // A log written just after midnight, for a failure just before it.
            if (at < failedAt - TimeSpan.FromHours(12))
            {
                at += TimeSpan.FromDays(1);
            }
            yield return (at - failedAt, match.Groups["level"].Value, match.Groups["category"].Value, match.Groups["message"].Value);
        }
    }

    private static string Shorten(string message) => message.Length <= MessageWidth ? message : message[..MessageWidth] + "…";

    [GeneratedRegex(@"^(?<time>\d\d:\d\d:\d\d\.\d{3}) (?<level>\w+): (?<category>[^\[]+)\[\d+\] (?<message>.*)$")]
    private static partial Regex Entry();
}
