using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Volunteers.Accounts;
using Volunteers.Api.Accounts;
using static Volunteers.Tests.Live.GraphQLSocket;

namespace Volunteers.Tests.Live;

/// <summary>
/// The web app opens its sockets with a one-time ticket in the URL instead of the access token: the ticket signs the
/// socket in as whoever asked for it, once, within its minute; any other ticket is refused as a bad token is.
/// </summary>
[Collection(LiveApi.Name)]
public sealed class SocketTicketTests(LiveApiFixture fixture)
{
    private ApiHost Host => fixture.Host;

    [Fact]
    public async Task A_ticket_opens_one_hub_connection_as_whoever_asked_for_it_and_never_a_second()
    {
        var scenario = await CampaignScenario.Create(Host.Grains);
        var ticket = await Ticket(await Host.Organiser(scenario));

        await using (var dashboard = await LiveClient.WithTicket(Host.Server, ticket).Start())
        {
            var counts = await dashboard.Subscribe(scenario.CampaignId);
            Assert.Equal(scenario.CampaignId, counts.ScopeId);
        }
        await using var again = LiveClient.WithTicket(Host.Server, ticket);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => again.Start());
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);

        // Without a ticket the same hub takes the connection and refuses the subscription: the ticket is what signed it in.
        await using var anonymous = await Host.Live(null).Start();
        var unsigned = await Assert.ThrowsAsync<HubException>(() => anonymous.Subscribe(scenario.CampaignId));
        Assert.Contains("UNAUTHENTICATED", unsigned.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not a ticket")]
    public async Task A_ticket_never_issued_is_refused_like_a_bad_token(string ticket)
    {
        await using var dashboard = LiveClient.WithTicket(Host.Server, ticket);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => dashboard.Start());

        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ticket_opens_a_subscription_socket_too()
    {
        var scenario = await CampaignScenario.Create(Host.Grains);
        using var socket = await WithTicket(Host, await Ticket(await Host.Organiser(scenario)));

        await Send(socket, new { type = "connection_init" });
        Assert.Equal("connection_ack", (await Receive(socket)).GetProperty("type").GetString());
        await Send(socket, new { id = "1", type = "subscribe", payload = new { query = "subscription($c: ID!) { counts(campaignId: $c) { scopeId } }", variables = new { c = scenario.CampaignId } } });

        var first = await Receive(socket);
        Assert.Equal("next", first.GetProperty("type").GetString());
        Assert.Equal(scenario.CampaignId, first.GetProperty("payload").GetProperty("data").GetProperty("counts").GetProperty("scopeId").GetString());
    }

    [Fact]
    public async Task A_ticket_carries_the_claims_a_socket_reads_and_is_worthless_after_its_minute()
    {
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var tickets = new SocketTicketIssuer(Host.Grains, Host.Services.GetRequiredService<SigningKey>(), time);
        var (token, _, session) = await Host.Session(Role.Official, "u-ward0000001");
        var caller = await SignedIn(token);

        var kept = await tickets.Redeem(await tickets.Issue(caller));
        var late = await tickets.Issue(caller);
        time.Advance(SocketTicket.ValidFor);

        Assert.Null(await tickets.Redeem(late));
        Assert.NotNull(kept);
        Assert.Equal(SocketTicketIssuer.Scheme, kept.Identity!.AuthenticationType);
        Assert.Equal(session, kept.FindFirstValue(TokenIssuer.SessionClaim));
        Assert.Equal(SocketPrincipal.ClaimsOf(caller).OrderBy(c => c.Key), kept.Claims.Select(c => KeyValuePair.Create(c.Type, c.Value)).OrderBy(c => c.Key));
        Assert.Equal(["exp", "role", "scope", "sid", "sub"], kept.Claims.Select(c => c.Type).Order());
    }

    private async Task<string> Ticket(string accessToken) =>
        (await Host.GraphQL(accessToken, "mutation { socketTicket }")).GetProperty("socketTicket").GetString()!;

    /// <summary>The caller the api's bearer handler makes of a token.</summary>
    private async Task<ClaimsIdentity> SignedIn(string token)
    {
        var validation = Host.Services.GetRequiredService<TokenIssuer>().Validation;
        var validated = await new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().ValidateTokenAsync(token, validation);
        Assert.True(validated.IsValid);
        return validated.ClaimsIdentity;
    }
}
