using Volunteers.Hosting;
using Volunteers.ServiceDefaults;

namespace Volunteers.Api.Hosting;

/// <summary>How the api reaches grains, chosen by <c>Orleans:Role</c>.</summary>
public enum OrleansRole
{
    /// <summary>The api hosts the silo itself, so one process is the whole platform (SQLite, or one silo of a PostgreSQL cluster).</summary>
    Embedded,

    /// <summary>The api joins separate silos as a client, finding their gateways in the PostgreSQL membership table.</summary>
    Client,
}

public static class OrleansHosting
{
    public const string RoleSetting = "Orleans:Role";

    public static WebApplicationBuilder AddVolunteersHost(this WebApplicationBuilder builder)
    {
        IConfiguration configuration = builder.Configuration;
        builder.AddVolunteersOperations("volunteers-api");
        if (Role(configuration) == OrleansRole.Client)
        {
            builder.UseOrleansClient(client => client
                .UseVolunteersClustering(configuration)
                .AddVolunteersOperations(configuration));
        }
        else
        {
            builder.UseOrleans(silo => silo
                .AddVolunteers(configuration)
                .UseVolunteersClustering(configuration)
                .AddVolunteersOperations(configuration)
                .AddVolunteersDemo(configuration));
        }
        return builder;
    }

    private static OrleansRole Role(IConfiguration configuration)
    {
        var name = configuration[RoleSetting] ?? nameof(OrleansRole.Embedded);
        return Enum.TryParse<OrleansRole>(name, ignoreCase: true, out var role)
            ? role
            : throw new InvalidOperationException($"{RoleSetting} is '{name}'; it must be Embedded or Client.");
    }
}
