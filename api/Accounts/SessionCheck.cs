using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;
using Microsoft.IdentityModel.JsonWebTokens;
using Volunteers.Accounts;
using Volunteers.Api.GraphQL.WebSockets;

namespace Volunteers.Api.Accounts;

/// <summary>
/// Whether a signed access token may still act: its session was not signed out or revoked, its account not
/// deleted or locked. A signature proves none of that, so every request asks here. The answer is cached while the
/// session is in use (<see cref="SessionWatch.CacheIdle"/>), for <see cref="SessionWatch.CacheFor"/> at most, and
/// dropped at once when <see cref="ISessionNoticesGrain"/> tells of a change, which is also when open sockets of the
/// session are ended, as they are when their token expires.
/// Answers are cached only while this node is kept told. A node not told for a while (that grain went with its silo,
/// or this node's asks lapsed) or that loses a gateway may have missed a notice, so it forgets every answer.
/// </summary>
public sealed class SessionCheck : ISessionObserver, ISocketSessions, IClusterConnectionStatusObserver, IDisposable
{
    /// <summary>
    /// How often open sockets are checked for an expired token: one pass over them all, not a timer each, which with
    /// its callback and closure held ~200 bytes a socket for the socket's whole life (gcdump at 10,000 dashboards). A
    /// token is honoured this much past its expiry at most.
    /// </summary>
    public static readonly TimeSpan ExpirySweep = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a refusal is kept: not while it is asked for, as a yes is. A lock ends by time alone, with no notice,
    /// and a refused phone keeps retrying; kept while asked, its refusal would outlast a 15-minute lock by up to the hour.
    /// </summary>
    public static readonly TimeSpan RefusalKeptFor = TimeSpan.FromMinutes(1);

    private static readonly MemoryCacheEntryOptions Kept = new()
    {
        SlidingExpiration = SessionWatch.CacheIdle,
        AbsoluteExpirationRelativeToNow = SessionWatch.CacheFor,
    };

    private static readonly MemoryCacheEntryOptions Refused = new() { AbsoluteExpirationRelativeToNow = RefusalKeptFor };

    private readonly IGrainFactory _grains;
    private readonly TokenIssuer _tokens;
    private readonly TimeProvider _time;
    private readonly MemoryCache _known;
    private readonly ConcurrentDictionary<string, ImmutableList<SocketWatch>> _sockets = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler _handler = new();
    private readonly Lazy<ISessionObserver> _reference;
    private readonly ITimer _expiries;

    /// <summary>When this node last asked to be kept told and was, already or from then on; 0 while it is not.</summary>
    private long _toldSince;

    /// <summary>Notices and forgettings so far: an answer that a change may have overtaken on its way is not cached.</summary>
    private long _changes;

    public SessionCheck(IGrainFactory grains, TokenIssuer tokens, TimeProvider time)
    {
        _grains = grains;
        _tokens = tokens;
        _time = time;
        _known = new(new MemoryCacheOptions { Clock = new Clock(time) });
        // Held strongly here: Orleans keeps only a weak reference to an observer object. Made on first use, and again
        // after a failure, so that one failure does not stay.
        _reference = new(() => grains.CreateObjectReference<ISessionObserver>(this), LazyThreadSafetyMode.PublicationOnly);
        _expiries = time.CreateTimer(_ => EndExpired(), null, ExpirySweep, ExpirySweep);
    }

