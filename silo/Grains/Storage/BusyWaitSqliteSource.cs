using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Volunteers.Storage;

/// <summary>
/// The connections to the SQLite file, for Orleans' grain storage and the platform's own queries alike.
/// SQLite lets one connection write at a time. When a second one finds the file locked,
/// Microsoft.Data.Sqlite retries by blocking its thread for 150 ms between attempts, however soon the
/// lock is released; with joins, check-ins and help records writing at once, most writes waited
/// that long and joins stalled at ~30 a second. A busy timeout makes SQLite itself wait for the
/// lock, in steps of a few milliseconds, so a write goes as soon as the one before it commits.
/// </summary>
internal sealed class BusyWaitSqliteSource(string connectionString, TimeSpan busyTimeout) : DbDataSource
{
    public override string ConnectionString => connectionString;

    protected override DbConnection CreateDbConnection() => new WaitingConnection(connectionString, busyTimeout);

    private sealed class WaitingConnection(string connectionString, TimeSpan busyTimeout) : SqliteConnection(connectionString)
    {
        public override void Open()
        {
            base.Open();
            using var wait = CreateCommand();
            wait.CommandText = $"PRAGMA busy_timeout = {(int)busyTimeout.TotalMilliseconds}";
            wait.ExecuteNonQuery();
        }
    }
}
