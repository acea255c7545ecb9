using System.Collections.Immutable;
using System.Diagnostics;
using Orleans.Placement;

namespace Volunteers.Accounts;

[GenerateSerializer]
public sealed class AccountState
{
    [Id(0)] public AccountInfo? Account { get; set; }

    [Id(1)] public string SecretHash { get; set; } = "";

    [Id(2)] public int Failures { get; set; }

    [Id(3)] public DateTimeOffset? LockedUntil { get; set; }

    [Id(4)] public ImmutableArray<string> Sessions { get; set; } = [];
}

/// <summary>
/// Asked at a join, a sign-in and a refresh, and by its sessions when an api node checks one; it goes after
/// <see cref="IdleFor"/> minutes instead of Orleans' 15, or a moment after a session's check. An account each was a
/// quarter of the silo's activations at 100,000 joined volunteers.
/// </summary>
[CollectionAgeLimit(Minutes = IdleFor)]
public sealed class AccountGrain(
    [PersistentState("account", GrainStorage.Name)] IPersistentState<AccountState> state,
    TimeProvider time) : Grain, IAccountGrain
{
    public const int IdleFor = 2;
    public const int MaxFailures = 5;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    /// <summary>Phones get lost; the oldest sessions beyond this many are dropped.</summary>
    public const int MaxSessions = 10;

    private IGrainTimer? _going;

    public async Task<AccountInfo> Create(NewAccount account)
    {
        if (state.State.Account is not null)
        {
            var field = this.GetPrimaryKeyString().StartsWith("phone:", StringComparison.Ordinal) ? "phone" : "username";
            throw DomainException.Conflict(field, $"'{Shown}' has an account already.");
        }
        state.State = new AccountState
        {
            Account = new AccountInfo(this.GetPrimaryKeyString(), account.Role, account.ScopeId, account.CreatedBy, time.GetUtcNow()),
            SecretHash = account.SecretHash,
            Sessions = account.FirstSession is { } first ? [first] : [],
        };
        await state.WriteStateAsync();
        return state.State.Account;
    }

    public Task<AccountInfo?> Get() => Task.FromResult(state.State.Account);

    /// <summary>
    /// Counts an attempt, and locks the login after <see cref="MaxFailures"/> in a row. A login no one has is counted
    /// and locked alike, so the lockout does not tell which phones have joined; its count is kept in memory only
    /// (the activation outlives the lockout while someone keeps trying), since a row per guessed phone would let a
    /// sweep fill the store.
    /// </summary>
    public async Task<SignInAttempt?> BeginSignIn()
    {
        var account = state.State.Account;
        var now = time.GetUtcNow();
        // The count of a login no one has lives only here: it must outlast a lockout, not the short idle time.
        DelayDeactivation(Lockout);
        if (state.State.LockedUntil > now)
        {
            throw Locked(state.State.LockedUntil.Value);
        }
        if (state.State.Failures >= MaxFailures)
        {
            state.State.Failures = 0;
            state.State.LockedUntil = now + Lockout;
            if (account is not null)
            {
                await state.WriteStateAsync();
                // Tokens of a locked login stop acting at once, sockets included, not when they expire.
                await Task.WhenAll(state.State.Sessions.Select(s => GrainFactory.GetGrain<ISessionGrain>(s).AccountChanged()));
            }
            throw Locked(state.State.LockedUntil.Value);
        }
        state.State.Failures++;
        if (account is null)
        {
            return null;
        }
        await state.WriteStateAsync();
        return new SignInAttempt(account, state.State.SecretHash);
    }

    public async Task SignedIn(string sessionId, string? rehashedSecret)
    {
        state.State.Failures = 0;
        state.State.LockedUntil = null;
        state.State.SecretHash = rehashedSecret ?? state.State.SecretHash;
        var sessions = state.State.Sessions.Add(sessionId);
        var dropped = sessions.Length > MaxSessions ? sessions[..^MaxSessions] : [];
        state.State.Sessions = sessions[dropped.Length..];
        await state.WriteStateAsync();
        DelayDeactivation(TimeSpan.Zero);
        // The api nodes hold a dropped session's last answer; through it they must hear that it may act no more.
        await Task.WhenAll(dropped.Select(s => GrainFactory.GetGrain<ISessionGrain>(s).AccountChanged()));
    }

    public Task<bool> HasSession(string sessionId) =>
        Task.FromResult(state.State.Account is not null && state.State.Sessions.Contains(sessionId));

    /// <summary>
    /// Asked by a session for an api node (<see cref="GoneAfterAnswering"/>): an account that exists keeps all it knows
    /// in its row, so it goes; a login no one has keeps its guesses in memory only, and stays.
    /// </summary>
    public Task<bool> MayAct(string sessionId)
    {
        if (state.State.Account is null)
        {
            return Task.FromResult(false);
        }
        GoneAfterAnswering.Answered(this, ref _going);
        return Task.FromResult(state.State.Sessions.Contains(sessionId) && !(state.State.LockedUntil > time.GetUtcNow()));
    }

    public async Task SessionEnded(string sessionId)
    {
        if (state.State.Sessions.Contains(sessionId))
        {
            state.State.Sessions = state.State.Sessions.Remove(sessionId);
            await state.WriteStateAsync();
        }
    }

    public async Task<ImmutableArray<string>> Delete()
    {
        var sessions = state.State.Sessions;
        await state.ClearStateAsync();
        state.State = new AccountState();
        return sessions;
    }

    /// <summary>The login without its kind prefix, for messages.</summary>
    private string Shown => this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().IndexOf(':', StringComparison.Ordinal) + 1)..];

    private static DomainException Locked(DateTimeOffset until) => new("LOCKED", "login",
        $"Too many wrong attempts; this login is locked until {until:HH:mm} UTC.");
}

