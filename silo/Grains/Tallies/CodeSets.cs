using System.Collections.Concurrent;

namespace Volunteers.Tallies;

/// <summary>
/// One array of codes for each set of codes counted in the silo, shared by every <see cref="CodeCounts"/> that names
/// that set: each working volunteer's day counts by service, channel and outcome, and its team level holds a copy of
/// those counts, so six small arrays a volunteer named the same few codes (337 B a working volunteer in the Presence
/// bench's heap at 10,000). The codes come from the campaign's catalogue, so the sets a silo meets are few; past
/// <see cref="MaxSets"/> an array is kept unshared rather than the pool grown without end.
/// </summary>
public static class CodeSets
{
    public const int MaxSets = 4_096;

    private static readonly ConcurrentDictionary<string[], string[]> _sets = new(new SameCodes());

    // Counted apart: the dictionary's Count takes every one of its locks.
    private static int _count;

    /// <summary>The one array of these codes; the caller gives up <paramref name="codes"/>, and no holder writes into either.</summary>
    public static string[] Shared(string[] codes)
    {
        if (_sets.TryGetValue(codes, out var shared))
        {
            return shared;
        }
        if (Volatile.Read(ref _count) >= MaxSets)
        {
            return codes;
        }
        shared = _sets.GetOrAdd(codes, codes);
        if (ReferenceEquals(shared, codes))
        {
            Interlocked.Increment(ref _count);
        }
        return shared;
    }

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
