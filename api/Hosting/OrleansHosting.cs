using Volunteers.Hosting;
using Volunteers.Storage;

namespace Volunteers.Api.Hosting;

public static class OrleansHosting
{
    /// <summary>
    /// The api hosts the silo itself in embedded mode (the default, on SQLite), so one process is
    /// the whole platform. Cluster mode (issue: cluster) joins separate silos as a client instead.
    /// </summary>
    public static WebApplicationBuilder AddVolunteersHost(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(Database.FromConfiguration(builder.Configuration));
        builder.UseOrleans(silo => silo
            .AddVolunteers(builder.Configuration)
            .UseVolunteersClustering(builder.Configuration)
            .AddVolunteersDemo(builder.Configuration));
        return builder;
    }
}
