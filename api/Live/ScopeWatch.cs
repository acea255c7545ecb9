using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Volunteers.Api.Counting;
using Volunteers.Tallies;

namespace Volunteers.Api.Live;

/// <summary>
/// This node's one watch on one scope: a grain observer registered with the scope's
/// <see cref="ITallyGrain"/>, renewed before it expires, that hands every change to the SignalR group
/// of the scope on this node and to the GraphQL subscriptions here. However many dashboards follow a
/// scope, the grain knows one watcher per node, and a node pushes only to its own connections, so
/// several nodes need no backplane.
/// <para>A node paces each scope by how many follow it here (<see cref="PaceFor"/>): the first change after
/// a quiet spell goes out at once, the changes that follow within the pace go out together at its end, the
/// newest counts with every help since the last push. So what a node sends grows with dashboards × pushes a
/// second, never with helps, and a scope ten thousand follow is pushed less often than one a few follow.
/// SignalR serialises a group's message once per protocol and writes those bytes to every connection of it
/// (DefaultHubLifetimeManager's SerializedHubMessage), so a push costs one serialisation and a write each.</para>
/// </summary>
internal sealed class ScopeWatch : ITallyObserver, IAsyncDisposable
{
    /// <summary>
    /// What one push to one follower is allowed to cost: a scope's pushes then take at most ~40 % of a core
    /// at the ~20 µs a SignalR write to one connection took here (a broadcast to 10,000 in 145–260 ms).
    /// </summary>
    public static readonly TimeSpan PacePerFollower = TimeSpan.FromMicroseconds(50);

    /// <summary>A person reads a dashboard no faster than this, however few follow it.</summary>
    public static readonly TimeSpan FastestPace = TimeSpan.FromMilliseconds(100);

    /// <summary>However many follow, a change is pushed within this (and the tree's own reports) of reaching the node.</summary>
    public static readonly TimeSpan SlowestPace = TimeSpan.FromSeconds(1);

    private readonly IGrainFactory _grains;
    private readonly CountsReader _reader;
    private readonly IHubContext<LiveHub, ILiveClient> _hub;
    private readonly ILogger _logger;
    private readonly ITallyGrain _level;
    private readonly Lock _gate = new();
    // One reader publishes in order, so the hub group and each stream see versions rise.
    private readonly Channel<Func<Task>> _work = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Timer _paced;
    private readonly List<HelpEvent> _unsent = [];
    private bool _pushDue;
    private long _dueSince;
    private long _pushedAt;
    private int _followers;
    private ImmutableList<IObserver<ScopedCounts>> _streams = [];
    private ScopedCounts _latest;
    private ITallyObserver? _reference;
    private Task _pump = Task.CompletedTask;
    private Task _renewal = Task.CompletedTask;

    public ScopeWatch(IGrainFactory grains, CountsReader reader, IHubContext<LiveHub, ILiveClient> hub, ILogger logger, ScopedCounts first)
    {
        _grains = grains;
        _reader = reader;
        _hub = hub;
        _logger = logger;
        _latest = first;
        Key = KeyOf(first.Campaign.Id, first.ScopeId);
        _level = grains.GetGrain<ITallyGrain>(Key);
        _paced = new Timer(_ => _work.Writer.TryWrite(Push));
    }

    /// <summary>Dashboards and GraphQL streams following the scope on this node, counted by <see cref="LiveFeed"/>.</summary>
    public int Followers
    {
        get => Volatile.Read(ref _followers);
        set => Volatile.Write(ref _followers, value);
    }

    /// <summary>The least time between two pushes of a scope that <paramref name="followers"/> follow on this node.</summary>
    public static TimeSpan PaceFor(int followers) =>
        TimeSpan.FromTicks(Math.Clamp(PacePerFollower.Ticks * followers, FastestPace.Ticks, SlowestPace.Ticks));

    /// <summary>The SignalR group on this node and the scope's grain key alike.</summary>
    public string Key { get; }

    public ScopedCounts Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    public static string KeyOf(string campaignId, string? scopeId) => Ids.Scoped(campaignId, scopeId ?? campaignId);

    public async Task StartAsync()
    {
        _pump = Pump();
        // Held strongly here: Orleans keeps only a weak reference to an observer object.
        _reference = _grains.CreateObjectReference<ITallyObserver>(this);
        await Changed(await _level.Watch(_reference), []);
        _renewal = Renew(_stopping.Token);
    }

