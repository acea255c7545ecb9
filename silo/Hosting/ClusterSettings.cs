using System.Net;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace Volunteers.Hosting;

/// <summary>
/// Who the cluster is and where this silo listens, from the <c>Orleans</c> section:
/// <c>ClusterId</c>, <c>ServiceId</c>, <c>SiloPort</c>, <c>GatewayPort</c>, <c>AdvertisedHost</c>.
/// The same keys serve a silo and a client, so both always name the same cluster.
/// </summary>
public sealed record ClusterSettings(string ClusterId, string ServiceId, int SiloPort, int GatewayPort, string AdvertisedHost)
{
    public const string Section = "Orleans";

    /// <summary>Every key this reads, for checks of deployment files against the code.</summary>
    public static readonly IReadOnlyList<string> Keys =
        [.. new[] { nameof(ClusterId), nameof(ServiceId), nameof(SiloPort), nameof(GatewayPort), nameof(AdvertisedHost) }.Select(key => $"{Section}:{key}")];

    /// <summary>
    /// Grain state rows are keyed by the service id, so it must never change once data exists;
    /// the cluster id may change with each deployment.
    /// </summary>
    public const string DefaultId = "volunteers";

    public static ClusterSettings FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        return new ClusterSettings(
            section[nameof(ClusterId)] ?? DefaultId,
            section[nameof(ServiceId)] ?? DefaultId,
            section.GetValue(nameof(SiloPort), EndpointOptions.DEFAULT_SILO_PORT),
            section.GetValue(nameof(GatewayPort), EndpointOptions.DEFAULT_GATEWAY_PORT),
            section[nameof(AdvertisedHost)] ?? IPAddress.Loopback.ToString());
    }

    public void Apply(ClusterOptions options)
    {
        options.ClusterId = ClusterId;
        options.ServiceId = ServiceId;
    }

    /// <summary>
    /// Other silos and clients dial the advertised address, so it must be one they can reach: a
    /// container's service name resolves to its own address, and loopback serves one machine.
    /// A silo that advertises loopback listens on loopback only.
    /// </summary>
    public void Apply(EndpointOptions options)
    {
        var address = IPAddress.TryParse(AdvertisedHost, out var parsed)
            ? parsed
            : Dns.GetHostAddresses(AdvertisedHost).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        options.AdvertisedIPAddress = address;
        options.SiloPort = SiloPort;
        options.GatewayPort = GatewayPort;
        if (!IPAddress.IsLoopback(address))
        {
            options.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, SiloPort);
            options.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, GatewayPort);
        }
    }
}
