using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Volunteers.Audit;
using Volunteers.Campaigns;
using Volunteers.Reports;
using Volunteers.Telemetry;
using Volunteers.Volunteering;

namespace Volunteers.Storage;

public enum AppendStatus
{
    Inserted,
    Duplicate,
    Conflict,
}

public readonly record struct AppendOutcome(AppendStatus Status, DateTimeOffset AcceptedAt);

public enum VoidStatus
{
    Voided,
    AlreadyVoided,
    NotFound,
}

/// <param name="VoidedAt">When the record was voided: now, or at the first void when voided before.</param>
public readonly record struct VoidOutcome(VoidStatus Status, DateTimeOffset? VoidedAt);

/// <summary>Live records of one volunteer, team and ward with one service, procedure, channel and outcome.</summary>
/// <param name="Procedure">The procedure's code for an online application, null for any other service.</param>
public sealed record RecordGroup(
    string VolunteerId, string TeamId, string WardId, string Service, string? Procedure, string Channel, string Outcome, int Count, long Minutes);

/// <summary>Records of one campaign and ward with one service, procedure, channel and outcome, live or voided.</summary>
public sealed record FigureGroup(
    string CampaignId, string WardId, string Service, string? Procedure, string Channel, string Outcome, bool Live, int Count, long Minutes);

/// <param name="Changes">Inserts plus voids of the volunteer's records: it only ever grows, so it versions their tally.</param>
public sealed record VolunteerRecords(ImmutableArray<RecordGroup> Live, long Changes);

public interface IHelpRecordStore
{
    /// <summary>Stores records durably; each gets Inserted, Duplicate (same content seen before) or Conflict.</summary>
    Task<IReadOnlyList<AppendOutcome>> AppendAsync(IReadOnlyList<HelpRecord> records, CancellationToken cancellationToken = default);

    /// <summary>The records of a campaign stored under these ids, with when each was accepted; ids not stored are left out.</summary>
    Task<IReadOnlyDictionary<string, (HelpRecord Record, DateTimeOffset AcceptedAt)>> StoredAsync(
        string campaignId, IReadOnlyList<string> recordIds, CancellationToken cancellationToken = default);

