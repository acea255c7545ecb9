using Orleans.Configuration;
using Volunteers.Storage;
using Volunteers.Tests.Hosting;
using Volunteers.Tests.Messages;
using Volunteers.Tests.RollUp;
using Volunteers.Tests.Storage;
using Volunteers.Tests.Volunteering;

// One PostgreSQL server serves the whole run, and the fault tests restart it and load the machine
// with processes of their own: test classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Volunteers.Tests;

/// <summary>The in-process test cluster of the grain tests, on a fresh PostgreSQL database.</summary>
public sealed class PostgresClusterFixture : ClusterFixture
{
    private string _connectionString = "";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Storage:Provider", "Postgres"),
        new("ConnectionStrings:Volunteers", _connectionString),
    ];

    public override async Task InitializeAsync()
    {
        _connectionString = await (await PostgresServer.Shared).CreateDatabaseAsync();
        await base.InitializeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCluster : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "PostgreSQL cluster";
}

[Collection(PostgresCluster.Name)]
public sealed class PostgresDirectoryCacheTests(PostgresClusterFixture fixture)
    : DirectoryCacheTests(fixture, GrainDirectoryOptions.CachingStrategyType.LRU);

[Collection(PostgresCluster.Name)]
public sealed class PostgresRollUpTests(PostgresClusterFixture fixture) : RollUpTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class PostgresVolunteerDayTests(PostgresClusterFixture fixture) : VolunteerDayTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class PostgresRandomizedCampaignTests(PostgresClusterFixture fixture) : RandomizedCampaignTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class PostgresFiguresByProcedureTests(PostgresClusterFixture fixture) : FiguresByProcedureTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class PostgresTeamDayTests(PostgresClusterFixture fixture) : Volunteers.Tests.TeamDay.TeamDayTests(fixture);

public sealed class PostgresMigrationTests : MigrationTests
{
    protected override async Task<Database> CreateDatabaseAsync() =>
        new(StorageProvider.Postgres, await (await PostgresServer.Shared).CreateDatabaseAsync());
}

public sealed class PostgresSiloFixture : StorageSiloFixture
{
    protected override async Task<Database> CreateDatabaseAsync() =>
        new(StorageProvider.Postgres, await (await PostgresServer.Shared).CreateDatabaseAsync());
}

public sealed class PostgresAdoNetGrainStorageTests(PostgresSiloFixture silo) : AdoNetGrainStorageTests(silo), IClassFixture<PostgresSiloFixture>;

public sealed class PostgresHelpRecordStoreTests : HelpRecordStoreTests
{
    protected override async Task<Database> CreateDatabaseAsync() =>
        new(StorageProvider.Postgres, await (await PostgresServer.Shared).CreateDatabaseAsync());
}

[Collection(PostgresCluster.Name)]
public sealed class PostgresMessagesTests(PostgresClusterFixture fixture) : MessagesTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class PostgresFiguresTests(PostgresClusterFixture fixture) : Volunteers.Tests.Figures.FiguresTests(fixture);
