using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Volunteers.Accounts;
using Volunteers.Api.Accounts;
using Volunteers.Api.GraphQL.Http;

namespace Volunteers.Tests.Live;

/// <summary>
/// The api as it runs, on a fresh SQLite file: with its embedded silo on free loopback ports, or, given
/// <paramref name="joinGateway"/>, as a second api node that is an Orleans client of another host's silo;
/// <paramref name="testServices"/> adds to its services, such as a grain call filter that plays a fault.
/// </summary>
public sealed class ApiHost(int? joinGateway = null, Action<IServiceCollection>? testServices = null) : WebApplicationFactory<Program>
{
    /// <summary>Short, so the protocol test of a client that never says connection_init need not wait long.</summary>
    public static readonly TimeSpan ConnectionInitTimeout = TimeSpan.FromSeconds(1);

    private readonly string _folder = Directory.CreateTempSubdirectory("volunteers-api-").FullName;

    public int GatewayPort { get; } = FreePort();

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Volunteers", $"Data Source={Path.Combine(_folder, "volunteers.db")}");
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Orleans:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", (joinGateway ?? GatewayPort).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (joinGateway is not null)
        {
            builder.UseSetting("Orleans:Role", "Client");
        }
        builder.ConfigureTestServices(services =>
        {
            services.Configure<GraphQLHttpOptions>(o => o.ConnectionInitTimeout = ConnectionInitTimeout);
            testServices?.Invoke(services);
        });
    }

    /// <summary>
    /// A signed access token for a role and scope, as sign-in issues it, of a session of a login of its own.
    /// The scenarios here are built straight through the grains, so the login is made the same way; issued
    /// earlier than now, the token expires that much sooner.
    /// </summary>
    public async Task<(string Token, string Login, string SessionId)> Session(Role role, string scopeId, TimeSpan? issuedAgo = null)
    {
        var login = Logins.OfUsername($"test-{Guid.NewGuid():N}");
        var sessionId = Guid.NewGuid().ToString("N");
        var account = await Grains.GetGrain<IAccountGrain>(login).Create(new NewAccount(role, scopeId, "not-a-hash", "test"));
        await Grains.GetGrain<ISessionGrain>(sessionId).Start(login, "not-a-hash", DateTimeOffset.UtcNow.AddDays(1));
        await Grains.GetGrain<IAccountGrain>(login).SignedIn(sessionId, null);
        var token = Services.GetRequiredService<TokenIssuer>().Access(account, sessionId, DateTimeOffset.UtcNow - (issuedAgo ?? TimeSpan.Zero));
        return (token, login, sessionId);
    }

    public async Task<string> Token(Role role, string scopeId) => (await Session(role, scopeId)).Token;

    /// <summary>The organiser of the scenario's province: staff in scope for all of it.</summary>
    public Task<string> Organiser(CampaignScenario scenario) => Token(Role.Organiser, scenario.ProvinceId);

    /// <summary>A dashboard's connection to the hub.</summary>
    public LiveClient Live(string? accessToken) => LiveClient.Connect(Server, accessToken);

    /// <summary>Runs a GraphQL operation over HTTP and answers its data; errors fail the test.</summary>
    public async Task<JsonElement> GraphQL(string accessToken, string query, object? variables = null)
    {
        using var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        return body.GetProperty("data");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
