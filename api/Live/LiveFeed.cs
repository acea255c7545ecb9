using Microsoft.AspNetCore.SignalR;
using Volunteers.Api.Counting;

namespace Volunteers.Api.Live;

/// <summary>
/// The scopes this api node watches, each shared by every SignalR connection and GraphQL
/// subscription here that follows it: the first follower starts the watch, the last one to leave
/// ends it. The hub and the GraphQL subscription both read through here, from the same counts.
/// </summary>
public sealed class LiveFeed(IGrainFactory grains, CountsReader reader, IHubContext<LiveHub, ILiveClient> hub, ILogger<LiveFeed> logger)
    : IAsyncDisposable
{
    private readonly Dictionary<string, Entry> _watches = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>
    /// Follows a scope and answers its counts now, read as GraphQL reads them. A volunteer is not
    /// followed live: the team is the smallest scope a dashboard shows.
    /// </summary>
    public async Task<(string Key, ScopedCounts Counts)> Follow(string? campaignId, string? scopeId)
    {
        var read = await reader.Read(campaignId, scopeId, withChildren: true);
        if (read.Kind == ScopeKind.Volunteer)
        {
            throw DomainException.Invalid("scopeId", "A volunteer's counts are not followed live; follow the team.");
        }
        var watch = await Acquire(read);
        return (watch.Key, watch.Offer(read));
    }

    /// <summary>The newest counts of a followed scope on this node.</summary>
    public ScopedCounts? Current(string key)
    {
        lock (_gate)
        {
            return _watches.TryGetValue(key, out var entry) ? entry.Watch.Latest : null;
        }
    }

    /// <summary>Stops following a scope; <paramref name="key"/> is one <see cref="Follow"/> answered.</summary>
    public async Task Leave(string key)
    {
        ScopeWatch? ended = null;
        lock (_gate)
        {
            if (_watches.TryGetValue(key, out var entry) && --entry.Watch.Followers == 0)
            {
                _watches.Remove(key);
                ended = entry.Watch;
            }
        }
        if (ended is not null)
        {
            await ended.DisposeAsync();
        }
    }

    /// <summary>
    /// The counts of a scope as a stream for a GraphQL subscription: the counts now, then each change.
    /// The scope is followed from here and left when the stream's subscriber lets go.
    /// </summary>
    public async Task<IObservable<ScopedCounts>> Stream(string? campaignId, string? scopeId)
    {
        var (key, _) = await Follow(campaignId, scopeId);
        ScopeWatch watch;
        lock (_gate)
        {
            watch = _watches[key].Watch;
        }
        return new ScopeStream(this, watch);
    }

    public async ValueTask DisposeAsync()
    {
        List<ScopeWatch> watches;
        lock (_gate)
        {
            watches = [.. _watches.Values.Select(e => e.Watch)];
            _watches.Clear();
        }
        foreach (var watch in watches)
        {
            await watch.DisposeAsync();
        }
    }

    private async Task<ScopeWatch> Acquire(ScopedCounts read)
    {
        var key = ScopeWatch.KeyOf(read.Campaign.Id, read.ScopeId);
        Entry entry;
        lock (_gate)
        {
            if (!_watches.TryGetValue(key, out entry!))
            {
                var watch = new ScopeWatch(grains, reader, hub, logger, read);
                entry = new Entry(watch, watch.StartAsync());
                _watches[key] = entry;
            }
            entry.Watch.Followers++;
        }
        try
        {
            await entry.Started;
        }
        catch
        {
            await Leave(key);
            throw;
        }
        return entry.Watch;
    }

    private sealed class Entry(ScopeWatch watch, Task started)
    {
        public ScopeWatch Watch { get; } = watch;

        public Task Started { get; } = started;
    }

    /// <summary>One follower: subscribing attaches it to the watch, disposing detaches it and leaves the scope.</summary>
    private sealed class ScopeStream(LiveFeed feed, ScopeWatch watch) : IObservable<ScopedCounts>
    {
        private int _subscribed;

        public IDisposable Subscribe(IObserver<ScopedCounts> observer)
        {
            if (Interlocked.Exchange(ref _subscribed, 1) == 1)
            {
                throw new InvalidOperationException("A live counts stream has one subscriber.");
            }
            watch.Attach(observer);
            return new Detach(() =>
            {
                watch.Detach(observer);
                feed.Leave(watch.Key).Ignore();
            });
        }
    }

    private sealed class Detach(Action detach) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                detach();
            }
        }
    }
}