    /// <summary>The live records of a campaign grouped by volunteer, service, procedure, channel and outcome.</summary>
    Task<IReadOnlyList<RecordGroup>> GroupsAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>One volunteer's live records, grouped, and how many times their records changed.</summary>
    Task<VolunteerRecords> VolunteerAsync(string campaignId, string volunteerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a record of the volunteer void (it stays stored) and adds the audit entry in the same
    /// transaction; the entry's time and reason are the void's. A record voided before is left as it was.
    /// </summary>
    Task<VoidOutcome> VoidAsync(string campaignId, string volunteerId, string recordId, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>The live records of a campaign per volunteer and place, counting those accepted after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<PlaceHelps>> PlacesAsync(string campaignId, DateTimeOffset after, CancellationToken cancellationToken = default);

    /// <summary>The records of a ward, team or volunteer, voided ones included, newest first.</summary>
    Task<IReadOnlyList<LedgerRecord>> RecordsAsync(string campaignId, RecordScope scope, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The records of the campaigns in the wards, grouped by campaign, ward, service, procedure, channel and
    /// outcome, live and voided apart: what periods add up and closings freeze.
    /// </summary>
    Task<IReadOnlyList<FigureGroup>> FigureGroupsAsync(IReadOnlyCollection<string> campaignIds, IReadOnlyCollection<string> wardIds, CancellationToken cancellationToken = default);
}

/// <summary>
/// Writes help records with group commit: appends that arrive while a transaction is in flight
/// wait for the next one and share it, so a burst costs a few fsyncs rather than one per record,
/// and nothing is acknowledged before it is durable.
/// </summary>
public sealed class HelpRecordStore : IHelpRecordStore, IAsyncDisposable
{
    private const int MaxRecordsPerCommit = 2000;
    private const int RowsPerStatement = 400;
    private static readonly string[] RowParameters = ["@c", "@r", "@v", "@t", "@w", "@p", "@s", "@pr", "@ch", "@o", "@m", "@at"];
    private const string Columns =
        "campaign_id, record_id, volunteer_id, team_id, ward_id, place_id, service, procedure, channel, outcome, minutes, occurred_at, accepted_at";

    /// <summary>Any fixed order will do: concurrent commits take their keys' locks in it, so none waits on another in a cycle.</summary>
    private static readonly Comparer<(string Campaign, string Record)> KeyOrder = Comparer<(string Campaign, string Record)>.Create((x, y) =>
        string.CompareOrdinal(x.Campaign, y.Campaign) is var campaign and not 0 ? campaign : string.CompareOrdinal(x.Record, y.Record));

    private readonly Database _database;
    private readonly AuditLog _audit;
    private readonly ILogger<HelpRecordStore> _logger;
    private readonly TimeProvider _time;
    /// <summary>
    /// Appends waiting for a commit, each up to <see cref="VolunteerDayGrain.MaxEntries"/> records. Full, an
    /// append waits for room instead of piling up memory while the disk falls behind; 32 clients flat out
    /// keep at most a few dozen waiting, so the bound is met only when the database stalls.
    /// </summary>
    private const int MaxWaitingAppends = 4096;

    private readonly Channel<Pending> _queue = System.Threading.Channels.Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(MaxWaitingAppends) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Task _writer;
    private long _commits;

    public HelpRecordStore(Database database, AuditLog audit, ILogger<HelpRecordStore> logger, TimeProvider time)
    {
        _database = database;
        _audit = audit;
        _logger = logger;
        _time = time;
        _writer = Task.Run(WriteLoopAsync);
    }

    public async Task<IReadOnlyList<AppendOutcome>> AppendAsync(IReadOnlyList<HelpRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0)
        {
            return [];
        }
        var pending = new Pending(records);
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The help record store is shutting down.");
        }
        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Transactions committed so far: concurrent appends share them, so under load this grows slower than the appends.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public async Task<IReadOnlyDictionary<string, (HelpRecord Record, DateTimeOffset AcceptedAt)>> StoredAsync(
        string campaignId, IReadOnlyList<string> recordIds, CancellationToken cancellationToken = default)
    {
        if (recordIds.Count == 0)
        {
            return new Dictionary<string, (HelpRecord, DateTimeOffset)>();
        }
        await using var connection = await _database.OpenAsync(cancellationToken);
        var found = await ReadExistingAsync(connection, null, [.. recordIds.Select(id => (campaignId, id))]);
        return found.ToDictionary(f => f.Key.Item2, f => f.Value);
    }

    public async Task<IReadOnlyList<RecordGroup>> GroupsAsync(string campaignId, CancellationToken cancellationToken = default) =>
        [.. (await _database.ScanAsync(() => GroupedAsync(campaignId, null, cancellationToken))).Where(g => g.Live).Select(g => g.Group)];

    public async Task<VolunteerRecords> VolunteerAsync(string campaignId, string volunteerId, CancellationToken cancellationToken = default)
    {
        var grouped = await GroupedAsync(campaignId, volunteerId, cancellationToken);
        // Every record changed the tally once when stored, and a voided one once more.
        return new VolunteerRecords([.. grouped.Where(g => g.Live).Select(g => g.Group)], grouped.Sum(g => g.Live ? g.Group.Count : 2L * g.Group.Count));
    }

    /// <summary>
    /// One query for both the live groups and the voided ones. For a volunteer it reads only the
    /// covering index ix_help_record_volunteer_procedure_tally, so recounting after a restart costs the
    /// volunteer's index entries, not a table read per record scattered over a day of inserts.
    /// </summary>
    private async Task<List<(RecordGroup Group, bool Live)>> GroupedAsync(string campaignId, string? volunteerId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT volunteer_id, team_id, ward_id, service, procedure, channel, outcome, voided_at IS NULL, COUNT(*), SUM(minutes) FROM help_record " +
            "WHERE campaign_id = @campaign" + (volunteerId is null ? " AND voided_at IS NULL" : " AND volunteer_id = @volunteer") +
            " GROUP BY volunteer_id, team_id, ward_id, service, procedure, channel, outcome, voided_at IS NULL";
        command.Bind("@campaign", campaignId);
        if (volunteerId is not null)
        {
            command.Bind("@volunteer", volunteerId);
        }
        var groups = new List<(RecordGroup, bool)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add((new RecordGroup(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.GetString(6),
                Convert.ToInt32(reader.GetValue(8), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(9), CultureInfo.InvariantCulture)),
                Convert.ToBoolean(reader.GetValue(7), CultureInfo.InvariantCulture)));
        }
        return groups;
    }

    public async Task<VoidOutcome> VoidAsync(string campaignId, string volunteerId, string recordId, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText =
            "UPDATE help_record SET voided_at = @at, void_reason = @reason " +
            "WHERE campaign_id = @campaign AND record_id = @record AND volunteer_id = @volunteer AND voided_at IS NULL";
        BindRecord(update, campaignId, volunteerId, recordId);
        update.Bind("@at", _database.ToDb(audit.At));
        update.Bind("@reason", audit.Reason);
        if (await update.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            await _audit.AppendAsync(connection, transaction, audit, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new VoidOutcome(VoidStatus.Voided, audit.At);
        }

        await using var existing = connection.CreateCommand();
        existing.Transaction = transaction;
        existing.CommandText = "SELECT voided_at FROM help_record WHERE campaign_id = @campaign AND record_id = @record AND volunteer_id = @volunteer";
        BindRecord(existing, campaignId, volunteerId, recordId);
        await using var reader = await existing.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new VoidOutcome(VoidStatus.AlreadyVoided, _database.FromDb(reader, 0))
            : new VoidOutcome(VoidStatus.NotFound, null);
    }

    public Task<IReadOnlyList<PlaceHelps>> PlacesAsync(string campaignId, DateTimeOffset after, CancellationToken cancellationToken = default) =>
        _database.ScanAsync(() => ReadPlacesAsync(campaignId, after, cancellationToken));

    private async Task<IReadOnlyList<PlaceHelps>> ReadPlacesAsync(string campaignId, DateTimeOffset after, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT volunteer_id, team_id, ward_id, place_id, COUNT(*), SUM(CASE WHEN accepted_at > @after THEN 1 ELSE 0 END) " +
            "FROM help_record WHERE campaign_id = @campaign AND voided_at IS NULL GROUP BY volunteer_id, team_id, ward_id, place_id";
        command.Bind("@campaign", campaignId);
        command.Bind("@after", _database.ToDb(after));
        var places = new List<PlaceHelps>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            places.Add(new PlaceHelps(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture)));
        }
        return places;
    }

