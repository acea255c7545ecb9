using System.Collections.Concurrent;

namespace Volunteers;

/// <summary>
/// A per-silo cache of slow-changing facts (a campaign's status, a team's places) read on every
/// log. Without it each help would call the one campaign grain, making it the bottleneck of
/// the whole campaign. Writers on this silo invalidate at once; other silos see a change within
/// <see cref="Lifetime"/>.
/// </summary>
public sealed class SiloCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, (object Value, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);

    public async Task<T> GetAsync<T>(string key, Func<Task<T>> load) where T : class
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Until > now && entry.Value is T cached)
        {
            return cached;
        }
        var value = await load();
        _entries[key] = (value, now + Lifetime);
        return value;
    }

    public void Invalidate(string key) => _entries.TryRemove(key, out _);
}
