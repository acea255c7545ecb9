using System.Data.Common;
using Volunteers.Audit;

namespace Volunteers.Storage;

public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The newest entries first, of one campaign and optionally one action or target.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(string campaignId, string? action, string? target, int limit, CancellationToken cancellationToken = default);
}

/// <summary>The audit_event table. Entries are only ever added.</summary>
public sealed class AuditLog(Database database) : IAuditLog
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
            $"INSERT INTO audit_event (at, actor, action, target, campaign_id, reason, details) VALUES (@at, @actor, @action, @target, @campaign, @reason, {details})";
        command.Bind("at", database.ToDb(entry.At));
        command.Bind("actor", entry.Actor);
        command.Bind("action", entry.Action);
        command.Bind("target", entry.Target);
        command.Bind("campaign", entry.CampaignId);
        command.Bind("reason", entry.Reason);
        command.Bind("details", entry.Details);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string campaignId, string? action, string? target, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT at, actor, action, target, campaign_id, reason, " +
            (database.Provider == StorageProvider.Postgres ? "details::text" : "details") +
            " FROM audit_event WHERE campaign_id = @campaign" +
            (action is null ? "" : " AND action = @action") +
            (target is null ? "" : " AND target = @target") +
            " ORDER BY id DESC LIMIT @limit";
        command.Bind("campaign", campaignId);
        command.Bind("limit", limit);
        if (action is not null)
        {
            command.Bind("action", action);
        }
        if (target is not null)
        {
            command.Bind("target", target);
        }
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(database.FromDb(reader, 0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        return entries;
    }
}
