using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using Volunteers.Hosting;

namespace Volunteers.Tests;

/// <summary>
/// One in-process Orleans test cluster on a fresh SQLite file, shared by a test collection.
/// Subclasses name another database, so the same tests run on PostgreSQL.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("volunteers-grains-").FullName;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Grain-state writes a test holds back while it lines calls up behind them.</summary>
    public HeldWrites HeldWrites { get; } = new();

    /// <summary>The cluster's database, for a test that checks what the grains answer against SQL of its own.</summary>
    public Volunteers.Storage.Database Database { get; private set; } = null!;

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Storage:Provider", "Sqlite"),
        new("ConnectionStrings:Volunteers", $"Data Source={Path.Combine(_folder, "volunteers.db")}"),
        // A blocking collection at an idle moment would only slow the tests beside it; QuietCollectionTests shows it.
        new("Memory:QuietCollection:QuietLooks", "1000000"),
    ];

    /// <summary>For a fixture whose silo needs more than the platform's own setup, such as a call filter that counts.</summary>
    protected virtual void Configure(ISiloBuilder silo)
    {
    }

    public virtual async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings()).Build();
        Database = Volunteers.Storage.Database.FromConfiguration(configuration);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            Configure(silo.AddVolunteers(configuration, Volunteers.Storage.Database.FromConfiguration(configuration)));
            HeldWrites.Wrap(silo);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteCluster : ICollectionFixture<ClusterFixture>
{
    public const string Name = "SQLite cluster";
}
