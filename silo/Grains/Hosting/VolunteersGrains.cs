using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.Serialization;
using Volunteers.Campaigns;
using Volunteers.Demo;
using Volunteers.Storage;
using Volunteers.Tallies;

namespace Volunteers.Hosting;

public static class VolunteersGrains
{
    /// <summary>The ADO.NET provider itself; grains name <see cref="GrainStorage.Name"/>, which wraps it.</summary>
    private const string SqlGrainStorage = "volunteers-sql";

    /// <summary>
    /// The grains' services and storage: one database for grain state, help records and the audit trail,
    /// brought up to date before the silo takes its first call. The same in every mode; the database is
    /// registered here and nowhere else.
    /// </summary>
    public static ISiloBuilder AddVolunteers(this ISiloBuilder silo, IConfiguration configuration, Database database)
    {
        // Named rather than found by scanning the process's dependencies, so any host of these grains finds them.
        silo.Services.AddSerializer(serializer => serializer.AddAssembly(typeof(VolunteersGrains).Assembly));
        silo.Services.AddSingleton(database);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddSingleton<SiloCache>();
        silo.Services.AddSingleton<VolunteerLoads>();
        silo.Services.AddSingleton<DatabaseMigrator>();
        silo.Services.AddSingleton<IHelpRecordStore, HelpRecordStore>();
        silo.Services.AddSingleton<AuditLog>();
        silo.Services.AddSingleton(CampaignRules.FromConfiguration(configuration));
        silo.Services.AddSingleton(new DemoSettings(DemoDistrict.IsOn(configuration, database)));
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MigrateOnStart>();
        silo.Services.AddSingleton<SiloStopping>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<SiloStopping>());
        silo.Services.AddOptions<RollUpOptions>();
        silo.Services.AddOptions<QuietCollectionOptions>().Bind(configuration.GetSection(QuietCollectionOptions.Section))
            .Validate(o => o.Every > TimeSpan.Zero && o.Every <= TimeSpan.FromDays(1) && o.QuietLooks > 0 && o.QuietBelowBytes > 0 && o.WorthAboveBytes >= 0,
                $"{QuietCollectionOptions.Section}: Every must be more than zero and at most a day, QuietLooks and QuietBelowBytes more than zero, WorthAboveBytes zero or more.")
            .ValidateOnStart();
        silo.Services.AddHostedService<QuietCollection>();
        silo.AddIncomingGrainCallFilter<PlatformFaultFilter>();
        if (database.Provider == StorageProvider.Sqlite)
        {
            // SQLite is one silo's (VolunteersClustering), and a lone silo owns the whole grain directory: a cache of
            // where grains live only repeats it, at 152 bytes a grain until 4 to 8 minutes after its last use, and a
            // 4.7 MB table sized for a million (40,240 entries in the api just after 10,000 volunteers joined).
            silo.Configure<GrainDirectoryOptions>(options => options.CachingStrategy = GrainDirectoryOptions.CachingStrategyType.None);
        }

        // Decided before any state is written: readable JSON rows, without .NET type names in them.
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.AddAdoNetGrainStorage(SqlGrainStorage, database.Apply);
        silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorage.Name, (services, _) => new PlatformFaultStorage(
            services.GetRequiredKeyedService<IGrainStorage>(SqlGrainStorage), services.GetRequiredService<ILogger<PlatformFaultStorage>>()));
        return silo;
    }

    /// <summary>Demo data for an empty embedded store (Demo:Seed, on by default) and simulated volunteers (Demo:Simulate).</summary>
    public static ISiloBuilder AddVolunteersDemo(this ISiloBuilder silo, IConfiguration configuration, Database database)
    {
        if (DemoDistrict.IsOn(configuration, database))
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
