using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Volunteers.ServiceDefaults;

/// <summary>
/// Ready means this process can reach grains: a silo is an active member of the cluster, and a
/// client holds a connection to at least one gateway. A load balancer then sends a volunteer's
/// phone only to a process that can store the log.
/// </summary>
public sealed class ClusterHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<ILocalSiloDetails>() is { } silo)
        {
            var status = services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
            return Task.FromResult(status == SiloStatus.Active
                ? HealthCheckResult.Healthy($"Silo {silo.SiloAddress} is active.")
                : HealthCheckResult.Unhealthy($"Silo {silo.SiloAddress} is {status}."));
        }
        var gateways = services.GetRequiredService<GatewayConnection>().Gateways;
        return Task.FromResult(gateways > 0
            ? HealthCheckResult.Healthy($"Connected to {gateways} gateway(s).")
            : HealthCheckResult.Unhealthy("Not connected to any gateway."));
    }
}

/// <summary>What the Orleans client tells about its gateway connections; it has no other view of the cluster.</summary>
public sealed class GatewayConnection : IClusterConnectionStatusObserver
{
    private int _gateways;

    public int Gateways => Volatile.Read(ref _gateways);

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered) =>
        Volatile.Write(ref _gateways, currentNumberOfGateways);

    public void NotifyClusterConnectionLost() => Volatile.Write(ref _gateways, 0);
}
