using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Volunteers.Bench;

/// <summary>
/// The reference for ingest on SQLite: one connection inserting one help record per statement,
/// each its own transaction, as fast as the disk lets it. It runs on the api's own file after the
/// api stopped, so the table, its indexes and the journal mode (WAL, kept in the file) are the
/// app's, and synchronous stays at the default, as the app leaves it.
/// </summary>
public static class SqliteRaw
{
    public static async Task<string> RunAsync(IngestOptions options)
    {
        await using var connection = new SqliteConnection(options.Db);
        await connection.OpenAsync();
        var journal = await ScalarAsync(connection, "PRAGMA journal_mode");
        var synchronous = await ScalarAsync(connection, "PRAGMA synchronous");

        await using var insert = connection.CreateCommand();
        insert.CommandText =
            "INSERT INTO help_record (campaign_id, record_id, volunteer_id, team_id, ward_id, place_id, service, procedure, channel, outcome, minutes, occurred_at, accepted_at) " +
            "VALUES ('sqlite-raw', @record, 'v', 't', 'w', 'p', 'account', NULL, 'door-to-door', 'done', 10, @at, @at)";
        var record = insert.Parameters.Add("@record", SqliteType.Text);
        var at = insert.Parameters.Add("@at", SqliteType.Integer);
        insert.Prepare();

        var run = Guid.NewGuid().ToString("N")[..8];
        var latencies = new List<double>();
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < options.Duration)
        {
            record.Value = string.Create(CultureInfo.InvariantCulture, $"{run}-{latencies.Count}");
            at.Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var started = Stopwatch.GetTimestamp();
            await insert.ExecuteNonQueryAsync();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        var sorted = latencies.Order().ToArray();
        return "| reference | rows | rows/s | p50 ms | p99 ms |\n|---|---|---|---|---|\n" + string.Create(CultureInfo.InvariantCulture,
            $"| SQLite single-row INSERT, 1 connection, autocommit (journal_mode={journal}, synchronous={synchronous}) | {sorted.Length} | {sorted.Length / stopwatch.Elapsed.TotalSeconds:0} | {IngestRun.Percentile(sorted, 0.50):0.00} | {IngestRun.Percentile(sorted, 0.99):0.00} |");
    }

    private static async Task<string> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture)!;
    }
}
