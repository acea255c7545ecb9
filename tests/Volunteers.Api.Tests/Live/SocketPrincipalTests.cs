using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Volunteers.Accounts;
using Volunteers.Api.Access;
using Volunteers.Api.Accounts;

namespace Volunteers.Tests.Live;

/// <summary>
/// A socket keeps its caller for as long as it is open, ten thousand dashboards at once on a node: it keeps only the
/// claims its checks read, and the checks see the same caller as with the whole token.
/// </summary>
[Collection(LiveApi.Name)]
public sealed class SocketPrincipalTests(LiveApiFixture fixture)
{
    private static readonly string[] Read = ["exp", "role", "scope", "sid", "sub"];

    private ApiHost Host => fixture.Host;

    [Fact]
    public async Task A_hub_connection_and_a_subscription_socket_keep_only_what_their_checks_read_and_a_plain_request_the_whole_token()
    {
        var scenario = await CampaignScenario.Create(Host.Grains);
        var token = await Host.Token(Role.Organiser, scenario.ProvinceId);

        var hub = await SignedInAt(token, "/hubs/live");
        var socket = await Host.Services.GetRequiredService<SessionCheck>().SignIn(token);
        var plain = await SignedInAt(token, "/graphql");

        foreach (var slim in new[] { hub, socket! })
        {
            Assert.Equal(Read, slim.Claims.Select(c => c.Type).Order());
            // Not the token handler's identity, which keeps the parsed token for the socket's life.
            Assert.IsType<ClaimsIdentity>(Assert.Single(slim.Identities));
            Assert.True(slim.Identity!.IsAuthenticated);
            Assert.Equal(plain.Identity!.Name, slim.Identity.Name);
            Assert.Equal(Caller.From(plain), Caller.From(slim));
            Assert.Equal(Role.Organiser, Caller.From(slim).Role);
            Assert.True(await Host.Services.GetRequiredService<SessionCheck>().StillMayAct(slim));
            foreach (var type in Read)
            {
                Assert.Equal(plain.FindFirstValue(type), slim.FindFirstValue(type));
            }
        }
        Assert.Contains(plain.Claims, c => c.Type == "iss");
    }

    /// <summary>What the api's bearer handler leaves as the caller of a request to <paramref name="path"/> with a valid token.</summary>
    private async Task<ClaimsPrincipal> SignedInAt(string token, string path)
    {
        var options = Host.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var validated = await new JsonWebTokenHandler().ValidateTokenAsync(token, options.TokenValidationParameters);
        Assert.True(validated.IsValid);
        var http = new DefaultHttpContext { RequestServices = Host.Services };
        http.Request.Path = path;
        var context = new TokenValidatedContext(http, new AuthenticationScheme(JwtBearerDefaults.AuthenticationScheme, null, typeof(JwtBearerHandler)), options)
        {
            Principal = new ClaimsPrincipal(validated.ClaimsIdentity),
            SecurityToken = validated.SecurityToken,
        };
        await options.Events.TokenValidated(context);
        return context.Principal!;
    }
}
