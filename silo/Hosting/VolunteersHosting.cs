using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using Volunteers.ServiceDefaults;
using Volunteers.Storage;
using Volunteers.Telemetry;

namespace Volunteers.Hosting;

/// <summary>How the api reaches grains, chosen by <c>Orleans:Role</c>.</summary>
public enum OrleansRole
{
    /// <summary>The api hosts the silo itself, so one process is the whole platform (SQLite, or one silo of a PostgreSQL cluster).</summary>
    Embedded,

    /// <summary>The api joins separate silos as a client, finding their gateways in the PostgreSQL membership table.</summary>
    Client,
}

/// <summary>
/// Every process of the platform starts Orleans here, and only here is the database read from configuration:
/// a silo registers it for its grains; a client only hands Orleans where the membership table is.
/// </summary>
public static class VolunteersHosting
{
    public const string RoleSetting = "Orleans:Role";

    /// <summary>A silo of a cluster (silo/Host): the grains, their storage, clustering and what operators watch.</summary>
    public static WebApplicationBuilder AddVolunteersSilo(this WebApplicationBuilder builder)
    {
        IConfiguration configuration = builder.Configuration;
        var database = Database.FromConfiguration(configuration);
        builder.AddVolunteersOperations("volunteers-silo");
        builder.UseOrleans(silo => silo
            .AddVolunteers(configuration, database)
            .UseVolunteersClustering(configuration, database)
            .AddVolunteersOperations(configuration));
        return builder.WithGrainMetrics(database);
    }

    /// <summary>
    /// The api: by default it hosts a silo, demo and all, so one process is the whole platform; with
    /// <c>Orleans:Role=Client</c> it joins separate silos. Either way the api itself sees only grain interfaces.
    /// </summary>
    public static WebApplicationBuilder AddVolunteersHost(this WebApplicationBuilder builder)
    {
        IConfiguration configuration = builder.Configuration;
        var database = Database.FromConfiguration(configuration);
        builder.AddVolunteersOperations("volunteers-api");
        if (Role(configuration) == OrleansRole.Client)
        {
            builder.UseOrleansClient(client => client
                .UseVolunteersClustering(configuration, database)
                .AddVolunteersOperations(configuration));
            return builder.WithLocalData(database);
        }
        builder.UseOrleans(silo => silo
            .AddVolunteers(configuration, database)
            .UseVolunteersClustering(configuration, database)
            .AddVolunteersOperations(configuration)
            .AddVolunteersDemo(configuration, database));
        return builder.WithGrainMetrics(database);
    }

    /// <summary>The grains' own meter is exported by the processes that run grains.</summary>
    private static WebApplicationBuilder WithGrainMetrics(this WebApplicationBuilder builder, Database database)
    {
        if (OperationsHosting.ExportsTelemetry(builder.Configuration))
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(VolunteersMetrics.MeterName));
        }
        return builder.WithLocalData(database);
    }

    private static WebApplicationBuilder WithLocalData(this WebApplicationBuilder builder, Database database)
    {
        if (database.SqliteFolder is { } folder)
        {
            builder.Services.AddSingleton(new LocalDataFolder(folder));
        }
        return builder;
    }

    private static OrleansRole Role(IConfiguration configuration)
    {
        var name = configuration[RoleSetting] ?? nameof(OrleansRole.Embedded);
        return Enum.TryParse<OrleansRole>(name, ignoreCase: true, out var role)
            ? role
            : throw new SettingsException($"{RoleSetting} is '{name}'; it must be Embedded or Client.");
    }
}
