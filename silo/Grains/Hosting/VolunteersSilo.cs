using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Volunteers.Demo;
using Volunteers.Storage;

namespace Volunteers.Hosting;

public static class VolunteersSilo
{
    /// <summary>
    /// Everything a silo of this platform needs, the same in embedded and cluster mode except for
    /// how silos find each other: one database for grain state and help records, brought up to
    /// date before the silo takes its first call.
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
        if (configuration.GetValue("Demo:Simulate", false))
        {
            silo.Services.AddHostedService<CampaignSimulator>();
        }

        // Decided before any state is written: readable JSON rows, without .NET type names in them.
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.AddAdoNetGrainStorage(GrainStorage.Name, options =>
        {
            options.Invariant = database.Invariant;
            options.ConnectionString = database.ConnectionString;
        });

        if (database.Provider == StorageProvider.Sqlite)
        {
            silo.UseLocalhostClustering();
            if (configuration.GetValue("Demo:Seed", true))
            {
                silo.AddStartupTask<DemoDistrict>();
            }
        }
        else
        {
            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = database.Invariant;
                options.ConnectionString = database.ConnectionString;
            });
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
