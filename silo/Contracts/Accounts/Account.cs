using System.Collections.Immutable;

namespace Volunteers.Accounts;

/// <summary>Who may act where; the scope each role is bound to is named in <see cref="AccountInfo.ScopeId"/>.</summary>
public enum Role
{
    /// <summary>Youth union of a province or district: scoped to that unit's subtree.</summary>
    Organiser,

    /// <summary>Ward or commune official: scoped to the ward.</summary>
    Official,

    /// <summary>Team leader: scoped to the team.</summary>
    Leader,

    /// <summary>Volunteer: scoped to themself (the volunteer id).</summary>
    Volunteer,
}

public static class Logins
{
    /// <summary>Staff sign in with a username; volunteers with their phone. One key space keeps one lockout rule.</summary>
    public static string OfUsername(string username) => $"user:{username.Trim().ToLowerInvariant()}";

    /// <summary>+84 and 0 prefixes name the same number, so both map to one login.</summary>
    public static string OfPhone(string phone)
    {
        var digits = phone.Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);
        return $"phone:{(digits.StartsWith("+84", StringComparison.Ordinal) ? "0" + digits[3..] : digits)}";
    }
}

/// <summary>A new login. The secret arrives hashed: the silo never sees a password or PIN.</summary>
/// <param name="FirstSession">
/// The session a join signs in with, recorded with the account in its one write: a join is otherwise five
/// SQLite commits, and commits bound how fast a campaign's volunteers can join.
/// </param>
[GenerateSerializer, Immutable]
public sealed record NewAccount(
    [property: Id(0)] Role Role,
    [property: Id(1)] string ScopeId,
    [property: Id(2)] string SecretHash,
    [property: Id(3)] string CreatedBy,
    [property: Id(4)] string? FirstSession = null);

[GenerateSerializer, Immutable]
public sealed record AccountInfo(
    [property: Id(0)] string Login,
    [property: Id(1)] Role Role,
    [property: Id(2)] string ScopeId,
    [property: Id(3)] string CreatedBy,
    [property: Id(4)] DateTimeOffset CreatedAt);

/// <summary>An attempt the account has counted as failed until <see cref="IAccountGrain.SignedIn"/> says otherwise.</summary>
[GenerateSerializer, Immutable]
public sealed record SignInAttempt(
    [property: Id(0)] AccountInfo Account,
    [property: Id(1)] string SecretHash);

/// <summary>
/// One login, keyed by <see cref="Logins"/>. It holds the hashed secret and the lockout count; hashing
/// and checking happen in the api, so each attempt is counted here before the secret is compared.
/// </summary>
public interface IAccountGrain : IGrainWithStringKey
{
    Task<AccountInfo> Create(NewAccount account);

    Task<AccountInfo?> Get();

    /// <summary>
    /// Counts an attempt as failed before it is checked, so parallel guesses cannot outrun the lockout.
    /// Null when no such login; a LOCKED refusal while locked out.
    /// </summary>
    Task<SignInAttempt?> BeginSignIn();

    /// <summary>The secret matched: the failure count is cleared and the session remembered for revocation.</summary>
    Task SignedIn(string sessionId, string? rehashedSecret);

    /// <summary>Whether a session of this login may still be refreshed.</summary>
    Task<bool> HasSession(string sessionId);

    /// <summary>
    /// Whether a session of this login may still act: the login exists, holds the session and is not locked.
    /// Read-only, so it interleaves with a sign-in that is telling the sessions of a lock.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<bool> MayAct(string sessionId);

    /// <summary>The session was signed out or revoked: it is no longer one of this login's.</summary>
    Task SessionEnded(string sessionId);

    /// <summary>Forgets the login; returns its sessions so they can be revoked.</summary>
    Task<ImmutableArray<string>> Delete();
}

/// <summary>A refresh-token family, keyed by a random session id. Only the hash of the current secret is kept.</summary>
public interface ISessionGrain : IGrainWithStringKey
{
    Task Start(string login, string secretHash, DateTimeOffset expiresAt);

    /// <summary>
    /// Swaps the current secret for the next one and returns the login. Any other secret revokes the
    /// session: only a copy of an already used token can hold one.
    /// </summary>
    Task<string?> Rotate(string presentedHash, string nextHash);

    Task Revoke();

