using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Volunteers.Messages;

[GenerateSerializer]
public sealed class TeamInboxState
{
    /// <summary>Oldest first, at most <see cref="Inbox.Keep"/>.</summary>
    [Id(0)] public List<TeamMessage> Messages { get; set; } = [];

    /// <summary>Per volunteer, the ids of kept messages they have read.</summary>
    [Id(1)] public Dictionary<string, HashSet<string>> Read { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One team's messages and its members' read marks. A team has a few dozen members and keeps a hundred
/// messages at most, so the whole inbox is one small row. Api nodes watch it with grain observers, as they
/// watch roll-up levels: one watch per node whatever number of phones are connected there.
/// </summary>
public sealed class TeamInboxGrain(
    [PersistentState("team-inbox", GrainStorage.Name)] IPersistentState<TeamInboxState> state,
    ILogger<TeamInboxGrain> logger) : Grain, ITeamInboxGrain
{
    private readonly ObserverManager<IInboxObserver> _watchers = new(Inbox.WatchExpiry, logger);

    public async Task Post(TeamMessage message)
    {
        var messages = state.State.Messages;
        if (messages.Exists(m => m.Id == message.Id))
        {
            return;
        }
        messages.Add(message);
        if (messages.Count > Inbox.Keep)
        {
            var dropped = messages.Take(messages.Count - Inbox.Keep).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            messages.RemoveAll(m => dropped.Contains(m.Id));
            foreach (var read in state.State.Read.Values)
            {
                read.ExceptWith(dropped);
            }
        }
        await Store();
        // Told only once stored, so a phone never shows a message a reload would not find again.
        _watchers.Notify(w => { w.Received(message).Ignore(); });
    }

    public Task<ImmutableArray<InboxMessage>> List(string volunteerId, int limit)
    {
        var read = ReadBy(volunteerId);
        return Task.FromResult<ImmutableArray<InboxMessage>>(
            [.. state.State.Messages.AsEnumerable().Reverse().Take(Math.Clamp(limit, 0, Inbox.Keep)).Select(m => new InboxMessage(m, read.Contains(m.Id)))]);
    }

    public async Task<int> MarkRead(string volunteerId, ImmutableArray<string> messageIds)
    {
        var kept = state.State.Messages.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var fresh = messageIds.Where(kept.Contains).Except(ReadBy(volunteerId)).ToList();
        if (fresh.Count > 0)
        {
            if (!state.State.Read.TryGetValue(volunteerId, out var read))
            {
                state.State.Read[volunteerId] = read = new HashSet<string>(StringComparer.Ordinal);
            }
            read.UnionWith(fresh);
            await Store();
        }
        return kept.Count - ReadBy(volunteerId).Count;
    }

    public Task Watch(IInboxObserver watcher)
    {
        _watchers.Subscribe(watcher, watcher);
        return Task.CompletedTask;
    }

    public Task Unwatch(IInboxObserver watcher)
    {
        _watchers.Unsubscribe(watcher);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The state is changed in place before it is written; when the write fails, the activation goes, so the
    /// next call reads what is stored rather than a change the caller was told had failed.
    /// </summary>
    private async Task Store()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private IReadOnlySet<string> ReadBy(string volunteerId) =>
        state.State.Read.TryGetValue(volunteerId, out var read) ? read : ImmutableHashSet<string>.Empty;
}
