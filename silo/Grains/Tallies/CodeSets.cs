using System.Collections.Concurrent;

namespace Volunteers.Tallies;

/// <summary>
/// One array of codes for each set of codes counted in the silo, shared by every <see cref="CodeCounts"/> that names
/// that set: each working volunteer's day counts by service, channel and outcome, and its team level holds a copy of
/// those counts, so six small arrays a volunteer named the same few codes (337 B a working volunteer in the Presence
/// bench's heap at 10,000). The codes come from the campaign's catalogue, so the sets a silo meets are few; past
/// <see cref="MaxSets"/> an array is kept unshared rather than the pool grown without end. A shared array is never
/// written: a count that gains a code takes a new one.
/// </summary>
public static class CodeSets
{
    public const int MaxSets = 4_096;

    private static readonly ConcurrentDictionary<string[], string[]> _sets = new(new SameCodes());

    public static string[] Shared(string[] codes) =>
        _sets.TryGetValue(codes, out var shared) ? shared
        : _sets.Count < MaxSets ? _sets.GetOrAdd(codes, codes)
        : codes;

    private sealed class SameCodes : IEqualityComparer<string[]>
    {
        public bool Equals(string[]? x, string[]? y) => x.AsSpan().SequenceEqual(y, StringComparer.Ordinal);

        public int GetHashCode(string[] codes)
        {
            var hash = new HashCode();
            foreach (var code in codes)
            {
                hash.Add(code, StringComparer.Ordinal);
            }
            return hash.ToHashCode();
        }
    }
}
