using Orleans.Configuration;
using Volunteers.Hosting;
using Volunteers.Storage;

namespace Volunteers.Api.Hosting;

public static class OrleansHosting
{
    /// <summary>
    /// The api hosts the silo itself in embedded mode (the default, on SQLite), so one process is
    /// the whole platform. Cluster mode (issue: cluster) joins separate silos as a client instead.
    /// Until then Orleans:Role=Client joins an embedded host's silo on loopback (Orleans:GatewayPort),
    /// so a second api node can share one cluster, as the live hub's tests and benchmark need.
    /// </summary>
    public static WebApplicationBuilder AddVolunteersHost(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(Database.FromConfiguration(builder.Configuration));
        if (string.Equals(builder.Configuration["Orleans:Role"], "Client", StringComparison.OrdinalIgnoreCase))
        {
            builder.UseOrleansClient(client => client.UseLocalhostClustering(
                builder.Configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT)));
            return builder;
        }
        builder.UseOrleans(silo => silo
            .AddVolunteers(builder.Configuration)
            .UseVolunteersClustering(builder.Configuration)
            .AddVolunteersDemo(builder.Configuration));
        return builder;
    }
}
