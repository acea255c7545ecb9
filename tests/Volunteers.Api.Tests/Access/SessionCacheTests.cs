using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Volunteers.Accounts;
using Volunteers.Api.Accounts;
using Volunteers.Tests.Live;

namespace Volunteers.Tests.Access;

/// <summary>
/// The api keeps "this session may act" while the session is in use, for <see cref="SessionWatch.CacheFor"/> at most,
/// trusting <see cref="ISessionNoticesGrain"/> to tell it of a change. That grain, lost with its silo (here:
/// collected), no longer knows the api, so the api must forget its answers when it finds it is not told, or when it
/// loses a gateway.
/// </summary>
public sealed class SessionCacheTests(LiveApiFixture fixture) : IClassFixture<LiveApiFixture>
{
    private ApiHost Host => fixture.Host;

    [Fact]
    public async Task A_revocation_a_node_was_not_told_of_is_seen_once_a_gateway_is_lost()
    {
        var (untold, afterForgetting) = await RevokedUntold(sessions =>
        {
            sessions.NotifyGatewayCountChanged(currentNumberOfGateways: 1, previousNumberOfGateways: 2, connectionRecovered: false);
            return Task.CompletedTask;
        });

        Assert.Contains(Host.Services.GetRequiredService<SessionCheck>(), Host.Services.GetServices<IClusterConnectionStatusObserver>());
        Assert.True(untold);
        Assert.False(afterForgetting);
    }

    [Fact]
    public async Task A_revocation_a_node_was_not_told_of_is_seen_once_it_asks_to_be_told_again()
    {
        var (untold, afterAsking) = await RevokedUntold(sessions => sessions.KeepTold());

        Assert.True(untold);
        Assert.False(afterAsking);
    }

    [Fact]
    public async Task A_node_not_yet_told_caches_no_answer()
    {
        var (_, _, sessionId) = await Host.Session(Role.Organiser, "p-cache");
        using var sessions = Node(new ManualTime());
        var before = await sessions.MayAct(Caller(sessionId));

        await Host.Grains.GetGrain<ISessionGrain>(sessionId).Revoke();

        Assert.True(before);
        Assert.False(await sessions.MayAct(Caller(sessionId)));
    }

    [Fact]
    public async Task A_session_checked_by_many_requests_at_once_answers_them_all()
    {
        var (_, _, sessionId) = await Host.Session(Role.Organiser, "p-cache");
        using var sessions = Node(new ManualTime());

        // A dashboard opening fires its first requests together, each missing the cache; a session goes soon after it
        // has answered, and Orleans forwards a request queued behind a going activation twice at most.
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => sessions.MayAct(Caller(sessionId)).AsTask()));

        Assert.All(answers, Assert.True);
    }

    /// <summary>
    /// A node of its own, which only the test asks to be kept told, is told, caches a session's yes, then loses the
    /// notices grain and the session is revoked: what it answers then, and after <paramref name="forget"/>.
    /// </summary>
    private async Task<(bool Untold, bool AfterForgetting)> RevokedUntold(Func<SessionCheck, Task> forget)
    {
        using var sessions = Node(new ManualTime());
        var sessionId = await HeldYes(Host, sessions);

        await Host.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await Host.Grains.GetGrain<ISessionGrain>(sessionId).Revoke();
        var untold = await sessions.MayAct(Caller(sessionId));
        await forget(sessions);
        return (untold, await sessions.MayAct(Caller(sessionId)));
    }

    private SessionCheck Node(TimeProvider time) => Node(Host, time);

    internal static SessionCheck Node(ApiHost host, TimeProvider time) => new(host.Grains, host.Services.GetRequiredService<TokenIssuer>(), time);

    /// <summary>A signed-in session, whose yes <paramref name="sessions"/> holds, told.</summary>
    internal static async Task<string> HeldYes(ApiHost host, SessionCheck sessions)
    {
        var (_, _, sessionId) = await host.Session(Role.Organiser, "p-cache");
        await sessions.KeepTold();
        Assert.True(await sessions.MayAct(Caller(sessionId)));
        return sessionId;
    }

    internal static ClaimsPrincipal Caller(string session) =>
        new(new ClaimsIdentity([new Claim(TokenIssuer.SessionClaim, session)], authenticationType: "test"));

    [Fact]
    public async Task A_revocation_the_api_is_told_of_is_refused_long_before_its_answer_would_lapse()
    {
        var (token, _, sessionId) = await Host.Session(Role.Organiser, "p-cache");
        // The other tests here collect the notices grain; the api would ask to be told again within a renewal.
        Assert.True(await Host.Services.GetRequiredService<SessionCheck>().KeepTold());
        Assert.Equal(HttpStatusCode.OK, await Me(token));

        await Host.Grains.GetGrain<ISessionGrain>(sessionId).Revoke();

        // The notices go without Revoke waiting for them, so one may land just after it returns; far sooner than the cache would lapse.
        var told = Stopwatch.StartNew();
        while (await Me(token) == HttpStatusCode.OK && told.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(token));
    }

    private async Task<HttpStatusCode> Me(string token)
    {
        using var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.PostAsJsonAsync("/graphql", new { query = "{ me { subject } }" });
        return response.StatusCode;
    }
}

