using System.Collections.Immutable;
using Orleans.Concurrency;
using Volunteers.Accounts;

namespace Volunteers.Messages;

/// <summary>
/// Who sends a message: their role, their login, and where they sit (a leader's team, an official's ward,
/// an organiser's district or province), which the message names as where it comes from.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Sender(
    [property: Id(0)] Role Role,
    [property: Id(1)] string Name,
    [property: Id(2)] string ScopeId);

/// <summary>
/// A short message from a leader, an official or an organiser to the teams of a scope, as every team's
/// inbox keeps it. <see cref="ScopeId"/> is where it was sent (the team, the ward or a unit above wards).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TeamMessage(
    [property: Id(0)] string Id,
    [property: Id(1)] Role SenderRole,
    [property: Id(2)] string SenderName,
    [property: Id(3)] string SenderUnit,
    [property: Id(4)] string ScopeId,
    [property: Id(5)] string ScopeName,
    [property: Id(6)] string Text,
    [property: Id(7)] DateTimeOffset SentAt);

/// <summary>A message as one volunteer sees it: read by them or not.</summary>
[GenerateSerializer, Immutable]
public sealed record InboxMessage(
    [property: Id(0)] TeamMessage Message,
    [property: Id(1)] bool Read);

/// <summary>What the sender learns: the message as stored, and how many teams' inboxes hold it.</summary>
[GenerateSerializer, Immutable]
public sealed record SentMessage(
    [property: Id(0)] TeamMessage Message,
    [property: Id(1)] int Teams);

public static class Inbox
{
    /// <summary>
    /// A message is read on a phone and forwarded to the team's Zalo group as it is: a few lines, like
    /// "Chuyển sang Thôn 5 lúc 14:00", not a letter.
    /// </summary>
    public const int MaxText = 300;

    /// <summary>The newest messages a team's inbox keeps; older ones are dropped with their read marks.</summary>
    public const int Keep = 100;

    public const string MessageKind = "m";

    /// <summary>An api node's watch on an inbox lasts this long unrenewed, and is renewed this often.</summary>
    public static readonly TimeSpan WatchExpiry = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Sends a message to every team of a scope. Stateless: it resolves the scope to its teams and posts to
/// each team's inbox, so no grain sits on the path of every message of a province.
/// </summary>
public interface IMessageSenderGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Sends <paramref name="text"/> to the team <paramref name="scopeId"/> names, or to every team of a ward,
    /// district or province. Refuses an empty or too long text (field "text"), a place or a scope without
    /// teams (field "scopeId"). Whether the sender may reach the scope is the api's access rule.
    /// </summary>
    Task<SentMessage> Send(Sender sender, string scopeId, string text);
}

/// <summary>
/// A team's messages, keyed by team id, with each member's read marks. Api nodes watch it to push new
/// messages to the phones connected there.
/// </summary>
public interface ITeamInboxGrain : IGrainWithStringKey
{
    /// <summary>Keeps the message; posting the same message id again changes nothing.</summary>
    Task Post(TeamMessage message);

    /// <summary>The newest messages first, at most <paramref name="limit"/>, with the volunteer's read marks.</summary>
    Task<ImmutableArray<InboxMessage>> List(string volunteerId, int limit);

    /// <summary>Marks the messages read for the volunteer (ids not kept are passed over); answers how many stay unread.</summary>
    Task<int> MarkRead(string volunteerId, ImmutableArray<string> messageIds);

    Task Watch(IInboxObserver watcher);

    Task Unwatch(IInboxObserver watcher);
}

/// <summary>An api node told of each new message of a team it watches. One-way: an inbox never waits on a node.</summary>
public interface IInboxObserver : IGrainObserver
{
    [OneWay]
    Task Received(TeamMessage message);
}
