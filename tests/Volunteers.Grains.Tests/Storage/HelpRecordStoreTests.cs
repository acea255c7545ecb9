using Microsoft.Extensions.Logging.Abstractions;
using Volunteers.Audit;
using Volunteers.Campaigns;
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

    private HelpRecordStore Store() => new(Database, new AuditLog(Database), NullLogger<HelpRecordStore>.Instance, TimeProvider.System);

    private static HelpRecord Record(string recordId, string volunteerId, int minutes = 5) =>
        new(Campaign, recordId, volunteerId, "t-1", "u-1", "u-2", "account", null, Channel.DoorToDoor, Outcome.Done, minutes,
            DateTimeOffset.UtcNow.AddMinutes(-5));
}

public sealed class SqliteHelpRecordStoreTests : HelpRecordStoreTests;
