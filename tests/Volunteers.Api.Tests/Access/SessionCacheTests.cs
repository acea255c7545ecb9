using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Volunteers.Accounts;
using Volunteers.Api.Accounts;
using Volunteers.Tests.Live;

namespace Volunteers.Tests.Access;

/// <summary>
/// The api keeps "this session may act" for <see cref="SessionWatch.CacheFor"/>, trusting the session's grain to tell
/// it sooner. A grain that moved (here: collected, as on a silo that died) no longer knows the api, so the api must
/// forget its answers when it loses a gateway, the sign of such a move.
/// </summary>
public sealed class SessionCacheTests(LiveApiFixture fixture) : IClassFixture<LiveApiFixture>
{
    private ApiHost Host => fixture.Host;

    [Fact]
    public async Task A_revocation_the_api_was_not_told_of_is_seen_once_a_gateway_is_lost()
    {
        var (token, _, sessionId) = await Host.Session(Role.Organiser, "p-cache");
        Assert.Equal(HttpStatusCode.OK, await Me(token));

        await Host.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await Host.Grains.GetGrain<ISessionGrain>(sessionId).Revoke();
        var untold = await Me(token);
        var observers = Host.Services.GetServices<IClusterConnectionStatusObserver>();
        Assert.Contains(Host.Services.GetRequiredService<SessionCheck>(), observers);
        foreach (var observer in observers)
        {
            observer.NotifyGatewayCountChanged(currentNumberOfGateways: 1, previousNumberOfGateways: 2, connectionRecovered: false);
        }
        var afterLoss = await Me(token);

        Assert.Equal(HttpStatusCode.OK, untold);
        Assert.Equal(HttpStatusCode.Unauthorized, afterLoss);
    }

    [Fact]
    public async Task A_revocation_the_api_is_told_of_is_refused_long_before_its_answer_would_lapse()
    {
        var (token, _, sessionId) = await Host.Session(Role.Organiser, "p-cache");
        Assert.Equal(HttpStatusCode.OK, await Me(token));

        await Host.Grains.GetGrain<ISessionGrain>(sessionId).Revoke();

        // The notice is one-way, so it may land just after Revoke returns; far sooner than the cache would lapse.
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
    private readonly SessionGrainFault _fault = new();

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

    /// <summary>While on, a session's grain answers "may act?" as one on a silo just killed would: with a timeout.</summary>
    private sealed class SessionGrainFault : IIncomingGrainCallFilter
    {
        public volatile bool On;

        public Task Invoke(IIncomingGrainCallContext context) =>
            On && context.Grain is ISessionGrain && context.MethodName == nameof(ISessionGrain.MayAct)
                ? throw new TimeoutException("Response did not arrive on time (played by the test).")
                : context.Invoke();
    }
}
