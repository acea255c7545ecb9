using System.Collections.Immutable;
using Volunteers.Messages;

namespace Volunteers.Api.Live;

/// <summary>
/// The team inboxes this api node watches for the volunteers' GraphQL subscriptions here: the first phone of
/// a team to connect starts the team's watch, the last one to leave ends it, so an inbox knows one watcher
/// per node however many of its members are connected there.
/// </summary>
public sealed class InboxFeed(IGrainFactory grains, ILogger<InboxFeed> logger) : IAsyncDisposable
{
    private readonly Dictionary<string, InboxWatch> _watches = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Whether a subscription on this node follows the team's inbox now, its watch registered.</summary>
    public bool Follows(string teamId)
    {
        lock (_gate)
        {
            return _watches.TryGetValue(teamId, out var watch) && watch.Started.IsCompletedSuccessfully && watch.HasStreams;
        }
    }

    /// <summary>The team's new messages, unread, as a stream for one subscriber; the team is left when it lets go.</summary>
    public async Task<IObservable<InboxMessage>> Stream(string teamId)
    {
        InboxWatch watch;
        lock (_gate)
        {
            if (!_watches.TryGetValue(teamId, out watch!))
            {
                watch = new InboxWatch(grains, logger, teamId);
                _watches[teamId] = watch;
            }
            watch.Followers++;
        }
        try
        {
            await watch.Started;
        }
        catch
        {
            await Leave(watch);
            throw;
        }
        return new MessageStream(this, watch);
    }

    public async ValueTask DisposeAsync()
    {
        List<InboxWatch> watches;
        lock (_gate)
        {
            watches = [.. _watches.Values];
            _watches.Clear();
        }
        foreach (var watch in watches)
        {
            await watch.DisposeAsync();
        }
    }

    private async Task Leave(InboxWatch watch)
    {
        bool ended;
        lock (_gate)
        {
            ended = --watch.Followers == 0 && _watches.Remove(watch.TeamId);
        }
        if (ended)
        {
            await watch.DisposeAsync();
        }
    }

    private sealed class MessageStream(InboxFeed feed, InboxWatch watch) : IObservable<InboxMessage>
    {
        private int _subscribed;

        public IDisposable Subscribe(IObserver<InboxMessage> observer)
        {
            if (Interlocked.Exchange(ref _subscribed, 1) == 1)
            {
                throw new InvalidOperationException("A messages stream has one subscriber.");
            }
            watch.Attach(observer);
            var detached = 0;
            return new Detach(() =>
            {
                if (Interlocked.Exchange(ref detached, 1) == 0)
                {
                    watch.Detach(observer);
                    feed.Leave(watch).Ignore();
                }
            });
        }
    }

    private sealed class Detach(Action detach) : IDisposable
    {
        public void Dispose() => detach();
    }

    /// <summary>
    /// This node's watch on one team inbox: a grain observer renewed well within its expiry, which also
    /// registers again with an inbox reactivated elsewhere (a silo died) that forgot its watchers.
    /// </summary>
    private sealed class InboxWatch : IInboxObserver, IAsyncDisposable
    {
        private readonly IGrainFactory _grains;
        private readonly ILogger _logger;
        private readonly ITeamInboxGrain _inbox;
        private readonly IInboxObserver _reference;
        private readonly CancellationTokenSource _stopping = new();
        private readonly Lock _gate = new();
        private readonly Task _renewal;
        private ImmutableList<IObserver<InboxMessage>> _streams = [];

        public InboxWatch(IGrainFactory grains, ILogger logger, string teamId)
        {
            _grains = grains;
            _logger = logger;
            TeamId = teamId;
            _inbox = grains.GetGrain<ITeamInboxGrain>(teamId);
            // Held strongly here: Orleans keeps only a weak reference to an observer object.
            _reference = grains.CreateObjectReference<IInboxObserver>(this);
            Started = _inbox.Watch(_reference);
            _renewal = Renew(_stopping.Token);
        }

        public string TeamId { get; }

        public Task Started { get; }

        /// <summary>Changed under the feed's lock only.</summary>
        public int Followers { get; set; }

        public Task Received(TeamMessage message)
        {
            // Under the lock, so each stream sees the messages in the order the inbox sent them.
            lock (_gate)
            {
                foreach (var stream in _streams)
                {
                    stream.OnNext(new InboxMessage(message, Read: false));
                }
            }
            return Task.CompletedTask;
        }

        public bool HasStreams
        {
            get
            {
                lock (_gate)
                {
                    return !_streams.IsEmpty;
                }
            }
        }

        public void Attach(IObserver<InboxMessage> stream)
        {
            lock (_gate)
            {
                _streams = _streams.Add(stream);
            }
        }

        public void Detach(IObserver<InboxMessage> stream)
        {
            lock (_gate)
            {
                _streams = _streams.Remove(stream);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stopping.CancelAsync();
            await _renewal;
            try
            {
                await _inbox.Unwatch(_reference);
            }
            catch (Exception exception)
            {
                // The watch expires by itself; saying so early only spares the inbox some notices.
                _logger.LogDebug(exception, "Could not unwatch the inbox of {Team}", TeamId);
            }
            _grains.DeleteObjectReference<IInboxObserver>(_reference);
            lock (_gate)
            {
                foreach (var stream in _streams)
                {
                    stream.OnCompleted();
                }
                _streams = [];
            }
            _stopping.Dispose();
        }

        private async Task Renew(CancellationToken stopping)
        {
            using var timer = new PeriodicTimer(Inbox.RenewEvery);
            try
            {
                while (await timer.WaitForNextTickAsync(stopping))
                {
                    try
                    {
                        await _inbox.Watch(_reference);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        _logger.LogWarning(exception, "Renewing the watch of the inbox of {Team} failed; trying again in {Interval}", TeamId, Inbox.RenewEvery);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Disposed: the last phone of the team on this node left.
            }
        }
    }
}
