using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Volunteers.Demo;
using Volunteers.Storage;

namespace Volunteers.Hosting;

public static class VolunteersSilo
{
    /// <summary>
    /// The grains' services and storage: one database for grain state and help records, brought
    /// up to date before the silo takes its first call. The same in every mode.
    /// </summary>
    public static ISiloBuilder AddVolunteers(this ISiloBuilder silo, IConfiguration configuration)
    {
        var database = Database.FromConfiguration(configuration);
        silo.Services.AddSingleton(database);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddSingleton<Snapshots>();
        silo.Services.AddSingleton<DatabaseMigrator>();
        silo.Services.AddSingleton<IHelpRecordStore, HelpRecordStore>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MigrateOnStart>();

        // Decided before any state is written: readable JSON rows, without .NET type names in them.
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.AddAdoNetGrainStorage(GrainStorage.Name, options =>
        {
            options.Invariant = database.Invariant;
            options.ConnectionString = database.ConnectionString;
        });
        return silo;
    }

    /// <summary>
    /// How silos find each other: alone on loopback when embedded on SQLite, through the membership table on
    /// PostgreSQL. On loopback, Orleans:SiloPort and Orleans:GatewayPort move it off the default ports, so
    /// two embedded hosts (tests, benchmarks) can run side by side.
    /// </summary>
    public static ISiloBuilder UseVolunteersClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var database = Database.FromConfiguration(configuration);
        return database.Provider == StorageProvider.Sqlite
            ? silo.UseLocalhostClustering(
                configuration.GetValue("Orleans:SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
                configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT))
            : silo.UseAdoNetClustering(options =>
            {
                options.Invariant = database.Invariant;
                options.ConnectionString = database.ConnectionString;
            });
    }

    /// <summary>Demo data for an empty embedded store (Demo:Seed, on by default) and simulated volunteers (Demo:Simulate).</summary>
    public static ISiloBuilder AddVolunteersDemo(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (configuration.GetValue("Demo:Seed", true) && Database.FromConfiguration(configuration).Provider == StorageProvider.Sqlite)
        {
            silo.AddStartupTask<DemoDistrict>();
        }
        if (configuration.GetValue("Demo:Simulate", false))
        {
            silo.Services.AddHostedService<CampaignSimulator>();
        }
        return silo;
    }

    /// <summary>Applies the schema before the silo's runtime starts, so no grain reads a table that isn't there yet.</summary>
    private sealed class MigrateOnStart(DatabaseMigrator migrator) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(MigrateOnStart), ServiceLifecycleStage.RuntimeInitialize - 1, migrator.MigrateAsync);
    }
}
