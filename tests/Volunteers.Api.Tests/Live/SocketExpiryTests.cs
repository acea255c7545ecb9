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
        var time = new ManualTime(DateTimeOffset.UnixEpoch.AddDays(20_000));
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
}
