using System.Reflection;
using System.Text.RegularExpressions;

namespace Volunteers.Tests.Readme;

/// <summary>
/// The README as a reader has it: its commands are found by how they start, and its fenced blocks by
/// the sentence before them, so a test runs what the README says today, not a copy that drifts.
/// </summary>
public static partial class Readme
{
    public static string Root { get; } = typeof(Readme).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    private static string Text => File.ReadAllText(Path.Combine(Root, "README.md"));

    /// <summary>The one line of a fenced block that starts with <paramref name="start"/>, or is it.</summary>
    public static string Command(string start, bool exact = false)
    {
        var lines = Blocks().SelectMany(b => b.Split('\n'))
            .Where(l => exact ? l == start : l.StartsWith(start, StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(lines.Count == 1, $"README.md should show exactly one command '{start}'{(exact ? "" : "…")}; it shows {lines.Count}.");
        return lines[0];
    }

    /// <summary>The first fenced block after the paragraph that contains <paramref name="sentence"/>.</summary>
    public static string BlockAfter(string sentence)
    {
        var text = Text;
        var at = text.IndexOf(sentence, StringComparison.Ordinal);
        Assert.True(at >= 0, $"README.md no longer says '{sentence}'.");
        return Blocks(text[at..]).First();
    }

    private static IEnumerable<string> Blocks(string? text = null) =>
        Fence().Matches(text ?? Text).Select(m => m.Groups["body"].Value);

    [GeneratedRegex("^```[a-z]*\\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();
}
