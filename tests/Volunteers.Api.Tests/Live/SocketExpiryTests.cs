using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Volunteers.Api.Accounts;

namespace Volunteers.Tests.Live;

/// <summary>
/// Open sockets are ended when their token expires by one sweep a second over them all, not a timer each. The sweep
/// must end each expired socket once, leave the others, and forget a socket that closed by itself.
/// </summary>
[Collection(LiveApi.Name)]
public sealed class SocketExpiryTests(LiveApiFixture fixture)
{
    [Fact]
    public void A_sweep_ends_each_socket_whose_token_expired_once_and_forgets_a_closed_one()
    {
        var time = new SteppedTime(DateTimeOffset.UnixEpoch.AddDays(20_000));
        using var sessions = new SessionCheck(fixture.Host.Grains, fixture.Host.Services.GetRequiredService<TokenIssuer>(), time);
        var ended = new List<string>();
        using var soon = sessions.Watch(Caller("s1", time.GetUtcNow().AddSeconds(1)), () => ended.Add("soon"));
        using var later = sessions.Watch(Caller("s1", time.GetUtcNow().AddMinutes(15)), () => ended.Add("later"));
        var closed = sessions.Watch(Caller("s2", time.GetUtcNow().AddSeconds(1)), () => ended.Add("closed"));
        closed.Dispose();

        time.Advance(SessionCheck.ExpirySweep);
        var afterFirst = ended.ToList();
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(["soon"], afterFirst);
        Assert.Equal(["soon"], ended);
        time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(["soon", "later"], ended);
    }

    private static ClaimsPrincipal Caller(string session, DateTimeOffset expires) => new(new ClaimsIdentity(
        [
            new Claim(TokenIssuer.SessionClaim, session),
            new Claim(TokenIssuer.ExpiryClaim, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        ], authenticationType: "test"));

    /// <summary>A clock the test moves by hand; each step runs the periodic timers that fall due in it, as often as they do.</summary>
    private sealed class SteppedTime(DateTimeOffset start) : TimeProvider
    {
        private readonly List<Stepped> _timers = [];
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new Stepped(callback, state, _now + dueTime, period, _timers);
            _timers.Add(timer);
            return timer;
        }

        public void Advance(TimeSpan by)
        {
            var until = _now + by;
            while (_timers.Where(t => t.Due <= until).MinBy(t => t.Due) is { } next)
            {
                _now = next.Due;
                next.Fire();
            }
            _now = until;
        }

        private sealed class Stepped(TimerCallback callback, object? state, DateTimeOffset due, TimeSpan period, List<Stepped> all) : ITimer
        {
            public DateTimeOffset Due { get; private set; } = due;

            public void Fire()
            {
                Due = period > TimeSpan.Zero ? Due + period : DateTimeOffset.MaxValue;
                callback(state);
            }

            public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException("The sweep never changes its timer.");

            public void Dispose() => all.Remove(this);

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
