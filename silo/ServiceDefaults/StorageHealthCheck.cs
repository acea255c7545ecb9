using Microsoft.Extensions.Diagnostics.HealthChecks;
using Volunteers.Health;

namespace Volunteers.ServiceDefaults;

/// <summary>
/// Ready means the database answers a silo: without it no log can be acknowledged. Asked through a grain, so
/// an api learns it the way its requests would, and no process but a silo opens the database.
/// </summary>
public sealed class StorageHealthCheck(IGrainFactory grains) : IHealthCheck
{
    /// <summary>Well under a load balancer's probe timeout: a cluster that does not answer by then is not ready.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var probe = await grains.GetGrain<IStorageProbeGrain>(0).Probe().WaitAsync(Patience, cancellationToken);
            return probe.Answers ? HealthCheckResult.Healthy(probe.Description) : HealthCheckResult.Unhealthy(probe.Description);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"No silo answered about the database: {exception.Message}");
        }
    }
}
