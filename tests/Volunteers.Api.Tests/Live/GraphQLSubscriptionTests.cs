using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Volunteers.Accounts;
using static Volunteers.Tests.Live.GraphQLSocket;

namespace Volunteers.Tests.Live;

/// <summary>The graphql-transport-ws protocol on /graphql, against the real schema and the live counts.</summary>
[Collection(LiveApi.Name)]
public sealed class GraphQLSubscriptionTests(LiveApiFixture fixture)
{
    private Task<WebSocket> Connect(string? accessToken = null) => GraphQLSocket.Connect(fixture.Host, accessToken);

    private Task<WebSocket> Initialised(string? accessToken = null) => GraphQLSocket.Initialised(fixture.Host, accessToken);

    private const string CountsSubscription = "subscription($c: ID!, $s: ID) { counts(campaignId: $c, scopeId: $s) { scopeId version helps } }";

    [Fact]
    public async Task Init_ack_subscribe_next_on_each_change_and_complete()
    {
        var scenario = await CampaignScenario.Create(fixture.Host.Grains);
        await scenario.CheckEveryoneIn();
        var team = scenario.Wards[0].Teams[0];
        using var socket = await Connect(await fixture.Host.Organiser(scenario));

        await Send(socket, new { type = "connection_init" });
        Assert.Equal("connection_ack", (await Receive(socket)).GetProperty("type").GetString());
        await Send(socket, new { id = "1", type = "subscribe", payload = new { query = CountsSubscription, variables = new { c = scenario.CampaignId, s = team.Id } } });
        var first = await Receive(socket);
        Assert.Equal(("1", "next"), (first.GetProperty("id").GetString(), first.GetProperty("type").GetString()));
        Assert.Equal(0, Counts(first).GetProperty("helps").GetInt32());

        await scenario.Day(team.VolunteerIds[0]).Log([CampaignScenario.Help("g1")]);
        var next = await Receive(socket);
        Assert.Equal(1, Counts(next).GetProperty("helps").GetInt32());
        Assert.Equal(team.Id, Counts(next).GetProperty("scopeId").GetString());

        await Send(socket, new { id = "1", type = "complete" });
        await Send(socket, new { type = "ping" });
        // Nothing more of operation 1 stands between the ping and its pong.
        Assert.Equal("pong", (await Receive(socket)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_query_over_the_socket_gets_one_next_and_complete()
    {
        using var socket = await Initialised();
        await Send(socket, new { id = "q", type = "subscribe", payload = new { query = "{ campaigns { id } }" } });

        var next = await Receive(socket);
        Assert.Equal("next", next.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Array, next.GetProperty("payload").GetProperty("data").GetProperty("campaigns").ValueKind);
        Assert.Equal(("q", "complete"), Identify(await Receive(socket)));
    }

    [Fact]
    public async Task An_invalid_operation_gets_error_with_the_graphql_errors()
    {
        using var socket = await Initialised();
        await Send(socket, new { id = "e", type = "subscribe", payload = new { query = "subscription { nothing }" } });

        var error = await Receive(socket);
        Assert.Equal(("e", "error"), Identify(error));
        Assert.Contains("nothing", error.GetProperty("payload")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_per_request_limits_hold_over_the_socket_too()
    {
        using var socket = await Initialised();
        var reconciles = string.Join(' ', Enumerable.Range(0, 3).Select(i => $"r{i}: reconcile(campaignId: \"c-nonexistent\") {{ exact }}"));
        await Send(socket, new { id = "l", type = "subscribe", payload = new { query = $"{{ {reconciles} }}" } });

        var error = await Receive(socket);
        Assert.Equal(("l", "error"), Identify(error));
        Assert.Equal("REQUEST_TOO_LARGE", error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_subscription_outside_the_callers_scope_is_refused_before_it_starts()
    {
        var scenario = await CampaignScenario.Create(fixture.Host.Grains);
        var elsewhere = await CampaignScenario.Create(fixture.Host.Grains);
        using var anonymous = await Initialised();
        using var stranger = await Initialised(await fixture.Host.Organiser(elsewhere));

        foreach (var (socket, code) in new[] { (anonymous, "UNAUTHENTICATED"), (stranger, "FORBIDDEN") })
        {
            await Send(socket, new { id = "s", type = "subscribe", payload = new { query = CountsSubscription, variables = new { c = scenario.CampaignId } } });
            var refused = await Receive(socket);
            Assert.Equal("s", refused.GetProperty("id").GetString());
            Assert.Contains(code, refused.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("\"helps\"", refused.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_refused_subscription_ends_its_operation_and_frees_its_id()
    {
        var scenario = await CampaignScenario.Create(fixture.Host.Grains);
        using var anonymous = await Initialised();
        var subscribe = new { id = "again", type = "subscribe", payload = new { query = CountsSubscription, variables = new { c = scenario.CampaignId } } };

        await Send(anonymous, subscribe);
        var ending = new List<string?> { Identify(await Receive(anonymous)).Item2 };
        if (ending[0] == "next")
        {
            ending.Add(Identify(await Receive(anonymous)).Item2);
        }
        await Send(anonymous, subscribe);
        var second = await Receive(anonymous);

        Assert.True(ending[^1] is "error" or "complete", $"the refusal ended with {ending[^1]}");
        Assert.Equal("again", second.GetProperty("id").GetString());
        Assert.Contains("UNAUTHENTICATED", second.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_gets_pong_even_before_init()
    {
        using var socket = await Connect();
        await Send(socket, new { type = "ping" });
        Assert.Equal("pong", (await Receive(socket)).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("not json", 4400)]
    [InlineData("""{"type":"unheard-of"}""", 4400)]
    [InlineData("""{"type":"subscribe","payload":{"query":"{ campaigns { id } }"}}""", 4400)]
    [InlineData("""{"type":"connection_init"}""", 4429)]
    public async Task A_breach_after_init_closes_with_the_protocol_code(string message, int code)
    {
        using var socket = await Initialised();
        await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Equal(code, await ClosedWith(socket));
    }

    [Fact]
    public async Task Subscribing_before_init_closes_with_4401()
    {
        using var socket = await Connect();
        await Send(socket, new { id = "1", type = "subscribe", payload = new { query = "{ campaigns { id } }" } });
        Assert.Equal(4401, await ClosedWith(socket));
    }

    [Fact]
    public async Task A_second_subscriber_with_a_running_id_closes_with_4409()
    {
        var scenario = await CampaignScenario.Create(fixture.Host.Grains);
        using var socket = await Initialised(await fixture.Host.Organiser(scenario));
        var subscribe = new { id = "twice", type = "subscribe", payload = new { query = CountsSubscription, variables = new { c = scenario.CampaignId } } };
        await Send(socket, subscribe);
        Assert.Equal(("twice", "next"), Identify(await Receive(socket)));

        await Send(socket, subscribe);
        Assert.Equal(4409, await ClosedWith(socket));
    }

    [Fact]
    public async Task A_socket_closes_with_4401_when_its_session_is_signed_out()
    {
        var scenario = await CampaignScenario.Create(fixture.Host.Grains);
        var session = await fixture.Host.Session(Role.Organiser, scenario.ProvinceId);
        using var socket = await Following(session.Token, scenario.CampaignId);

        await fixture.Host.GraphQL(session.Token, "mutation($t: String!) { signOut(refreshToken: $t) }", new { t = $"{session.SessionId}.x" });

        Assert.Equal(4401, await ClosedWith(socket));
    }

    [Fact]
    public async Task A_socket_closes_with_4401_when_its_account_is_locked()
    {
        var scenario = await CampaignScenario.Create(fixture.Host.Grains);
        var session = await fixture.Host.Session(Role.Organiser, scenario.ProvinceId);
        using var socket = await Initialised(session.Token);

        var account = fixture.Host.Grains.GetGrain<IAccountGrain>(session.Login);
        for (var attempt = 0; attempt < 6; attempt++)
        {
            // Wrong guesses: each begins a sign-in that never succeeds, the sixth locks the login.
            await Record.ExceptionAsync(account.BeginSignIn);
        }

        Assert.Equal(4401, await ClosedWith(socket));
    }

    [Fact]
    public async Task A_socket_closes_with_4401_when_its_token_expires()
    {
        var scenario = await CampaignScenario.Create(fixture.Host.Grains);
        var session = await fixture.Host.Session(Role.Organiser, scenario.ProvinceId, issuedAgo: TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(2));
        using var socket = await Following(session.Token, scenario.CampaignId);

        Assert.Equal(4401, await ClosedWith(socket));
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("access_token")]
    public async Task The_token_in_connection_init_signs_the_socket_in(string key)
    {
        var scenario = await CampaignScenario.Create(fixture.Host.Grains);
        var token = await fixture.Host.Organiser(scenario);
        using var socket = await Connect();
        await Send(socket, new { type = "connection_init", payload = new Dictionary<string, string> { [key] = key == "access_token" ? token : $"Bearer {token}" } });
        Assert.Equal("connection_ack", (await Receive(socket)).GetProperty("type").GetString());

        await Send(socket, new { id = "1", type = "subscribe", payload = new { query = CountsSubscription, variables = new { c = scenario.CampaignId } } });

        Assert.Equal(("1", "next"), Identify(await Receive(socket)));
    }

    [Fact]
    public async Task A_forged_token_in_connection_init_closes_with_4403()
    {
        using var socket = await Connect();
        await Send(socket, new { type = "connection_init", payload = new { access_token = "eyJhbGciOiJub25lIn0.e30." } });
        Assert.Equal(4403, await ClosedWith(socket));
    }

    [Fact]
    public async Task No_init_within_the_timeout_closes_with_4408()
    {
        using var socket = await Connect();
        Assert.Equal(4408, await ClosedWith(socket));
    }

    /// <summary>A socket signed in with <paramref name="token"/> that follows the campaign's counts and has had the first.</summary>
    private async Task<WebSocket> Following(string token, string campaignId)
    {
        var socket = await Initialised(token);
        await Send(socket, new { id = "1", type = "subscribe", payload = new { query = CountsSubscription, variables = new { c = campaignId } } });
        Assert.Equal(("1", "next"), Identify(await Receive(socket)));
        return socket;
    }

    private static JsonElement Counts(JsonElement next) => next.GetProperty("payload").GetProperty("data").GetProperty("counts");

    private static (string?, string?) Identify(JsonElement message) =>
        (message.GetProperty("id").GetString(), message.GetProperty("type").GetString());

    private static async Task<int?> ClosedWith(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(ApiHost.ConnectionInitTimeout * 10);
        var buffer = new byte[8192];
        while ((await socket.ReceiveAsync(buffer, timeout.Token)).MessageType != WebSocketMessageType.Close)
        {
        }
        return (int?)socket.CloseStatus;
    }
}
