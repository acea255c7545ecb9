using System.Data.Common;
using Volunteers.Audit;

namespace Volunteers.Storage;

/// <summary>
/// The audit_event table, the platform's one audit trail: voids from the grains, changes of accounts,
/// roles and assignments that the api audits through <see cref="IAuditTrailGrain"/>. Entries are only ever added.
/// </summary>
public sealed class AuditLog(Database database)
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await AppendAsync(connection, null, entry, cancellationToken);
    }

    /// <summary>Adds an entry inside the caller's transaction, so the act and its trail commit together.</summary>
    internal async Task AppendAsync(DbConnection connection, DbTransaction? transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // jsonb takes text only through a cast; SQLite keeps the text as it is.
        var details = database.Provider == StorageProvider.Postgres ? "CAST(@details AS jsonb)" : "@details";
        command.CommandText =
            $"INSERT INTO audit_event (at, actor, action, target, campaign_id, reason, details, scope_path) VALUES (@at, @actor, @action, @target, @campaign, @reason, {details}, @path)";
        command.Bind("@at", database.ToDb(entry.At));
        command.Bind("@actor", entry.Actor);
        command.Bind("@action", entry.Action);
        command.Bind("@target", entry.Target);
        command.Bind("@campaign", entry.CampaignId);
        command.Bind("@reason", entry.Reason);
        command.Bind("@details", entry.Details);
        command.Bind("@path", entry.ScopePath);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The newest entries first, as <paramref name="query"/> narrows them.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Limit is < 1 or > AuditQuery.MaxLimit)
        {
            throw DomainException.Invalid("limit", $"limit must be between 1 and {AuditQuery.MaxLimit}; got {query.Limit}.");
        }
        // A unit's, an action's or a target's entries have no index: SQLite walks the trail from its newest until the limit.
        return await database.ScanAsync(() => ReadAsync(query, cancellationToken));
    }

    private async Task<IReadOnlyList<AuditEntry>> ReadAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var filters = new List<string>();
        void Filter(string? value, string name, string condition)
        {
            if (value is not null)
            {
                filters.Add(condition);
                command.Bind(name, value);
            }
        }
        Filter(query.CampaignId, "@campaign", "campaign_id = @campaign");
        // Ids hold only letters, digits and '-', so nothing in one is a LIKE wildcard.
        Filter(query.UnitId is null ? null : $"%/{query.UnitId}/%", "@path", "scope_path LIKE @path");
        Filter(query.Action, "@action", "action = @action");
        Filter(query.Target, "@target", "target = @target");
        command.CommandText =
            "SELECT at, actor, action, target, campaign_id, reason, " +
            (database.Provider == StorageProvider.Postgres ? "details::text" : "details") +
            ", scope_path FROM audit_event" +
            (filters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", filters)) +
            " ORDER BY id DESC LIMIT @limit";
        command.Bind("@limit", query.Limit);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(database.FromDb(reader, 0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }
        return entries;
    }
}
