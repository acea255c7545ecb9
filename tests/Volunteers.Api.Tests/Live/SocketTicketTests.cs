using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Volunteers.Accounts;
using Volunteers.Api.Accounts;
using static Volunteers.Tests.Live.GraphQLSocket;

namespace Volunteers.Tests.Live;

/// <summary>
/// The web app opens its sockets with a one-time ticket in the URL instead of the access token: the ticket signs the
/// WebSocket in as whoever asked for it, once, before it expires; anything else is refused as a bad token is.
/// </summary>
[Collection(LiveApi.Name)]
public sealed class SocketTicketTests(LiveApiFixture fixture)
{
    private ApiHost Host => fixture.Host;

    [Fact]
    public async Task A_ticket_signs_in_one_hub_connection_and_never_a_second()
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

    [Fact]
    public async Task A_ticket_signs_in_a_subscription_socket_as_whoever_asked_for_it()
    {
        var (token, _, _) = await Host.Session(Role.Official, "u-ticketward1");
        using var socket = await WithTicket(Host, await Ticket(token));

        await Send(socket, new { type = "connection_init" });
        Assert.Equal("connection_ack", (await Receive(socket)).GetProperty("type").GetString());
        await Send(socket, new { id = "1", type = "subscribe", payload = new { query = "{ me { role scopeId } }" } });

        var me = (await Receive(socket)).GetProperty("payload").GetProperty("data").GetProperty("me");
        Assert.Equal(("OFFICIAL", "u-ticketward1"), (me.GetProperty("role").GetString(), me.GetProperty("scopeId").GetString()));
    }

    [Theory]
    [InlineData("not a ticket")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Made_up_text_is_refused_like_a_bad_token(string ticket)
    {
        await using var dashboard = LiveClient.WithTicket(Host.Server, ticket);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => dashboard.Start());

        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ticket_in_any_other_form_or_on_any_other_request_is_refused_and_not_spent()
    {
        var ticket = await Ticket(await Host.Token(Role.Organiser, "p-ticket"));
        using var client = Host.CreateClient();

        foreach (var query in new[] { "ticket=", $"ticket={ticket}&ticket={ticket}", $"ticket={ticket}%3D", $"ticket=%20{ticket}", $"ticket={SameBytes(ticket)}" })
        {
            await using var socket = LiveClient.At(Host.Server, "?" + query);
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => socket.Start());
            Assert.True(refused.Message.Contains("401", StringComparison.Ordinal), $"{query}: {refused.Message}");
        }
        // A hub transport other than WebSockets, and a plain GraphQL request.
        using var polling = await client.GetAsync($"/hubs/live?id=none&ticket={ticket}");
        using var plain = await client.PostAsJsonAsync($"/graphql?ticket={ticket}", new { query = "{ me { role } }" });
        // A stock client's negotiation goes through, anonymous, and leaves the ticket to the upgrade.
        using var negotiation = await client.PostAsync($"/hubs/live/negotiate?negotiateVersion=1&ticket={ticket}", null);
        await using var dashboard = await LiveClient.WithTicket(Host.Server, ticket).Start();

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (polling.StatusCode, plain.StatusCode));
        Assert.Equal(HttpStatusCode.OK, negotiation.StatusCode);
        Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected, dashboard.Connection.State);
    }

    [Fact]
    public async Task A_ticket_carries_the_claims_a_socket_reads_and_expires_after_its_minute_or_with_its_token()
    {
        var lifetime = Host.Services.GetRequiredService<IOptions<AuthOptions>>().Value.AccessLifetime;
        var (token, _, session) = await Host.Session(Role.Official, "u-ward0000001");
        var (ending, _, _) = await Host.Session(Role.Official, "u-ward0000001", issuedAgo: lifetime - TimeSpan.FromSeconds(30));
        // After the sessions: the ending token has at most 30 s left on this clock.
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var tickets = new SocketTicketIssuer(Host.Grains, Host.Services.GetRequiredService<SigningKey>(), time);
        var caller = await SignedIn(token);
        var endingCaller = await SignedIn(ending);

        var kept = await tickets.Redeem(await tickets.Issue(caller));
        var late = await tickets.Issue(caller);
        var withToken = await tickets.Issue(endingCaller);
        time.Advance(TimeSpan.FromSeconds(31));
        var tokenGone = await tickets.Redeem(withToken);
        var afterToken = await Assert.ThrowsAsync<DomainException>(() => tickets.Issue(endingCaller));
        time.Advance(SocketTickets.ValidFor);

        Assert.Null(tokenGone);
        Assert.Equal("UNAUTHENTICATED", afterToken.Code);
        Assert.Null(await tickets.Redeem(late));
        Assert.NotNull(kept);
        Assert.Equal(SocketTicketIssuer.Scheme, kept.Identity!.AuthenticationType);
        Assert.Equal(session, kept.FindFirstValue(TokenIssuer.SessionClaim));
        Assert.Equal(["exp", "role", "scope", "sid", "sub"], kept.Claims.Select(c => c.Type).Order());
        Assert.All(kept.Claims, claim => Assert.Equal(caller.FindFirstValue(claim.Type), claim.Value));
    }

    [Fact]
    public async Task Each_ticket_counts_as_a_change_so_one_request_cannot_hold_thousands()
    {
        var token = await Host.Token(Role.Organiser, "p-ticket-flood");
        using var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var aliases = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"t{i}: socketTicket"));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync("/graphql", new { query = $"mutation {{ {aliases} }}" });
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => e.GetProperty("extensions").GetProperty("code").GetString()).ToList();
        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds * 10);

        // The changes budget, 120 at once and 10 a second after, lets that many through and refuses every other alias.
        Assert.InRange(errors.Count, 400 - 120 - refilled, 400 - 120);
        Assert.All(errors, code => Assert.Equal("RATE_LIMITED", code));
    }

    /// <summary>
    /// Another spelling of the same bytes: the last of 54 characters carries 4 bits past the 40 bytes, which a lenient
    /// decoder would ignore.
    /// </summary>
    private static string SameBytes(string ticket)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return ticket[..^1] + alphabet[alphabet.IndexOf(ticket[^1], StringComparison.Ordinal) ^ 1];
    }

    private async Task<string> Ticket(string accessToken) =>
        (await Host.GraphQL(accessToken, "mutation { socketTicket }")).GetProperty("socketTicket").GetString()!;

    /// <summary>The caller the api's bearer handler makes of a token.</summary>
    private async Task<ClaimsPrincipal> SignedIn(string token)
    {
        var validation = Host.Services.GetRequiredService<TokenIssuer>().Validation;
        var validated = await new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().ValidateTokenAsync(token, validation);
        Assert.True(validated.IsValid);
        return new ClaimsPrincipal(validated.ClaimsIdentity);
    }
}