    public async Task<IReadOnlyList<LedgerRecord>> RecordsAsync(string campaignId, RecordScope scope, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // ix_help_record_ward leads with (campaign_id, ward_id, occurred_at): the newest of a ward come first off the index.
        command.CommandText = $"SELECT {Columns}, voided_at, void_reason FROM help_record WHERE campaign_id = @campaign AND ward_id = @ward" +
            (scope.TeamId is null ? "" : " AND team_id = @team") + (scope.VolunteerId is null ? "" : " AND volunteer_id = @volunteer") +
            " ORDER BY occurred_at DESC, record_id LIMIT @limit";
        command.Bind("@campaign", campaignId);
        command.Bind("@ward", scope.WardId);
        if (scope.TeamId is not null)
        {
            command.Bind("@team", scope.TeamId);
        }
        if (scope.VolunteerId is not null)
        {
            command.Bind("@volunteer", scope.VolunteerId);
        }
        command.Bind("@limit", limit);
        var records = new List<LedgerRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new LedgerRecord(ReadRecord(reader), _database.FromDb(reader, 12),
                reader.IsDBNull(13) ? null : _database.FromDb(reader, 13), reader.IsDBNull(14) ? null : reader.GetString(14)));
        }
        return records;
    }

    public Task<IReadOnlyList<FigureGroup>> FigureGroupsAsync(
        IReadOnlyCollection<string> campaignIds, IReadOnlyCollection<string> wardIds, CancellationToken cancellationToken = default) =>
        _database.ScanAsync(() => ReadFigureGroupsAsync(campaignIds, wardIds, cancellationToken));

    private async Task<IReadOnlyList<FigureGroup>> ReadFigureGroupsAsync(
        IReadOnlyCollection<string> campaignIds, IReadOnlyCollection<string> wardIds, CancellationToken cancellationToken)
    {
        var groups = new List<FigureGroup>();
        if (campaignIds.Count == 0 || wardIds.Count == 0)
        {
            return groups;
        }
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // ix_help_record_ward leads with (campaign_id, ward_id): each pair is a range of the index.
        command.CommandText =
            "SELECT campaign_id, ward_id, service, procedure, channel, outcome, voided_at IS NULL, COUNT(*), SUM(minutes) FROM help_record " +
            $"WHERE campaign_id IN ({BindList(command, "c", campaignIds)}) AND ward_id IN ({BindList(command, "w", wardIds)}) " +
            "GROUP BY campaign_id, ward_id, service, procedure, channel, outcome, voided_at IS NULL";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(new FigureGroup(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4), reader.GetString(5), Convert.ToBoolean(reader.GetValue(6), CultureInfo.InvariantCulture),
                Convert.ToInt32(reader.GetValue(7), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(8), CultureInfo.InvariantCulture)));
        }
        return groups;
    }

    /// <summary>Binds each value as its own parameter and answers the list of their names for an IN (…).</summary>
    private static string BindList(DbCommand command, string prefix, IEnumerable<string> values) =>
        string.Join(",", values.Distinct(StringComparer.Ordinal).Select((value, i) =>
        {
            var name = $"@{prefix}{i}";
            command.Bind(name, value);
            return name;
        }));

    private static void BindRecord(DbCommand command, string campaignId, string volunteerId, string recordId)
    {
        command.Bind("@campaign", campaignId);
        command.Bind("@record", recordId);
        command.Bind("@volunteer", volunteerId);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    /// <summary>
    /// SQLite has one writer, so one commit at a time. PostgreSQL takes the next commit while the
    /// last one waits for its fsync and round trips, which was where a single loop spent its time;
    /// each commit inserts in key order, so two commits that share a record (a retry racing its
    /// original) wait for one another instead of deadlocking.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        using var slots = new SemaphoreSlim(_database.Provider == StorageProvider.Sqlite ? 1 : 2);
        var commits = new List<Task>();
        while (await reader.WaitToReadAsync())
        {
            await slots.WaitAsync();
            var batch = new List<Pending>();
            var count = 0;
            while (count < MaxRecordsPerCommit && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                count += pending.Records.Count;
            }
            commits.RemoveAll(c => c.IsCompleted);
            commits.Add(CommitOrFailAsync(batch, count).ContinueWith(_ => slots.Release(), TaskScheduler.Default));
        }
        await Task.WhenAll(commits);
    }

    private async Task CommitOrFailAsync(List<Pending> batch, int count)
    {
        try
        {
            await CommitAsync(batch);
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Storing {Count} help records failed; their senders will retry", count);
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(exception);
            }
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        // Milliseconds are what both databases keep, so the receipt given now equals the one a retry reads back.
        var now = _time.GetUtcNow();
        var acceptedAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        // A record may appear twice in one commit (a retry racing its original); the first
        // occurrence is inserted and the others are judged against what was stored.
        var firsts = new SortedDictionary<(string, string), HelpRecord>(KeyOrder);
        foreach (var record in batch.SelectMany(p => p.Records))
        {
            firsts.TryAdd((record.CampaignId, record.RecordId), record);
        }

        await using var connection = await _database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var inserted = new HashSet<(string, string)>();
        await InsertAsync(connection, transaction, firsts.Values, acceptedAt, inserted);
        var stored = await ReadExistingAsync(connection, transaction,
            firsts.Keys.Where(k => !inserted.Contains(k)).ToList());
        await transaction.CommitAsync();
        Interlocked.Increment(ref _commits);
        VolunteersMetrics.Committed(batch.Count);

        foreach (var pending in batch)
        {
            var outcomes = new AppendOutcome[pending.Records.Count];
            for (var i = 0; i < outcomes.Length; i++)
            {
                var record = pending.Records[i];
                var key = (record.CampaignId, record.RecordId);
                outcomes[i] = inserted.Remove(key)
                    ? new AppendOutcome(AppendStatus.Inserted, acceptedAt)
                    : Judge(record, stored.TryGetValue(key, out var existing) ? existing : (firsts[key], acceptedAt));
            }
            pending.Done.TrySetResult(outcomes);
        }
    }

    private static AppendOutcome Judge(HelpRecord record, (HelpRecord Record, DateTimeOffset AcceptedAt) existing) =>
        new(record.SameContentAs(existing.Record) ? AppendStatus.Duplicate : AppendStatus.Conflict, existing.AcceptedAt);

    private const string Insert = $"INSERT INTO help_record ({Columns}) ";
    private const string OnConflict = " ON CONFLICT (campaign_id, record_id) DO NOTHING RETURNING campaign_id, record_id";

    /// <summary>
    /// Each database its cheapest way to insert many rows in one transaction. Both were measured:
    /// one multi-row VALUES statement of 400 rows cost ~0.7 ms a record on SQLite, whose driver binds
    /// each of the 4,801 named parameters by a linear search of the statement's names, and ~0.16 ms
    /// a record on PostgreSQL, which parses and plans the large statement anew each commit.
    /// </summary>
    private Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<HelpRecord> records,
        DateTimeOffset acceptedAt, HashSet<(string, string)> inserted) =>
        _database.Provider == StorageProvider.Sqlite
            ? InsertEachAsync(connection, transaction, records, acceptedAt, inserted)
            : InsertArraysAsync(connection, transaction, records, acceptedAt, inserted);

    /// <summary>SQLite: a one-row INSERT prepared once and re-run in the transaction costs microseconds a row.</summary>
    private async Task InsertEachAsync(DbConnection connection, DbTransaction transaction, IEnumerable<HelpRecord> records,
        DateTimeOffset acceptedAt, HashSet<(string, string)> inserted)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Insert + "VALUES (@c,@r,@v,@t,@w,@p,@s,@pr,@ch,@o,@m,@at,@accepted)" + OnConflict;
        command.Bind("@accepted", _database.ToDb(acceptedAt));
        foreach (var name in RowParameters)
        {
            command.Bind(name, null);
        }
        foreach (var r in records)
        {
            object?[] values =
            [
                r.CampaignId, r.RecordId, r.VolunteerId, r.TeamId, r.WardId, r.PlaceId, r.Service, ProcedureOf(r),
                Codes<Campaigns.Channel>.Of(r.Channel), Codes<Outcome>.Of(r.Outcome), r.Minutes, _database.ToDb(r.OccurredAt),
            ];
            for (var k = 0; k < values.Length; k++)
            {
                command.Parameters[1 + k].Value = values[k] ?? DBNull.Value;
            }
            await ReadInsertedAsync(command, inserted);
        }
    }

    /// <summary>PostgreSQL: the whole commit as one array per column, so one short statement whatever the count.</summary>
    private async Task InsertArraysAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<HelpRecord> records,
        DateTimeOffset acceptedAt, HashSet<(string, string)> inserted)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Insert +
            "SELECT c, r, v, t, w, p, s, pr, ch, o, m, at, @accepted FROM unnest(@c, @r, @v, @t, @w, @p, @s, @pr, @ch, @o, @m, @at) " +
            "WITH ORDINALITY AS x(c, r, v, t, w, p, s, pr, ch, o, m, at, n) ORDER BY n" + OnConflict;
        command.Bind("@accepted", _database.ToDb(acceptedAt));
        command.Bind("@c", records.Select(r => r.CampaignId).ToArray());
        command.Bind("@r", records.Select(r => r.RecordId).ToArray());
        command.Bind("@v", records.Select(r => r.VolunteerId).ToArray());
        command.Bind("@t", records.Select(r => r.TeamId).ToArray());
        command.Bind("@w", records.Select(r => r.WardId).ToArray());
        command.Bind("@p", records.Select(r => r.PlaceId).ToArray());
        command.Bind("@s", records.Select(r => r.Service).ToArray());
        command.Bind("@pr", records.Select(ProcedureOf).ToArray());
        command.Bind("@ch", records.Select(r => Codes<Campaigns.Channel>.Of(r.Channel)).ToArray());
        command.Bind("@o", records.Select(r => Codes<Outcome>.Of(r.Outcome)).ToArray());
        command.Bind("@m", records.Select(r => r.Minutes).ToArray());
        command.Bind("@at", records.Select(r => r.OccurredAt.ToUniversalTime()).ToArray());
        await ReadInsertedAsync(command, inserted);
    }

    private static string? ProcedureOf(HelpRecord record) => record.Procedure is { } procedure ? Codes<Procedure>.Of(procedure) : null;

    private static async Task ReadInsertedAsync(DbCommand command, HashSet<(string, string)> inserted)
    {
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            inserted.Add((reader.GetString(0), reader.GetString(1)));
        }
    }

    private async Task<Dictionary<(string, string), (HelpRecord, DateTimeOffset)>> ReadExistingAsync(
        DbConnection connection, DbTransaction? transaction, List<(string Campaign, string Record)> keys)
    {
        var found = new Dictionary<(string, string), (HelpRecord, DateTimeOffset)>();
        foreach (var chunk in keys.Chunk(RowsPerStatement))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var conditions = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                conditions.Add($"(campaign_id = @c{i} AND record_id = @r{i})");
                command.Bind($"@c{i}", chunk[i].Campaign);
                command.Bind($"@r{i}", chunk[i].Record);
            }
            command.CommandText = $"SELECT {Columns} FROM help_record WHERE {string.Join(" OR ", conditions)}";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var record = ReadRecord(reader);
                found[(record.CampaignId, record.RecordId)] = (record, _database.FromDb(reader, 12));
            }
        }
        return found;
    }

    /// <summary>A record from the first columns of a row selected as <see cref="Columns"/> lists them.</summary>
    private HelpRecord ReadRecord(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.GetString(4), reader.GetString(5), reader.GetString(6),
            reader.IsDBNull(7) ? null : Codes<Procedure>.Parse(reader.GetString(7)),
            Codes<Campaigns.Channel>.Parse(reader.GetString(8)), Codes<Outcome>.Parse(reader.GetString(9)),
            reader.GetInt32(10), _database.FromDb(reader, 11));

    private sealed record Pending(IReadOnlyList<HelpRecord> Records)
    {
        public TaskCompletionSource<IReadOnlyList<AppendOutcome>> Done { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
