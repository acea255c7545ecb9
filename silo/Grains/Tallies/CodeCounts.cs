using System.Collections.Immutable;

namespace Volunteers.Tallies;

/// <summary>
/// Counts by code (of a service, channel, outcome or procedure) in ordinal order, changed in place; the arrays are
/// replaced only when the codes change, and the codes' array is the one <see cref="CodeSets"/> shares.
/// </summary>
public struct CodeCounts
{
    private string[]? _names;
    private int[]? _counts;

    public readonly int Length => _names?.Length ?? 0;

    public readonly string NameAt(int index) => _names![index];

    public readonly int CountAt(int index) => _counts![index];

    /// <summary>Becomes what a report says, holding the level's shared copy of each code.</summary>
    internal void Take(ImmutableSortedDictionary<string, int> reported, SharedNames names)
    {
        if (!SameNames(reported))
        {
            _names = reported.IsEmpty ? null : CodeSets.Shared([.. reported.Keys.Select(names.Name)]);
            _counts = reported.IsEmpty ? null : new int[reported.Count];
        }
        var i = 0;
        foreach (var (_, count) in reported)
        {
            _counts![i++] = count;
        }
    }

    /// <summary>Adds to one code's count; a code not counted before is put in its place.</summary>
    internal void Add(string name, int count)
    {
        var names = _names ?? [];
        var counts = _counts ?? [];
        var at = Array.BinarySearch(names, name, StringComparer.Ordinal);
        if (at < 0)
        {
            at = ~at;
            _names = CodeSets.Shared([.. names.AsSpan(0, at), name, .. names.AsSpan(at)]);
            _counts = counts = [.. counts.AsSpan(0, at), 0, .. counts.AsSpan(at)];
        }
        counts[at] += count;
    }

    internal readonly ImmutableSortedDictionary<string, int> ToImmutable()
    {
        if (_names is null)
        {
            return Tally.Empty.ByService;
        }
        var counts = ImmutableSortedDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _names.Length; i++)
        {
            counts[_names[i]] = _counts![i];
        }
        return counts.ToImmutable();
    }

    private readonly bool SameNames(ImmutableSortedDictionary<string, int> reported)
    {
        if (reported.Count != Length)
        {
            return false;
        }
        var i = 0;
        foreach (var (name, _) in reported)
        {
            if (!string.Equals(name, _names![i++], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
