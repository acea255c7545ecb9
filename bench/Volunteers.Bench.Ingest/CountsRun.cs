using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Volunteers.Bench;

public sealed record CountsResult(string Table, bool Exact);

/// <summary>
/// The counts query as the stored records grow. <see cref="SeedAsync"/> makes a district through
/// the API and then writes its records straight into help_record (a million through logHelps would
/// take the run's whole budget); the api is then restarted, so <see cref="MeasureAsync"/>'s first
/// query finds no roll-up in memory and times the recount from SQL, and the queries after it time
/// the roll-ups (the first batch apart, while the restarted api still compiles), beside a GROUP BY over the same records.
/// </summary>
public static class CountsRun
{
    private const int SqlQueries = 10;
    private static readonly TimeSpan FirstAnswerWithin = TimeSpan.FromMinutes(5);

    /// <summary>Prints the campaign id, for the measuring run after the restart.</summary>
    public static async Task<string> SeedAsync(IngestOptions options)
    {
        using var http = new HttpClient { BaseAddress = options.Url };
        var organiser = await Organiser.SignInAsync(new ApiClient(http), options.Organiser, options.Password);
        var district = await District.SetUpAsync(organiser, options.Wards, options.VolunteersPerWard, options.Concurrency);
        var (campaignId, volunteers) = (district.CampaignId, district.Members);

        await using var connection = await OpenAsync(options);
        await using var insert = connection.CreateCommand();
        // Generated in the database from a row counter, spread over the volunteers round robin, so
        // a million rows cost seconds; every service, channel and outcome occurs.
        var values = new StringBuilder();
        for (var i = 0; i < volunteers.Count; i++)
        {
            values.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"({i},@v{i},@t{i},@w{i},@p{i})");
            Bind(insert, $"v{i}", volunteers[i].Id);
            Bind(insert, $"t{i}", volunteers[i].TeamId);
            Bind(insert, $"w{i}", volunteers[i].WardId);
            Bind(insert, $"p{i}", volunteers[i].PlaceId);
        }
        Bind(insert, "campaign", campaignId);
        Bind(insert, "last", options.Records - 1);
        Bind(insert, "volunteers", volunteers.Count);
        var now = DateTimeOffset.UtcNow;
        Bind(insert, "at", options.Provider == "postgres" ? now : now.ToUnixTimeMilliseconds());
        insert.CommandText = $"""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @last),
            v(k, volunteer_id, team_id, ward_id, place_id) AS (VALUES {values})
            INSERT INTO help_record (campaign_id, record_id, volunteer_id, team_id, ward_id, place_id, service, procedure, channel, outcome, minutes, occurred_at, accepted_at)
            SELECT @campaign, 'seed-' || n.i, v.volunteer_id, v.team_id, v.ward_id, v.place_id,
                CASE n.i % 6 WHEN 0 THEN 'account' WHEN 1 THEN 'online-application' WHEN 2 THEN 'scan' WHEN 3 THEN 'cashless' WHEN 4 THEN 'ecommerce' ELSE 'digital-skills' END,
                CASE WHEN n.i % 6 = 1 THEN 'birth-registration' END,
                CASE n.i % 3 WHEN 0 THEN 'door-to-door' WHEN 1 THEN 'one-stop-desk' ELSE 'community-point' END,
                CASE WHEN n.i % 7 = 0 THEN 'follow-up' ELSE 'done' END,
                3 + n.i % 40, @at, @at
            FROM n JOIN v ON v.k = n.i % @volunteers
            """;
        insert.CommandTimeout = 600;
        await insert.ExecuteNonQueryAsync();
        return campaignId;
    }

    public static async Task<CountsResult> MeasureAsync(IngestOptions options)
    {
        using var http = new HttpClient { BaseAddress = options.Url };
        var api = (await Organiser.SignInAsync(new ApiClient(http), options.Organiser, options.Password)).Api;
        const string Counts = "query($c: ID!) { counts(campaignId: $c) { helps byService { key count } } }";
        var variables = new { c = options.Campaign };

        // The first query activates every level, and the volunteers' recounts from SQL can outlast
        // Orleans' 30 s response timeout; the dashboard would ask again, so this does too, for a while.
        var started = Stopwatch.GetTimestamp();
        var attempts = 0;
        int helps;
        while (true)
        {
            attempts++;
            try
            {
                helps = (int)(await api.Data(Counts, variables))["counts"]!["helps"]!;
                break;
            }
            catch (InvalidOperationException) when (Stopwatch.GetElapsedTime(started) < FirstAnswerWithin)
            {
                await Task.Delay(1000);
            }
        }
        var first = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        // The api has just restarted: its first seconds of queries run while the JIT recompiles the request path
        // (5,975 methods in the 16 s after a restart, traced on 2026-12-05), so they are timed apart from the
        // same number after them, which is what a dashboard meets once the api has been up a while.
        // Each query's start is kept too, in raw ticks: on Linux they are the monotonic clock that stamps the api's
        // EventPipe traces, so a slow query can be laid beside the collections and compilations made while it ran.
        var startedAt = new long[options.Queries];
        async Task<double[]> TimeQueries()
        {
            var times = new double[options.Queries];
            for (var i = 0; i < times.Length; i++)
            {
                var start = startedAt[i] = Stopwatch.GetTimestamp();
                helps = (int)(await api.Data(Counts, variables))["counts"]!["helps"]!;
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            return times;
        }
        var cold = await TimeQueries();
        Array.Sort(cold);
        var latencies = await TimeQueries();
        if (options.Latencies is { } file)
        {
            await File.WriteAllLinesAsync(file, latencies.Select((ms, i) => string.Create(CultureInfo.InvariantCulture, $"{i},{startedAt[i]},{ms:0.000}")));
        }
        Array.Sort(latencies);

        await using var connection = await OpenAsync(options);
        await using var groupBy = connection.CreateCommand();
        groupBy.CommandText = "SELECT service, COUNT(*) FROM help_record WHERE campaign_id = @campaign AND voided_at IS NULL GROUP BY service";
        Bind(groupBy, "campaign", options.Campaign);
        var sql = new double[SqlQueries];
        for (var i = 0; i < sql.Length; i++)
        {
            started = Stopwatch.GetTimestamp();
            await using (var reader = await groupBy.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                }
            }
            sql[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(sql);

        var exact = helps == options.Records;
        var table = "| store | records | first counts after restart ms (attempts) | queries | just after restart p50 / p99 ms | counts p50 ms | counts p99 ms | counts p99.9 ms | SQL GROUP BY p50 ms | SQL GROUP BY p99 ms | counts = records |\n" +
            "|---|---|---|---|---|---|---|---|---|---|---|\n" + string.Create(CultureInfo.InvariantCulture,
            $"| {options.Label} | {options.Records:N0} | {first:0} ({attempts}) | {latencies.Length} + {latencies.Length} | {IngestRun.Percentile(cold, 0.50):0.00} / {IngestRun.Percentile(cold, 0.99):0.00} | {IngestRun.Percentile(latencies, 0.50):0.00} | {IngestRun.Percentile(latencies, 0.99):0.00} | {IngestRun.Percentile(latencies, 0.999):0.00} | {IngestRun.Percentile(sql, 0.50):0.0} | {IngestRun.Percentile(sql, 0.99):0.0} | {exact} |");
        return new CountsResult(table, exact);
    }

    private static async Task<DbConnection> OpenAsync(IngestOptions options)
    {
        DbConnection connection = options.Provider == "postgres" ? new NpgsqlConnection(options.Db) : new SqliteConnection(options.Db);
        await connection.OpenAsync();
        return connection;
    }

    private static void Bind(DbCommand command, string name, object value) =>
        command.Parameters.Add(command is NpgsqlCommand ? new NpgsqlParameter(name, value) : new SqliteParameter(name, value));
}
