using Microsoft.Extensions.Logging.Abstractions;
using Volunteers.Audit;
using Volunteers.Campaigns;
using Volunteers.Reports;
using Volunteers.Storage;
using Volunteers.Volunteering;

namespace Volunteers.Tests.Storage;

/// <summary>The record store itself, on every database the platform supports.</summary>
public abstract class HelpRecordStoreTests : FreshDatabaseTests
{
    private const string Campaign = "c-store";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await new DatabaseMigrator(Database, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Phones_resending_the_same_records_at_once_store_each_record_once()
    {
        await using var store = Store();
        var records = Enumerable.Range(0, 200).Select(i => Record($"r-{i:D3}", $"v-{i % 4}")).ToList();

        // Each sender shuffles its copy and sends it a few at a time, as phones sync, all of them
        // at the same records at once, so commits in flight together hold new keys in every order.
        var sends = await Task.WhenAll(Enumerable.Range(0, 16).Select(sender => Task.Run(async () =>
        {
            var outcomes = new List<AppendOutcome>();
            foreach (var round in records.Chunk(20))
            {
                foreach (var chunk in round.OrderBy(r => HashCode.Combine(sender, r.RecordId)).Chunk(5))
                {
                    outcomes.AddRange(await store.AppendAsync(chunk));
                }
            }
            return outcomes;
        })));

        var inserted = sends.SelectMany(outcomes => outcomes).Count(o => o.Status == AppendStatus.Inserted);
        Assert.Equal(records.Count, inserted);
        Assert.All(sends.SelectMany(outcomes => outcomes), o => Assert.NotEqual(AppendStatus.Conflict, o.Status));
        Assert.Equal(records.Count, (await store.GroupsAsync(Campaign)).Sum(g => g.Count));
    }

    [Fact]
    public async Task A_volunteers_recount_leaves_voided_records_out_and_counts_each_void_as_a_change()
    {
        await using var store = Store();
        await store.AppendAsync([Record("r-1", "v-1", minutes: 10), Record("r-2", "v-1", minutes: 20), Record("r-3", "v-1", minutes: 30), Record("r-4", "v-2")]);
        var before = await store.VolunteerAsync(Campaign, "v-1");

        await store.VoidAsync(Campaign, "v-1", "r-2", new AuditEntry(DateTimeOffset.UtcNow, "v-1", AuditActions.VoidHelp, "r-2", Campaign, "sai", null, null));
        var after = await store.VolunteerAsync(Campaign, "v-1");

        Assert.Equal((3, 60L, 3L), (before.Live.Sum(g => g.Count), before.Live.Sum(g => g.Minutes), before.Changes));
        Assert.Equal((2, 40L, 4L), (after.Live.Sum(g => g.Count), after.Live.Sum(g => g.Minutes), after.Changes));
        Assert.All(after.Live, g => Assert.Equal(("v-1", "t-1", "u-1"), (g.VolunteerId, g.TeamId, g.WardId)));
    }

    [Fact]
    public async Task A_commit_the_database_refuses_fails_its_own_senders_and_the_store_goes_on_writing()
    {
        await using var store = Store();
        // The grains never send such minutes; the table's CHECK refusing them stands for any failed commit.
        // More failures than commits can be in flight: each must give its slot back, or a later append
        // waits for ever; the minute is a bound on that wait, not on how fast the store is.
        var stuck = TimeSpan.FromMinutes(1);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => store.AppendAsync([Record($"bad-{attempt}", "v-1", minutes: 10_000)]).WaitAsync(stuck));
        }

        var outcomes = await store.AppendAsync([Record("r-1", "v-1"), Record("r-2", "v-2")]).WaitAsync(stuck);

