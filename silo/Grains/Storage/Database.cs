using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Orleans.Configuration;

namespace Volunteers.Storage;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The one database the platform keeps everything in: Orleans' grain state and membership, and
/// the help records. Configuration picks SQLite (embedded, the default) or PostgreSQL (cluster).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001",
    Justification = "Its one disposable, the scans' SemaphoreSlim, holds no handle unless AvailableWaitHandle is read, and lives as long as the process.")]
public sealed class Database
{
    public const string ProviderSetting = "Storage:Provider";
    public const string ConnectionName = "Volunteers";
    public const string DefaultSqlite = "Data Source=data/volunteers.db";

    private readonly SemaphoreSlim _scans = new(Environment.ProcessorCount);

    public Database(StorageProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = provider == StorageProvider.Sqlite ? PrepareSqlite(connectionString) : connectionString;
        if (provider == StorageProvider.Sqlite)
        {
            SqliteSource = new BusyWaitSqliteSource(ConnectionString, TimeSpan.FromSeconds(new SqliteConnectionStringBuilder(ConnectionString).DefaultTimeout));
        }
    }

    public StorageProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>Every SQLite connection, Orleans' among them, comes from here; null on PostgreSQL, whose driver waits for locks itself.</summary>
    public DbDataSource? SqliteSource { get; }

    /// <summary>
    /// The ADO.NET invariant name Orleans' providers use to find the driver. Orleans 10.4 files
    /// SQLite under "System.Data.SQLite" and loads Microsoft.Data.Sqlite's factory for it; the
    /// name "Microsoft.Data.Sqlite" fails at silo start.
    /// </summary>
    public string Invariant => Provider == StorageProvider.Sqlite ? "System.Data.SQLite" : "Npgsql";

    /// <summary>The folder of a SQLite database file, where an embedded install keeps what it makes once; null on PostgreSQL.</summary>
    public string? SqliteFolder => Provider == StorageProvider.Sqlite
        ? Path.GetDirectoryName(new SqliteConnectionStringBuilder(ConnectionString).DataSource)
        : null;

    /// <summary>The SQLite database's file; null on PostgreSQL and for a database in memory.</summary>
    public string? SqliteFile => Provider == StorageProvider.Sqlite && new SqliteConnectionStringBuilder(ConnectionString) is var sqlite && IsFile(sqlite)
        ? sqlite.DataSource
        : null;

    public static Database FromConfiguration(IConfiguration configuration)
    {
        var name = configuration[ProviderSetting] ?? nameof(StorageProvider.Sqlite);
        if (!Enum.TryParse<StorageProvider>(name, ignoreCase: true, out var provider))
        {
            throw new SettingsException($"Storage:Provider is '{name}'; it must be Sqlite or Postgres.");
        }
        var connectionString = configuration.GetConnectionString(ConnectionName)
            ?? (provider == StorageProvider.Sqlite
                ? DefaultSqlite
                : throw new SettingsException($"ConnectionStrings:{ConnectionName} must name the PostgreSQL database."));
        return new Database(provider, connectionString);
    }

    /// <summary>SQLite keeps Unix milliseconds; PostgreSQL keeps timestamptz, which Npgsql wants in UTC.</summary>
    public object ToDb(DateTimeOffset at) =>
        Provider == StorageProvider.Sqlite ? at.ToUnixTimeMilliseconds() : at.ToUniversalTime();

    public DateTimeOffset FromDb(DbDataReader reader, int ordinal) =>
        Provider == StorageProvider.Sqlite
            ? DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal))
            : reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>Points Orleans' grain storage at this database, through the same SQLite connections as everything else.</summary>
    public void Apply(AdoNetGrainStorageOptions options)
    {
        options.Invariant = Invariant;
        if (SqliteSource is not null)
        {
            options.DataSource = SqliteSource;
        }
        else
        {
            options.ConnectionString = ConnectionString;
        }
    }

    /// <summary>
    /// Runs a read that may go over many records: a campaign's, several wards' or the audit trail's. Microsoft.Data.Sqlite
    /// runs every statement on the calling thread, its async methods too, so on SQLite such a read gets a thread of its own
    /// instead of holding one of the thread pool's, which Orleans runs every grain on: at 100,000 volunteers a
    /// reconciliation's read held one for 6.7 s. As many run at once as there are cores; the others wait their turn
    /// holding no thread. PostgreSQL's driver holds no thread while it waits for the server.
    /// </summary>
    public async Task<T> ScanAsync<T>(Func<Task<T>> read)
    {
        if (SqliteSource is null)
        {
            return await read();
        }
        await _scans.WaitAsync();
        try
        {
            return await Task.Factory.StartNew(read, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }
        finally
        {
            _scans.Release();
        }
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (SqliteSource is not null)
        {
            return await SqliteSource.OpenConnectionAsync(cancellationToken);
        }
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static bool IsFile(SqliteConnectionStringBuilder builder) => builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory;

    /// <summary>
    /// A relative SQLite path is taken from the working directory, and its folder is made, so
    /// the first run of a fresh clone needs nothing prepared.
    /// </summary>
    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (IsFile(builder))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource);
            var folder = Path.GetDirectoryName(builder.DataSource)!;
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception refused) when (refused is IOException or UnauthorizedAccessException)
            {
                // A read-only install folder, run from where the relative default lands, is the usual cause.
                throw new SettingsException($"ConnectionStrings:{ConnectionName} keeps the SQLite file in {folder}, which cannot be made: {refused.Message}");
            }
        }
        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
        return builder.ToString();
    }
}
