using System.Collections.Immutable;
using Orleans.Concurrency;
using Volunteers.Audit;

namespace Volunteers.Storage;

/// <summary>Stateless: any silo appends to and reads the one audit table.</summary>
[StatelessWorker]
public sealed class AuditTrailGrain(AuditLog log) : Grain, IAuditTrailGrain
{
    public Task Append(AuditEntry entry) => log.AppendAsync(entry);

    public async Task<ImmutableArray<AuditEntry>> List(AuditQuery query) => [.. await log.ListAsync(query)];
}