    public Task Changed(LevelFigures figures, ImmutableArray<HelpEvent> recent)
    {
        lock (_gate)
        {
            Accept(CountsReader.WithFigures(_latest, figures), recent);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Counts just read (for a snapshot, or at renewal) are as good as a notice, and they bring the
    /// campaign's current targets, which notices do not carry.
    /// </summary>
    public ScopedCounts Offer(ScopedCounts read)
    {
        lock (_gate)
        {
            Accept(read, []);
            return _latest;
        }
    }

    /// <summary>Adds a GraphQL stream: it gets the counts now, then every change, in order.</summary>
    public void Attach(IObserver<ScopedCounts> stream) =>
        _work.Writer.TryWrite(() =>
        {
            stream.OnNext(Latest);
            _streams = _streams.Add(stream);
            return Task.CompletedTask;
        });

    public void Detach(IObserver<ScopedCounts> stream) =>
        _work.Writer.TryWrite(() =>
        {
            _streams = _streams.Remove(stream);
            return Task.CompletedTask;
        });

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _paced.DisposeAsync();
        _work.Writer.TryComplete();
        await Task.WhenAll(_pump, _renewal);
        if (_reference is not null)
        {
            try
            {
                await _level.Unwatch(_reference);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The watch expires by itself; saying so early only spares the grain some notices.
                _logger.LogDebug(exception, "Could not unwatch {Scope}", Key);
            }
            _grains.DeleteObjectReference<ITallyObserver>(_reference);
        }
        foreach (var stream in _streams)
        {
            stream.OnCompleted();
        }
        _stopping.Dispose();
    }

    /// <summary>Called under the gate, so a push always takes the newest counts and every help before them.</summary>
    private void Accept(ScopedCounts candidate, ImmutableArray<HelpEvent> recent)
    {
        var newer = candidate.Tally.Version > _latest.Tally.Version;
        // The rows travel with the total they sum to: both are taken from the newer, never mixed.
        _latest = newer ? candidate : candidate with { Tally = _latest.Tally, Children = _latest.Children };
        if (!newer && recent.IsEmpty)
        {
            return;
        }
        _unsent.AddRange(recent);
        // The ticker shows a handful: in a long pace only the newest helps are worth a push.
        if (_unsent.Count > HelpEvent.MaxPerReport)
        {
            _unsent.RemoveRange(0, _unsent.Count - HelpEvent.MaxPerReport);
        }
        if (_pushDue)
        {
            return;
        }
        _pushDue = true;
        _dueSince = Stopwatch.GetTimestamp();
        var wait = PaceFor(Followers) - Stopwatch.GetElapsedTime(_pushedAt);
        if (wait > TimeSpan.Zero)
        {
            _paced.Change(wait, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _work.Writer.TryWrite(Push);
        }
    }

    /// <summary>Run by the pump, so pushes go out one at a time and versions rise in the order they are sent.</summary>
    private Task Push()
    {
        ScopeChange change;
        lock (_gate)
        {
            if (!_pushDue)
            {
                return Task.CompletedTask;
            }
            _pushDue = false;
            _pushedAt = Stopwatch.GetTimestamp();
            LiveMetrics.Paced(Stopwatch.GetElapsedTime(_dueSince, _pushedAt));
            change = new ScopeChange(_latest, [.. _unsent]);
            _unsent.Clear();
        }
        return Publish(change);
    }

    private async Task Publish(ScopeChange change)
    {
        var started = Stopwatch.GetTimestamp();
        await _hub.Clients.Group(Key).Update(new LiveUpdate(LiveCounts.From(change.Counts), change.Recent));
        foreach (var stream in _streams)
        {
            stream.OnNext(change.Counts);
        }
        LiveMetrics.Pushed(Stopwatch.GetElapsedTime(started), Followers);
    }

    private async Task Pump()
    {
        await foreach (var work in _work.Reader.ReadAllAsync())
        {
            try
            {
                await work();
            }
            catch (Exception exception)
            {
                _logger.LogWarning(exception, "Pushing live counts of {Scope} failed", Key);
            }
        }
    }

    /// <summary>
    /// Renews the watch well within its expiry; this also re-registers with a level that was
    /// reactivated elsewhere (a silo died) and so forgot its watchers, and picks up changed targets.
    /// </summary>
    private async Task Renew(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TallyWatch.RenewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await Changed(await _level.Watch(_reference!), []);
                    Offer(await _reader.Read(Latest.Campaign.Id, Latest.ScopeId, withChildren: true));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    _logger.LogWarning(exception, "Renewing the live watch of {Scope} failed; trying again in {Interval}", Key, TallyWatch.RenewEvery);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed: the last dashboard on this node left the scope.
        }
    }
}