[GenerateSerializer]
public sealed class SessionState
{
    [Id(0)] public string Login { get; set; } = "";

    [Id(1)] public string SecretHash { get; set; } = "";

    [Id(2)] public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// Goes after <see cref="IdleFor"/> idle minutes instead of Orleans' 15, which kept one beside every phone that had
/// signed in within them. It keeps no list of who asked it, since every api node hears of a change through
/// <see cref="ISessionNoticesGrain"/>; so it goes a moment after it has answered whether it may act, while the nodes
/// keep that answer for as long as the session is in use, <see cref="SessionWatch.CacheFor"/> at most. A working
/// phone's session is activated once in that time, for the ask alone, and again at each refresh of its token.
/// </summary>
[CollectionAgeLimit(Minutes = IdleFor)]
public sealed class SessionGrain(
    [PersistentState("session", GrainStorage.Name)] IPersistentState<SessionState> state,
    TimeProvider time) : Grain, ISessionGrain
{
    public const int IdleFor = 2;

    private IGrainTimer? _going;

    public async Task Start(string login, string secretHash, DateTimeOffset expiresAt)
    {
        if (state.RecordExists)
        {
            throw DomainException.Conflict("session", "This session exists already.");
        }
        state.State = new SessionState { Login = login, SecretHash = secretHash, ExpiresAt = expiresAt };
        await state.WriteStateAsync();
    }

    public async Task<string?> Rotate(string presentedHash, string nextHash)
    {
        if (!state.RecordExists || state.State.ExpiresAt <= time.GetUtcNow())
        {
            return null;
        }
        if (!Secrets.Same(presentedHash, state.State.SecretHash))
        {
            await Revoke();
            return null;
        }
        state.State.SecretHash = nextHash;
        await state.WriteStateAsync();
        return state.State.Login;
    }

    /// <summary>A revoked session keeps nothing, not even whose it was; its login and its watchers hear of it first.</summary>
    public async Task Revoke()
    {
        if (state.RecordExists)
        {
            var login = state.State.Login;
            await state.ClearStateAsync();
            state.State = new SessionState();
            await GrainFactory.GetGrain<IAccountGrain>(login).SessionEnded(this.GetPrimaryKeyString());
        }
        await AccountChanged();
    }

    /// <summary>An answer kept here would save an ask only while the activation stays (<see cref="GoneAfterAnswering"/>).</summary>
    public async Task<bool> MayAct()
    {
        var mayAct = state.RecordExists && state.State.ExpiresAt > time.GetUtcNow()
            && await GrainFactory.GetGrain<IAccountGrain>(state.State.Login).MayAct(this.GetPrimaryKeyString());
        GoneAfterAnswering.Answered(this, ref _going);
        return mayAct;
    }

    public Task AccountChanged() => GrainFactory.GetGrain<ISessionNoticesGrain>(0).Tell(this.GetPrimaryKeyString());
}

/// <summary>
/// The api nodes kept told of sessions that changed, each with when it last asked; lost with its silo, which the nodes
/// learn at their next ask. Not moved by the rebalancer: moved, it would forget its nodes, and each would then forget
/// every answer it holds.
/// </summary>
[Immovable]
public sealed class SessionNoticesGrain : Grain, ISessionNoticesGrain
{
    private readonly Dictionary<ISessionObserver, long> _nodes = [];

    public Task<bool> KeepTelling(ISessionObserver node)
    {
        var told = Told().Contains(node);
        _nodes[node] = Stopwatch.GetTimestamp();
        return Task.FromResult(told);
    }

    public Task Tell(string sessionId)
    {
        foreach (var node in Told())
        {
            _ = TellOne(node, sessionId);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Not awaited by <see cref="Tell"/>: a node gone without a word would hold every notice behind it for the response
    /// timeout. Its answer comes back to this activation, which is where <see cref="_nodes"/> may change.
    /// </summary>
    private async Task TellOne(ISessionObserver node, string sessionId)
    {
        try
        {
            await node.Changed(sessionId);
        }
        catch (Exception)
        {
            // It may hold the session's old answer: told no more, its next ask learns so and it forgets every answer.
            _nodes.Remove(node);
        }
    }

    /// <summary>The nodes that asked within <see cref="SessionWatch.Expiry"/>; the others are forgotten.</summary>
    private List<ISessionObserver> Told()
    {
        foreach (var (node, _) in _nodes.Where(n => Stopwatch.GetElapsedTime(n.Value) > SessionWatch.Expiry).ToList())
        {
            _nodes.Remove(node);
        }
        return [.. _nodes.Keys];
    }
}

[GenerateSerializer]
public sealed class TeamInviteState
{
    [Id(0)] public string Secret { get; set; } = "";
}

public sealed class TeamInviteGrain(
    [PersistentState("team-invite", GrainStorage.Name)] IPersistentState<TeamInviteState> state) : Grain, ITeamInviteGrain
{
    public async Task<string> Current() => state.State.Secret is { Length: > 0 } secret ? secret : await Rotate();

    public async Task<string> Rotate()
    {
        // Eight characters of Ids' unambiguous alphabet: about 40 bits, typed from a poster if the QR code fails.
        state.State.Secret = Ids.New("i")[2..10];
        await state.WriteStateAsync();
        return state.State.Secret;
    }

    public Task<bool> Accepts(string secret) => Task.FromResult(state.State.Secret.Length > 0 && Secrets.Same(secret, state.State.Secret));
}

internal static class Secrets
{
    /// <summary>Compares in constant time, so response timing does not reveal how much of a guess was right.</summary>
    public static bool Same(string presented, string kept) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(presented), System.Text.Encoding.UTF8.GetBytes(kept));
}