    /// <summary>
    /// Whether tokens of this session may still act: it exists, has not expired, and its account may act. Read-only,
    /// and asks that come together (from several api nodes) share the activation, which goes a moment after.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<bool> MayAct();

    /// <summary>The account was locked or changed: every api node hears of it through <see cref="ISessionNoticesGrain"/>.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task AccountChanged();
}

/// <summary>An api node that caches whether sessions may act, and ends their sockets when they may not.</summary>
public interface ISessionObserver : IGrainObserver
{
    /// <summary>
    /// Answered once the node has dropped its answer for the session. Not one-way: a notice that fails or is not
    /// answered is how <see cref="ISessionNoticesGrain"/> learns that the node may still hold the old answer.
    /// </summary>
    Task Changed(string sessionId);
}

/// <summary>
/// Key 0: the api nodes of the cluster, each told of every session that may no longer act. A handful of nodes, and
/// changes are rare (a sign-out, a lock, a dropped session), so one grain tells them all. A session therefore keeps
/// no list of who asked it, and need not stay activated while the nodes trust its answer.
/// </summary>
public interface ISessionNoticesGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Keeps <paramref name="node"/> told for <see cref="SessionWatch.Expiry"/>. False when it was not being told until
    /// now (the first call, a lapse, or this grain new after its silo went): notices may have passed it by.
    /// </summary>
    Task<bool> KeepTelling(ISessionObserver node);

    /// <summary>
    /// Tells every node kept told that the session changed, without waiting for them. A node that does not answer is
    /// told no more, so its next <see cref="KeepTelling"/> is false and it forgets every answer it holds.
    /// </summary>
    Task Tell(string sessionId);
}

public static class SessionWatch
{
    /// <summary>How often an api node asks to be kept told; several times within <see cref="Expiry"/>, so a late one is not a lapse.</summary>
    public static readonly TimeSpan Renew = TimeSpan.FromSeconds(20);

    /// <summary>How long a node is told of changes after it last asked.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long an api keeps an answer that no request has asked for: a session in use keeps its answer, so a working
    /// phone's session and account are not activated again for it. Memory is what bounds this: the answers of phones
    /// gone quiet leave.
    /// </summary>
    public static readonly TimeSpan CacheIdle = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long an api trusts an answer at most, however often it is used. A change reaches every node kept told, and a
    /// node a notice failed to reach learns so at its next ask, within a silo's response timeout (30 s) and a
    /// <see cref="Renew"/>, and forgets every answer; so this guards only against what those miss. It costs a working
    /// phone an ask an hour, each two activations and two reads: at the 10 minutes it was when a lost notice went
    /// unnoticed, 100,000 working phones made ~170 asks a second. An access token lasts 15 minutes and a revoked
    /// session cannot renew one, so a stale yes outlives its session by no more than that.
    /// </summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromHours(1);
}

/// <summary>A team's invite code, keyed by team id; volunteers join the team with it.</summary>
public interface ITeamInviteGrain : IGrainWithStringKey
{
    /// <summary>The current secret, made on first use.</summary>
    Task<string> Current();

    /// <summary>Replaces the secret, so a leaked poster stops working.</summary>
    Task<string> Rotate();

    Task<bool> Accepts(string secret);
}

/// <summary>
/// A one-time ticket that opens one WebSocket (a dashboard's hub connection, a subscription socket) in place of the
/// access token, keyed by the random part of its text. Browsers can put nothing but the URL on a WebSocket, and a URL
/// is kept whole for as long as the socket stays open (three copies of it on the api node, ~2 KB with a token) and
/// lands in proxies' logs; a ticket is short, and worthless once used or expired.
/// </summary>
public interface ISocketTicketGrain : IGrainWithStringKey
{
    /// <summary>Holds the claims of whoever asked for the ticket until it is redeemed or <see cref="SocketTickets.ValidFor"/> passes.</summary>
    Task Hold(ImmutableDictionary<string, string> claims);

    /// <summary>The claims held, once; null for a ticket never issued, already used, or gone with its silo or its minute.</summary>
    Task<ImmutableDictionary<string, string>?> Redeem();
}

public static class SocketTickets
{
    /// <summary>Long enough for a weak network's socket to open after the ticket arrives; a phone asks again at each reconnect.</summary>
    public static readonly TimeSpan ValidFor = TimeSpan.FromMinutes(1);
}
