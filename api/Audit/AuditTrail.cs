using System.Data.Common;
using System.Globalization;
using Volunteers.Storage;

namespace Volunteers.Api.Audit;

/// <summary>One change of an account, a role or an assignment: who, when, what, where and why.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string ScopePath, string Details, string? Reason);

/// <summary>
/// The access audit. Kept behind this interface because the reports work adds an audit store of its own
/// for voids; the two are to become one store at merge.
/// </summary>
public interface IAuditTrail
{
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The newest entries that touched <paramref name="unitId"/> or anything below it.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(string unitId, int limit, CancellationToken cancellationToken = default);
}

/// <summary>The access audit in the platform's database (table access_audit, script 005).</summary>
public sealed class SqlAuditTrail(Database database) : IAuditTrail
{
    public const int MaxListed = 1000;

    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO access_audit (at, actor, action, scope_path, details, reason) VALUES (@at, @actor, @action, @path, @details, @reason)";
        Add(command, "at", database.Provider == StorageProvider.Sqlite ? entry.At.ToUnixTimeMilliseconds() : entry.At);
        Add(command, "actor", entry.Actor);
        Add(command, "action", entry.Action);
        Add(command, "path", entry.ScopePath);
        Add(command, "details", entry.Details);
        Add(command, "reason", entry.Reason);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string unitId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Ids hold only letters, digits and '-', so nothing in one is a LIKE wildcard.
        command.CommandText = "SELECT at, actor, action, scope_path, details, reason FROM access_audit WHERE scope_path LIKE @pattern ORDER BY id DESC LIMIT @limit";
        Add(command, "pattern", $"%/{unitId}/%");
        Add(command, "limit", Math.Clamp(limit, 1, MaxListed));
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var at = reader.GetValue(0) is DateTime stamp
                ? new DateTimeOffset(DateTime.SpecifyKind(stamp, DateTimeKind.Utc))
                : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
            entries.Add(new AuditEntry(at, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return entries;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