/// <summary>
/// Whether a session may act is asked of its grain, which a silo's death can leave briefly unreachable: that is the
/// platform's passing fault, answered 503 so a phone resends, never 401, which sends a volunteer back to sign in.
/// </summary>
public sealed class SessionCheckFaultTests : IAsyncLifetime
{
    private readonly GrainFault _fault = new();

    public SessionCheckFaultTests() => Host = new ApiHost(testServices: services => services.AddSingleton<IIncomingGrainCallFilter>(_fault));

    private ApiHost Host { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Host.DisposeAsync();

    [Fact]
    public async Task A_session_grain_out_of_reach_is_answered_503_to_resend_and_then_served()
    {
        var (token, _, _) = await Host.Session(Role.Organiser, "p-fault");

        _fault.On = true;
        using var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var refused = await client.PostAsJsonAsync("/graphql", new { query = "{ me { subject } }" });
        var body = await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        _fault.On = false;
        using var served = await client.PostAsJsonAsync("/graphql", new { query = "{ me { subject } }" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("5", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("UNAVAILABLE", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task A_notice_whose_session_is_out_of_reach_ends_the_sessions_sockets_and_is_still_answered()
    {
        var (_, _, sessionId) = await Host.Session(Role.Organiser, "p-fault");
        using var sessions = SessionCacheTests.Node(Host, new ManualTime());
        var ended = new TaskCompletionSource();
        using var socket = sessions.Watch(SessionCacheTests.Caller(sessionId), () => ended.TrySetResult());

        _fault.On = true;
        // A notice that failed here would cost the node every answer it holds; the socket no one could vouch for ends.
        await sessions.Changed(sessionId);
        await ended.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _fault.On = false;
    }

    /// <summary>While the session's grain fails every ask, a node's answer can only come from what it holds.</summary>
    [Fact]
    public async Task An_answer_in_use_is_kept_past_its_idle_limit_until_the_hour_is_up()
    {
        var time = new ManualTime();
        using var sessions = SessionCacheTests.Node(Host, time);
        var sessionId = await SessionCacheTests.HeldYes(Host, sessions);

        _fault.On = true;
        // Used a minute before each idle limit, until just past the hour; told all along, as its renewals keep it.
        var step = SessionWatch.CacheIdle - TimeSpan.FromMinutes(1);
        var answers = new List<(TimeSpan At, bool Held)>();
        for (var at = step; at < SessionWatch.CacheFor + step; at += step)
        {
            time.Advance(step);
            await sessions.KeepTold();
            answers.Add((at, await Held(sessions, sessionId)));
        }
        _fault.On = false;

        Assert.Contains(answers, a => a.At > 2 * SessionWatch.CacheIdle && a.At < SessionWatch.CacheFor);
        Assert.Equal(answers.Select(a => (a.At, a.At < SessionWatch.CacheFor)), answers);
    }

    [Fact]
    public async Task An_answer_no_request_uses_goes_after_its_idle_limit_and_a_refusal_after_a_minute()
    {
        var time = new ManualTime();
        using var sessions = SessionCacheTests.Node(Host, time);
        var sessionId = await SessionCacheTests.HeldYes(Host, sessions);
        // A session no one started: refused by its grain, with no notice that could race the answer into the cache.
        var refusedId = Guid.NewGuid().ToString("N");
        Assert.False(await sessions.MayAct(SessionCacheTests.Caller(refusedId)));

        _fault.On = true;
        time.Advance(SessionCheck.RefusalKeptFor - TimeSpan.FromSeconds(1));
        await sessions.KeepTold();
        var refusalBefore = await Held(sessions, refusedId, expected: false);
        time.Advance(TimeSpan.FromSeconds(2));
        await sessions.KeepTold();
        var refusalAfter = await Held(sessions, refusedId, expected: false);
        time.Advance(SessionWatch.CacheIdle - TimeSpan.FromMinutes(2));
        await sessions.KeepTold();
        var beforeTheLimit = await Held(sessions, sessionId);
        time.Advance(SessionWatch.CacheIdle);
        await sessions.KeepTold();
        var afterTheLimit = await Held(sessions, sessionId);
        _fault.On = false;

        Assert.True(refusalBefore);
        Assert.False(refusalAfter);
        Assert.True(beforeTheLimit);
        Assert.False(afterTheLimit);
    }

    [Fact]
    public async Task A_node_whose_asks_to_be_told_lapsed_answers_nothing_from_what_it_holds()
    {
        var time = new ManualTime();
        using var sessions = SessionCacheTests.Node(Host, time);
        var sessionId = await SessionCacheTests.HeldYes(Host, sessions);

        _fault.On = true;
        // Its renewals stalled past the notices grain's patience: notices may have passed it by since.
        time.Advance(SessionWatch.Expiry + TimeSpan.FromSeconds(1));
        var held = await Held(sessions, sessionId);
        _fault.On = false;

        Assert.False(held);
    }

    /// <summary>Whether the node answered <paramref name="expected"/> from what it holds, not asking the failing grain.</summary>
    private static async Task<bool> Held(SessionCheck sessions, string sessionId, bool expected = true)
    {
        try
        {
            return await sessions.MayAct(SessionCacheTests.Caller(sessionId)) == expected;
        }
        catch (PlatformUnavailableException)
        {
            // The grain was asked, and its fault came back as the platform's passing one.
            return false;
        }
    }

    [Fact]
    public async Task A_socket_ticket_grain_out_of_reach_is_answered_503_not_refused_and_the_next_ticket_opens_the_socket()
    {
        var (token, _, _) = await Host.Session(Role.Organiser, "p-fault");

        var ticket = await Ticket(token);

        _fault.On = true;
        await using var refused = LiveClient.WithTicket(Host.Server, ticket);
        var unavailable = await Assert.ThrowsAnyAsync<Exception>(() => refused.Start());
        _fault.On = false;
        await using var dashboard = await LiveClient.WithTicket(Host.Server, await Ticket(token)).Start();

        Assert.Contains("503", unavailable.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, dashboard.Connection.State);
    }

    [Fact]
    public async Task A_made_up_ticket_is_refused_before_any_grain_is_asked()
    {
        var (token, _, _) = await Host.Session(Role.Organiser, "p-fault");
        var issued = await Ticket(token);
        // The same length and alphabet, one character changed in the random part the MAC covers.
        var forged = issued[..12] + (issued[12] == 'A' ? 'B' : 'A') + issued[13..];

        _fault.On = true;
        await using var dashboard = LiveClient.WithTicket(Host.Server, forged);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => dashboard.Start());
        _fault.On = false;

        // With every ticket grain out of reach, asking one would have answered 503.
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
    }

    private async Task<string> Ticket(string token) =>
        (await Host.GraphQL(token, "mutation { socketTicket }")).GetProperty("socketTicket").GetString()!;

    /// <summary>
    /// While on, a session's grain answers "may act?", and a socket ticket's grain its redemption, as one on a silo
    /// just killed would: with a timeout.
    /// </summary>
    private sealed class GrainFault : IIncomingGrainCallFilter
    {
        public volatile bool On;

        public Task Invoke(IIncomingGrainCallContext context) =>
            On && (context is { Grain: ISessionGrain, MethodName: nameof(ISessionGrain.MayAct) }
                || context is { Grain: ISocketTicketGrain, MethodName: nameof(ISocketTicketGrain.Redeem) })
                ? throw new TimeoutException("Response did not arrive on time (played by the test).")
                : context.Invoke();
    }
}
