using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Volunteers.Storage;

/// <summary>
/// Brings the database up to the schema this build expects, by applying the SQL scripts embedded
/// for its provider (Storage/Sql/Sqlite or Storage/Sql/Postgres) in file-name order. Each script
/// runs once, in its own transaction, and is recorded in <c>schema_migration</c> in that same
/// transaction, so a script either applied completely and is recorded or left no trace.
/// </summary>
/// <remarks>
/// Several processes may start at once against one database (silos of a cluster, or the migrate
/// command beside a silo on its SQLite file). They are serialised by the database itself: PostgreSQL through a
/// transaction-scoped advisory lock, SQLite through BEGIN IMMEDIATE, which takes the write lock
/// before the journal is read. The one that waits then finds the script recorded and skips it.
/// </remarks>
public sealed class DatabaseMigrator(Database database, ILogger<DatabaseMigrator> logger)
{
    private const string ResourcePrefix = "Volunteers.Sql.";

    // Any fixed number works as long as nothing else in the database uses it; this one spells
    // "VOLUNTEE" in ASCII so it is recognisable in pg_locks.
    private const long PostgresLockKey = 0x564F4C554E544545;

    /// <summary>
    /// Migrates the configured database and returns, for a deployment step that runs before any
    /// silo (the compose file's migrate service). Silos migrate on start too, so this is optional.
    /// </summary>
    /// <returns>The process's exit code: 0 once the schema is current, 1 when it could not be made so.</returns>
    public static async Task<int> RunAloneAsync(IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        using var loggers = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddConsole());
        var logger = loggers.CreateLogger<DatabaseMigrator>();
        try
        {
            await new DatabaseMigrator(Database.FromConfiguration(configuration), logger).MigrateAsync(cancellationToken);
            return 0;
        }
        catch (Exception failure) when (failure is DbException or SettingsException)
        {
            // The operator's to fix: the database out of reach, or a setting. The reason says it; a stack would bury it.
            logger.LogCritical("Could not migrate the database: {Reason}", failure.Message);
            return 1;
        }
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var scripts = LoadScripts(database.Provider);
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Provider == StorageProvider.Sqlite)
        {
            await UseWriteAheadLogAsync(connection, cancellationToken);
        }

        await InTransactionAsync(connection, (transaction, token) => ExecuteAsync(connection, transaction, JournalDdl, token), cancellationToken);

        var applied = 0;
        foreach (var script in scripts)
        {
            if (await InTransactionAsync(connection, (transaction, token) => ApplyOnceAsync(connection, transaction, script, token), cancellationToken))
            {
                applied++;
            }
        }
        logger.LogInformation("{Provider} schema is current: {Applied} of {Total} scripts applied now", database.Provider, applied, scripts.Count);
    }

    private string JournalDdl => database.Provider == StorageProvider.Sqlite
        ? "CREATE TABLE IF NOT EXISTS schema_migration (id TEXT NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)"
        : "CREATE TABLE IF NOT EXISTS schema_migration (id text NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL)";

    private async Task<bool> ApplyOnceAsync(DbConnection connection, DbTransaction transaction, Script script, CancellationToken cancellationToken)
    {
        await using (var check = Command(connection, transaction, "SELECT COUNT(*) FROM schema_migration WHERE id = @id"))
        {
            check.Bind("@id", script.Id);
            if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
            {
                return false;
            }
        }

        logger.LogInformation("Applying {Provider} script {Script}", database.Provider, script.Id);
        await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);

        await using var record = Command(connection, transaction, "INSERT INTO schema_migration (id, applied_at) VALUES (@id, CURRENT_TIMESTAMP)");
        record.Bind("@id", script.Id);
        await record.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    private async Task<T> InTransactionAsync<T>(DbConnection connection, Func<DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        if (database.Provider == StorageProvider.Postgres)
        {
            // Released by the commit or rollback, so a crashed migrator cannot leave it held.
            await using var lockCommand = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)");
            lockCommand.Bind("@key", PostgresLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        var result = await work(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task InTransactionAsync(DbConnection connection, Func<DbTransaction, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        await InTransactionAsync(connection, async (transaction, token) =>
        {
            await work(transaction, token);
            return true;
        }, cancellationToken);

    /// <summary>
    /// WAL lets readers carry on while a writer commits, which the grain storage and the api
    /// rely on. The mode is stored in the file, so it is set once, outside any transaction; an
    /// in-memory database cannot use it and keeps its own mode.
    /// </summary>
    private async Task UseWriteAheadLogAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var query = Command(connection, null, "PRAGMA journal_mode");
        var mode = Convert.ToString(await query.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase) || string.Equals(mode, "memory", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        await using var set = Command(connection, null, "PRAGMA journal_mode=WAL");
        var now = Convert.ToString(await set.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        logger.LogInformation("SQLite journal mode changed from {From} to {To}", mode, now);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>
    /// The scripts of one provider, ordered by file name. Resource names carry the folder with the
    /// build machine's separator ("Volunteers.Sql.Sqlite/001_x.sql" or "...Sqlite\001_x.sql").
    /// </summary>
    internal static IReadOnlyList<Script> LoadScripts(StorageProvider provider)
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        var scripts = new List<Script>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var path = resource[ResourcePrefix.Length..].Replace('\\', '/');
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !string.Equals(path[..slash], provider.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            scripts.Add(new Script(path[(slash + 1)..], Read(assembly, resource)));
        }
        if (scripts.Count == 0)
        {
            throw new InvalidOperationException($"No embedded SQL scripts found for {provider}; the build must embed Storage/Sql/{provider}/*.sql.");
        }
        scripts.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return scripts;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal sealed record Script(string Id, string Sql);
}
