using System.Collections.Immutable;
using Orleans.Concurrency;
using Volunteers.Audit;
using Volunteers.Campaigns;
using Volunteers.Storage;

namespace Volunteers.Reports;

/// <summary>Stateless: any silo reads the records and the trail straight from the database.</summary>
[StatelessWorker]
public sealed class CampaignLedgerGrain(IHelpRecordStore records, IAuditLog audit) : Grain, ICampaignLedgerGrain
{
    public const int MaxAuditEntries = 1000;

    public async Task<ImmutableArray<PlaceHelps>> Places()
    {
        var campaign = await Campaign();
        // Before the close nothing is late; a moment no record can follow keeps one query for both.
        return [.. await records.PlacesAsync(campaign.Id, campaign.ClosedAt ?? DateTimeOffset.MaxValue)];
    }

    public async Task<ImmutableArray<AuditEntry>> Audit(string? action, string? target, int limit)
    {
        var campaign = await Campaign();
        if (limit is < 1 or > MaxAuditEntries)
        {
            throw DomainException.Invalid("limit", $"limit must be between 1 and {MaxAuditEntries}; got {limit}.");
        }
        return [.. await audit.ListAsync(campaign.Id, action, target, limit)];
    }

    private async Task<CampaignInfo> Campaign() =>
        await GrainFactory.GetGrain<ICampaignGrain>(this.GetPrimaryKeyString()).Get()
            ?? throw DomainException.NotFound("campaignId", this.GetPrimaryKeyString());
}
