using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Volunteers.Tests.Cluster;

/// <summary>
/// An Orleans client of the process cluster, as an operator's tool would be: it finds the gateways in the
/// membership table and asks the management grain where activations live.
/// </summary>
public sealed class ManagementClient : IAsyncDisposable
{
    private readonly IHost _host;

    private ManagementClient(IHost host) => _host = host;

    public static async Task<ManagementClient> ConnectAsync(ProcessCluster cluster)
    {
        var host = new HostBuilder()
            .UseOrleansClient(client => client
                .Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = cluster.ClusterId;
                    options.ServiceId = "volunteers";
                })
                .UseAdoNetClustering(options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = cluster.ConnectionString;
                }))
            .Build();
        await host.StartAsync();
        return new ManagementClient(host);
    }

    /// <summary>The platform's own grain activations (not Orleans' system grains) on each active silo.</summary>
    public async Task<IReadOnlyDictionary<SiloAddress, int>> PlatformActivationsAsync()
    {
        var management = _host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        var hosts = await management.GetHosts(onlyActive: true);
        return hosts.Keys.ToDictionary(
            silo => silo,
            silo => statistics.Where(s => s.SiloAddress.Equals(silo) && s.GrainType.Contains("Volunteers.", StringComparison.Ordinal)).Sum(s => s.ActivationCount));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