        Assert.All(outcomes, o => Assert.Equal(AppendStatus.Inserted, o.Status));
        Assert.Equal(2, (await store.GroupsAsync(Campaign)).Sum(g => g.Count));
    }

    [Fact]
    public async Task Concurrent_single_record_logs_are_each_stored_when_acknowledged_and_share_transactions()
    {
        await using var store = Store();
        const int logs = 200;

        // Each check opens a connection of its own, so it sees only what the writer has committed.
        var seenAtAcknowledgement = await Task.WhenAll(Enumerable.Range(0, logs).Select(i => Task.Run(async () =>
        {
            var record = Record($"one-{i:D3}", $"v-{i % 8}");
            var outcome = (await store.AppendAsync([record])).Single();
            var stored = await store.StoredAsync(Campaign, [record.RecordId]);
            return (outcome.Status, Stored: stored.ContainsKey(record.RecordId));
        })));

        Assert.All(seenAtAcknowledgement, s => Assert.Equal((AppendStatus.Inserted, true), s));
        Assert.Equal(logs, (await store.GroupsAsync(Campaign)).Sum(g => g.Count));
        Assert.InRange(store.Commits, 1, logs - 1);
    }

    [Fact]
    public async Task Logs_sharing_a_refused_commit_fail_together_and_their_retries_store_each_record_once()
    {
        await using var store = Store();
        const int logs = 120;
        // Every tenth log carries minutes the table's CHECK refuses. While another transaction holds the
        // table, the logs queue up behind the writer's first commit, so the next commit gathers refused
        // records beside good ones from other senders: those senders must hear the failure, not a receipt.
        var holder = await HoldTheTableAsync();
        var sends = Enumerable.Range(0, logs).Select(i => Task.Run(async () =>
        {
            var record = Record($"mix-{i:D3}", $"v-{i % 8}", minutes: i % 10 == 0 ? 10_000 : 5);
            try
            {
                return (record, Outcome: (AppendOutcome?)(await store.AppendAsync([record])).Single());
            }
            catch (System.Data.Common.DbException)
            {
                return (record, Outcome: null);
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await holder.DisposeAsync();
        var first = await Task.WhenAll(sends);
        var acknowledged = first.Where(f => f.Outcome is not null).Select(f => f.record).ToList();
        var failedGood = first.Where(f => f.Outcome is null && f.record.Minutes == 5).Select(f => f.record).ToList();

        Assert.All(first.Where(f => f.record.Minutes != 5), f => Assert.Null(f.Outcome));
        Assert.All(first.Where(f => f.Outcome is not null), f => Assert.Equal(AppendStatus.Inserted, f.Outcome!.Value.Status));
        Assert.NotEmpty(failedGood);
        // Nothing of a failed commit stayed: only the acknowledged records are stored.
        Assert.Equal(acknowledged.Count, (await store.GroupsAsync(Campaign)).Sum(g => g.Count));

        var retriedFailed = await Task.WhenAll(failedGood.Select(r => store.AppendAsync([r])));
        var retriedAcknowledged = await Task.WhenAll(acknowledged.Select(r => store.AppendAsync([r])));

        Assert.All(retriedFailed, o => Assert.Equal(AppendStatus.Inserted, o.Single().Status));
        Assert.All(retriedAcknowledged, o => Assert.Equal(AppendStatus.Duplicate, o.Single().Status));
        Assert.Equal(acknowledged.Count + failedGood.Count, (await store.GroupsAsync(Campaign)).Sum(g => g.Count));
    }

    [Fact]
    public async Task A_campaign_wide_read_waiting_for_the_database_leaves_its_callers_thread()
    {
        // Disposed, the writer has given its connection back, so none is in use when the hold takes the file.
        await using (var writer = Store())
        {
            await writer.AppendAsync([Record("r-1", "v-1", minutes: 10), Record("r-2", "v-2", minutes: 20)]);
        }
        await using var store = Store();
        Task<IReadOnlyList<RecordGroup>> groups;
        Task<IReadOnlyList<FigureGroup>> figures;
        Task<IReadOnlyList<PlaceHelps>> places;
        var holder = await HoldTheTableFromReadersAsync();
        try
        {
            // Grains call these on the thread pool's threads, Orleans' only ones: a read that held its caller's thread until
            // it could run would return already completed, here after waiting out the database's busy timeout.
            groups = store.GroupsAsync(Campaign);
            figures = store.FigureGroupsAsync([Campaign], ["u-1"]);
            places = store.PlacesAsync(Campaign, DateTimeOffset.MaxValue);
            Assert.False(groups.IsCompleted || figures.IsCompleted || places.IsCompleted);
        }
        finally
        {
            await holder.DisposeAsync();
        }

        Assert.Equal((2, 30L), ((await groups).Sum(g => g.Count), (await groups).Sum(g => g.Minutes)));
        Assert.Equal(2, (await figures).Where(g => g.Live).Sum(g => g.Count));
        Assert.Equal(2, (await places).Sum(p => p.Helps));
    }

    /// <summary>A transaction of another connection that keeps the store's inserts waiting until it is disposed.</summary>
    private async Task<TableHolder> HoldTheTableAsync()
    {
        var connection = await Database.OpenAsync();
        if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            return new TableHolder(connection, sqlite.BeginTransaction(deferred: false));
        }
        var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "LOCK TABLE help_record IN SHARE ROW EXCLUSIVE MODE";
        await command.ExecuteNonQueryAsync();
        return new TableHolder(connection, transaction);
    }

    /// <summary>
    /// Keeps readers of the records waiting too, until disposed. SQLite's readers wait only for a connection in exclusive
    /// locking mode, which takes the file only when no other connection has it open, and keeps it until it closes: so it
    /// comes from no pool.
    /// </summary>
    private async Task<TableHolder> HoldTheTableFromReadersAsync()
    {
        if (Database.Provider == StorageProvider.Postgres)
        {
            var holder = await HoldTheTableAsync();
            await using var lockReaders = holder.Connection.CreateCommand();
            lockReaders.Transaction = holder.Transaction;
            lockReaders.CommandText = "LOCK TABLE help_record IN ACCESS EXCLUSIVE MODE";
            await lockReaders.ExecuteNonQueryAsync();
            return holder;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var connection = new Microsoft.Data.Sqlite.SqliteConnection(Database.ConnectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var exclusive = connection.CreateCommand();
        exclusive.CommandText = "PRAGMA locking_mode = EXCLUSIVE";
        await exclusive.ExecuteNonQueryAsync();
        return new TableHolder(connection, connection.BeginTransaction(deferred: false));
    }

    private sealed record TableHolder(System.Data.Common.DbConnection Connection, System.Data.Common.DbTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.RollbackAsync();
            await Connection.DisposeAsync();
        }
    }

    private HelpRecordStore Store() => new(Database, new AuditLog(Database), NullLogger<HelpRecordStore>.Instance, TimeProvider.System);

    private static HelpRecord Record(string recordId, string volunteerId, int minutes = 5) =>
        new(Campaign, recordId, volunteerId, "t-1", "u-1", "u-2", "account", null, Channel.DoorToDoor, Outcome.Done, minutes,
            DateTimeOffset.UtcNow.AddMinutes(-5));
}

public sealed class SqliteHelpRecordStoreTests : HelpRecordStoreTests;
