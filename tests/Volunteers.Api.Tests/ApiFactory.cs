using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

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

    public GraphQLClient GraphQL() => new(CreateClient());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Volunteers", $"Data Source={Path.Combine(Folder, "volunteers.db")}");
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Orleans:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
