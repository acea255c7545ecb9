using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using Volunteers.Storage;

namespace Volunteers.Tests.Storage;

/// <summary>
/// A test class whose every test gets a fresh, empty database: a SQLite file, or PostgreSQL where
/// a subclass in the PostgreSQL tests says so.
/// </summary>
public abstract class FreshDatabaseTests : IAsyncLifetime
{
    private TempSqlite? _file;

    protected Database Database { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Database = await CreateDatabaseAsync();

    public Task DisposeAsync()
    {
        _file?.Delete();
        return Task.CompletedTask;
    }

    protected virtual Task<Database> CreateDatabaseAsync()
    {
        _file = new TempSqlite();
        return Task.FromResult(_file.Database);
    }
}

/// <summary>Runs on every database the platform supports.</summary>
public abstract class MigrationTests : FreshDatabaseTests
{
    [Fact]
    public async Task Migrating_twice_applies_each_script_once()
    {
        await Migrator(Database).MigrateAsync(CancellationToken.None);
        await Migrator(Database).MigrateAsync(CancellationToken.None);

        Assert.Equal(Scripts(Database.Provider), await AppliedScripts(Database));
        Assert.Equal(
            ["ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey"],
            await Strings(Database, "SELECT QueryKey FROM OrleansQuery WHERE QueryKey LIKE '%StorageKey' ORDER BY QueryKey"));
    }

    [Fact]
    public async Task Migrators_started_together_apply_each_script_once()
    {
        // Separate Database instances, as separate processes would have.
        var migrations = Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => Migrator(new Database(Database.Provider, Database.ConnectionString)).MigrateAsync(CancellationToken.None)))
            .ToArray();

        await Task.WhenAll(migrations);

        Assert.Equal(Scripts(Database.Provider), await AppliedScripts(Database));
    }

    [Fact]
    public async Task A_help_record_is_stored_once_whatever_is_sent_twice()
    {
        await Migrator(Database).MigrateAsync(CancellationToken.None);
        const string Insert = "INSERT INTO help_record (campaign_id, record_id, volunteer_id, team_id, ward_id, place_id, service, channel, outcome, minutes, occurred_at, accepted_at) " +
            "VALUES ('c-1', 'r-1', 'v-1', 't-1', 'u-1', 'u-2', 'account', 'door-to-door', 'done', 5, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)";
        await Strings(Database, Insert);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Strings(Database, Insert));
        Assert.Equal(["1"], await Strings(Database, "SELECT COUNT(*) FROM help_record"));
    }

    protected static DatabaseMigrator Migrator(Database database) => new(database, NullLogger<DatabaseMigrator>.Instance);

    private static string[] Scripts(StorageProvider provider) => typeof(DatabaseMigrator).Assembly.GetManifestResourceNames()
        .Select(name => name.Replace('\\', '/'))
        .Where(name => name.StartsWith($"Volunteers.Sql.{provider}/", StringComparison.Ordinal))
        .Select(name => name[$"Volunteers.Sql.{provider}/".Length..])
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static Task<string[]> AppliedScripts(Database database) =>
        Strings(database, "SELECT id FROM schema_migration ORDER BY id");

    internal static async Task<string[]> Strings(Database database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }
        return [.. values];
    }
}

public sealed class SqliteMigrationTests : MigrationTests
{
    [Fact]
    public async Task Migrating_a_new_file_turns_on_write_ahead_logging()
    {
        await Migrator(Database).MigrateAsync(CancellationToken.None);

        Assert.Equal(["wal"], await Strings(Database, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Every_connection_lets_sqlite_wait_for_the_write_lock_and_orleans_gets_the_same()
    {
        var orleans = new AdoNetGrainStorageOptions();
        Database.Apply(orleans);

        Assert.Equal(["30000"], await Strings(Database, "PRAGMA busy_timeout"));
        await using var connection = await orleans.DataSource!.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout";
        Assert.Equal(30000L, await command.ExecuteScalarAsync());
    }
}

/// <summary>
/// One silo with Orleans' own ADO.NET grain storage on a migrated database, shared by the
/// tests of <see cref="AdoNetGrainStorageTests"/> because starting a silo takes a few seconds.
/// </summary>
public abstract class StorageSiloFixture : IAsyncLifetime
{
    public const string StorageName = "test";

    private IHost? _host;

    public Database Database { get; private set; } = null!;

    public IHost Host => _host ?? throw new InvalidOperationException("The silo has not started.");

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    public IGrainStorage Storage => Host.Services.GetRequiredKeyedService<IGrainStorage>(StorageName);

    protected abstract Task<Database> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        await new DatabaseMigrator(Database, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), FreePort())
            .UseSystemTextJsonGrainStorageSerializer()
            .AddAdoNetGrainStorage(StorageName, Database.Apply));
        _host = builder.Build();
        await _host.StartAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class SqliteSiloFixture : StorageSiloFixture
{
    private readonly TempSqlite _file = new();

    protected override Task<Database> CreateDatabaseAsync() => Task.FromResult(_file.Database);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Delete();
    }
}

/// <summary>Orleans' own ADO.NET grain storage on our schema, on every database the platform supports.</summary>
public abstract class AdoNetGrainStorageTests(StorageSiloFixture silo)
{
    [Fact]
    public async Task State_written_by_one_activation_is_read_by_the_next()
    {
        var grain = silo.Grains.GetGrain<INoteGrain>(Random.Shared.NextInt64());

        await grain.Write("first");
        await grain.Write("second");
        var before = await grain.ActivationId();
        await grain.Deactivate();

        Assert.Equal("second", await grain.Read());
        Assert.NotEqual(before, await grain.ActivationId());
        Assert.Equal(["1"], await MigrationTests.Strings(silo.Database, "SELECT COUNT(*) FROM orleans_storage WHERE grain_id_n1 = " + grain.GetPrimaryKeyLong()));
    }

