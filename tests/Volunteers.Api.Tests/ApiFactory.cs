using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Volunteers.Api.Accounts;

namespace Volunteers.Tests;

/// <summary>
/// The whole platform in-process: the api with its embedded silo on a SQLite file of its own,
/// on ports of its own, so test classes can run side by side. Two factories given the same
/// folder see the same data, which is how the restart test stops and starts "the server".
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public ApiFactory() : this(Directory.CreateTempSubdirectory("volunteers-api-").FullName)
    {
    }

    internal ApiFactory(string folder) => Folder = folder;

    public string Folder { get; }

    /// <summary>
    /// Signs in, on first use, as the organiser of a province of its own, made through the same step as the
    /// create-organiser command; so tests stay apart without coordinating.
    /// </summary>
    public GraphQLClient GraphQL() => new(CreateClient(), NewOrganiser);

    public GraphQLClient Anonymous() => new(CreateClient());

    /// <summary>Limits at their production defaults, for the tests that measure them; the rest run with room to spare.</summary>
    public bool ProductionLimits { get; init; }

    /// <summary>Configuration a test sets besides the usual, such as App:PublicBaseUrl.</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (!ProductionLimits)
        {
            builder.UseSetting("Auth:SignInsPerMinute", "100000");
            builder.UseSetting("Auth:WriteBurst", "100000");
            builder.UseSetting("Auth:RequestBurst", "100000");
            builder.UseSetting("Auth:RecordBurst", "100000");
            builder.UseSetting("Auth:CostlyBurst", "100000");
        }
        // After the roomy limits, so a test that measures one limit sets it.
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("ConnectionStrings:Volunteers", $"Data Source={Path.Combine(Folder, "volunteers.db")}");
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Orleans:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Last, so a test's own setting (the demo, say) wins over the usual.
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private async Task<string> NewOrganiser()
    {
        var username = $"org-{Guid.NewGuid():N}"[..24];
        var password = Guid.NewGuid().ToString("N");
        await Services.GetRequiredService<AccountService>().CreateFirstOrganiser(null, "Thành phố Hà Nội", $"T{Guid.NewGuid():N}"[..12], username, password);
        return await Anonymous().SignIn(username, password);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