    /// <summary>Anonymous callers have nothing to check; a signed-in one needs a session that may act.</summary>
    public async ValueTask<bool> MayAct(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return true;
        }
        return user.FindFirstValue(TokenIssuer.SessionClaim) is { Length: > 0 } session && await MayAct(session);
    }

    /// <summary>As <see cref="MayAct(ClaimsPrincipal?)"/>, and the token has not expired: what a long-lived socket asks per operation.</summary>
    public async ValueTask<bool> StillMayAct(ClaimsPrincipal? user) =>
        (ExpiresAt(user) is not { } expires || expires > _time.GetUtcNow()) && await MayAct(user);

    /// <summary>The caller a socket's connection_init names with a token, or null when the token is not valid.</summary>
    public async Task<ClaimsPrincipal?> SignIn(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _tokens.Validation);
        return result.IsValid ? SocketPrincipal.Of(result.ClaimsIdentity) : null;
    }

    /// <summary>
    /// Calls <paramref name="end"/> once the token of <paramref name="user"/> expires or its session can no longer
    /// act, whichever comes first; disposing the answer stops watching.
    /// </summary>
    public IDisposable Watch(ClaimsPrincipal? user, Action end)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return EmptyWatch.Instance;
        }
        var session = user.FindFirstValue(TokenIssuer.SessionClaim) ?? "";
        var watch = new SocketWatch(this, session, ExpiresAt(user) ?? DateTimeOffset.MaxValue, end);
        _sockets.AddOrUpdate(session, _ => [watch], (_, list) => list.Add(watch));
        return watch;
    }

    /// <summary>Answered once the answer is dropped; the session's sockets are checked after, not holding the notice up.</summary>
    public Task Changed(string sessionId)
    {
        Interlocked.Increment(ref _changes);
        _known.Remove(sessionId);
        _ = EndSocketsIfMayNotAct(sessionId);
        return Task.CompletedTask;
    }

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            Forget();
        }
    }

    public void NotifyClusterConnectionLost() => Forget();

    public void Dispose()
    {
        _expiries.Dispose();
        _known.Dispose();
    }

    /// <summary>
    /// Asks to be kept told (<see cref="SessionNoticesRenewal"/> does, every <see cref="SessionWatch.Renew"/>). When
    /// notices may have passed this node by, it forgets every answer and checks again the sessions of its open
    /// sockets, which no request may come to check. False when the question could not be asked.
    /// </summary>
    public async Task<bool> KeepTold()
    {
        var asked = _time.GetTimestamp();
        bool told;
        try
        {
            told = await _grains.GetGrain<ISessionNoticesGrain>(0).KeepTelling(_reference.Value);
        }
        catch (Exception)
        {
            // Out of reach (its silo gone): this node keeps no answer and caches none until it is told again.
            Interlocked.Exchange(ref _toldSince, 0);
            Forget();
            return false;
        }
        Interlocked.Exchange(ref _toldSince, asked);
        if (!told)
        {
            Forget();
            // Together, not one after another: sessions out of reach each wait for a timeout, and until this returns
            // the node does not ask to be told again.
            await Task.WhenAll(_sockets.Keys.Select(EndSocketsIfMayNotAct));
        }
        return true;
    }

    private async Task EndSocketsIfMayNotAct(string sessionId)
    {
        if (!_sockets.TryGetValue(sessionId, out var sockets) || sockets.IsEmpty)
        {
            return;
        }
        bool mayAct;
        try
        {
            // Asked of the session, not of the cache: an answer cached just as a notice came stands until its re-check.
            mayAct = await _grains.GetGrain<ISessionGrain>(sessionId).MayAct();
        }
        catch (Exception)
        {
            // Out of reach: a socket no one can vouch for ends, and its client reconnects with a ticket, checked then.
            // Thrown, the failure would go unseen after a notice, and after a lapse it would end the renewals.
            mayAct = false;
        }
        if (!mayAct)
        {
            foreach (var socket in sockets)
            {
                socket.End();
            }
        }
    }

    private bool KeptTold() =>
        Interlocked.Read(ref _toldSince) is var since and not 0 && _time.GetElapsedTime(since) < SessionWatch.Expiry;

    private void Forget()
    {
        Interlocked.Increment(ref _changes);
        _known.Clear();
    }

    private void EndExpired()
    {
        var now = _time.GetUtcNow();
        foreach (var (_, sockets) in _sockets)
        {
            foreach (var socket in sockets)
            {
                if (socket.ExpiresAt <= now)
                {
                    socket.End();
                }
            }
        }
    }

    private void Forget(SocketWatch watch)
    {
        _sockets.AddOrUpdate(watch.Session, _ => [], (_, list) => list.Remove(watch));
        _sockets.TryRemove(new KeyValuePair<string, ImmutableList<SocketWatch>>(watch.Session, []));
    }

    private async ValueTask<bool> MayAct(string sessionId)
    {
        // A node no longer told may have missed a notice: what it holds is not read until it is told again and forgets.
        if (KeptTold() && _known.TryGetValue(sessionId, out bool known))
        {
            return known;
        }
        var changes = Interlocked.Read(ref _changes);
        var mayAct = await _grains.GetGrain<ISessionGrain>(sessionId).MayAct();
        if (KeptTold() && changes == Interlocked.Read(ref _changes))
        {
            _known.Set(sessionId, mayAct, mayAct ? Kept : Refused);
            // A notice that came between the check and the set removed nothing; the answer must not stand.
            if (changes != Interlocked.Read(ref _changes))
            {
                _known.Remove(sessionId);
            }
        }
        return mayAct;
    }

    internal static DateTimeOffset? ExpiresAt(ClaimsPrincipal? user) =>
        user?.FindFirstValue(TokenIssuer.ExpiryClaim) is { } exp && long.TryParse(exp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>One open socket of a session: ended once, by whichever comes first of its token's expiry and its session's end.</summary>
    private sealed class SocketWatch(SessionCheck owner, string session, DateTimeOffset expiresAt, Action end) : IDisposable
    {
        private int _ended;

        public string Session => session;

        public DateTimeOffset ExpiresAt => expiresAt;

        public void End()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                end();
            }
        }

        public void Dispose() => owner.Forget(this);
    }

    private sealed class Clock(TimeProvider time) : ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }

    private sealed class EmptyWatch : IDisposable
    {
        public static readonly EmptyWatch Instance = new();

        public void Dispose()
        {
        }
    }
}
