using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Volunteers.Accounts;
using Volunteers.Api.GraphQL.WebSockets;

namespace Volunteers.Api.Accounts;

/// <summary>
/// Whether a signed access token may still act: its session was not signed out or revoked, its account not
/// deleted or locked. A signature proves none of that, so every request asks here. The answer is cached for
/// <see cref="SessionWatch.CacheFor"/> and dropped at once when the session's grain says it changed, which is
/// also when open sockets of the session are ended, as they are when their token expires.
/// A session's grain tells only the api nodes it knows of; one that moved with a lost silo knows none, and a notice
/// to a node whose gateway went away is lost. So a node that loses a gateway forgets every answer and asks again.
/// </summary>
public sealed class SessionCheck : ISessionObserver, ISocketSessions, IClusterConnectionStatusObserver, IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly TokenIssuer _tokens;
    private readonly TimeProvider _time;
    private readonly MemoryCache _known = new(new MemoryCacheOptions());
    private readonly ConcurrentDictionary<string, ImmutableList<Action>> _sockets = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler _handler = new();
    private readonly Lazy<ISessionObserver> _reference;

    public SessionCheck(IGrainFactory grains, TokenIssuer tokens, TimeProvider time)
    {
        _grains = grains;
        _tokens = tokens;
        _time = time;
        // Held strongly here: Orleans keeps only a weak reference to an observer object.
        _reference = new(() => grains.CreateObjectReference<ISessionObserver>(this));
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
        var once = 0;
        void EndOnce()
        {
            if (Interlocked.Exchange(ref once, 1) == 0)
            {
                end();
            }
        }
        var session = user.FindFirstValue(TokenIssuer.SessionClaim) ?? "";
        _sockets.AddOrUpdate(session, _ => [EndOnce], (_, list) => list.Add(EndOnce));
        var left = ExpiresAt(user) - _time.GetUtcNow() ?? Timeout.InfiniteTimeSpan;
        var timer = _time.CreateTimer(_ => EndOnce(), null, left < TimeSpan.Zero ? TimeSpan.Zero : left, Timeout.InfiniteTimeSpan);
        return new SocketWatch(() =>
        {
            timer.Dispose();
            _sockets.AddOrUpdate(session, _ => [], (_, list) => list.Remove(EndOnce));
            _sockets.TryRemove(new KeyValuePair<string, ImmutableList<Action>>(session, []));
        });
    }

    public async Task Changed(string sessionId)
    {
        _known.Remove(sessionId);
        if (_sockets.TryGetValue(sessionId, out var sockets) && !sockets.IsEmpty && !await MayAct(sessionId))
        {
            foreach (var end in sockets)
            {
                end();
            }
        }
    }

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            _known.Clear();
        }
    }

    public void NotifyClusterConnectionLost() => _known.Clear();

    public void Dispose() => _known.Dispose();

    private async ValueTask<bool> MayAct(string sessionId)
    {
        if (_known.TryGetValue(sessionId, out bool known))
        {
            return known;
        }
        var mayAct = await _grains.GetGrain<ISessionGrain>(sessionId).MayAct(_reference.Value);
        _known.Set(sessionId, mayAct, SessionWatch.CacheFor);
        return mayAct;
    }

    private static DateTimeOffset? ExpiresAt(ClaimsPrincipal? user) =>
        user?.FindFirstValue(TokenIssuer.ExpiryClaim) is { } exp && long.TryParse(exp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private sealed class SocketWatch(Action stop) : IDisposable
    {
        public void Dispose() => stop();
    }

    private sealed class EmptyWatch : IDisposable
    {
        public static readonly EmptyWatch Instance = new();

        public void Dispose()
        {
        }
    }
}