    [Fact]
    public async Task Cleared_state_reads_back_as_new_and_can_be_written_again()
    {
        var grain = silo.Grains.GetGrain<INoteGrain>(Random.Shared.NextInt64());

        await grain.Write("kept");
        await grain.Clear();
        await grain.Deactivate();
        Assert.Null(await grain.Read());

        await grain.Write("again");
        await grain.Deactivate();
        Assert.Equal("again", await grain.Read());
    }

    [Fact]
    public async Task Of_two_concurrent_first_writes_one_wins_and_the_other_conflicts()
    {
        // Two activations of one grain, as after a split brain, each believing no state exists.
        var grainId = GrainId.Create("note", $"note-{Guid.NewGuid():N}");
        var writes = Enumerable.Range(0, 2)
            .Select(i => Task.Run(() => silo.Storage.WriteStateAsync("note", grainId, new GrainState<NoteState>(new NoteState { Text = $"writer {i}" }))))
            .ToArray();

        var outcome = await Task.WhenAll(writes.Select(Outcome));

        Assert.Equal(1, outcome.Count(e => e is null));
        Assert.IsType<InconsistentStateException>(Assert.Single(outcome, e => e is not null));
        Assert.Equal(["1"], await MigrationTests.Strings(silo.Database, $"SELECT COUNT(*) FROM orleans_storage WHERE grain_id_extension = '{grainId.Key}'"));
    }

    [Fact]
    public async Task A_write_from_a_stale_version_conflicts()
    {
        var grainId = GrainId.Create("note", $"note-{Guid.NewGuid():N}");
        var first = new GrainState<NoteState>(new NoteState { Text = "first" });
        await silo.Storage.WriteStateAsync("note", grainId, first);
        var stale = new GrainState<NoteState>(new NoteState { Text = "stale" }) { ETag = first.ETag };
        await silo.Storage.WriteStateAsync("note", grainId, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.Storage.WriteStateAsync("note", grainId, stale));

        var read = new GrainState<NoteState>();
        await silo.Storage.ReadStateAsync("note", grainId, read);
        Assert.Equal("first", read.State?.Text);
        Assert.Equal("2", read.ETag);
    }

    private static async Task<Exception?> Outcome(Task write)
    {
        try
        {
            await write;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}

public sealed class SqliteAdoNetGrainStorageTests(SqliteSiloFixture silo) : AdoNetGrainStorageTests(silo), IClassFixture<SqliteSiloFixture>;

public interface INoteGrain : IGrainWithIntegerKey
{
    Task Write(string text);

    Task<string?> Read();

    Task Clear();

    Task Deactivate();

    Task<string> ActivationId();
}

[GenerateSerializer]
public sealed class NoteState
{
    [Id(0)]
    public string? Text { get; set; }
}

public sealed class NoteGrain([PersistentState("note", StorageSiloFixture.StorageName)] IPersistentState<NoteState> note) : Grain, INoteGrain
{
    private readonly string _activationId = Guid.NewGuid().ToString("N");

    public async Task Write(string text)
    {
        note.State.Text = text;
        await note.WriteStateAsync();
    }

    public Task<string?> Read() => Task.FromResult(note.State.Text);

    public Task Clear() => note.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<string> ActivationId() => Task.FromResult(_activationId);
}

/// <summary>A SQLite file in its own temp folder, removed with the folder afterwards.</summary>
internal sealed class TempSqlite
{
    private readonly string _folder = Directory.CreateTempSubdirectory("volunteers-storage-").FullName;

    public TempSqlite()
    {
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "volunteers.db") }.ToString();
        Database = new Database(StorageProvider.Sqlite, ConnectionString);
    }

    public string ConnectionString { get; }

    public Database Database { get; }

    public void Delete()
    {
        // Pooled connections keep the file open, which would stop the folder from going.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test over it is not.
        }
    }
}
