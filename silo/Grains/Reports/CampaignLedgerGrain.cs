using System.Collections.Immutable;
using Orleans.Concurrency;
using Volunteers.Campaigns;
using Volunteers.Storage;

namespace Volunteers.Reports;

/// <summary>Stateless: any silo reads the records straight from the database.</summary>
[StatelessWorker]
public sealed class CampaignLedgerGrain(IHelpRecordStore records) : Grain, ICampaignLedgerGrain
{
    public async Task<ImmutableArray<PlaceHelps>> Places()
    {
        var campaign = await Campaign();
        // Before the close nothing is late; a moment no record can follow keeps one query for both.
        return [.. await records.PlacesAsync(campaign.Id, campaign.ClosedAt ?? DateTimeOffset.MaxValue)];
    }

    public async Task<ImmutableArray<LedgerRecord>> Records(RecordScope scope, int limit)
    {
        if (limit is < 1 or > LedgerRecord.MaxListed)
        {
            throw DomainException.Invalid("limit", $"limit must be between 1 and {LedgerRecord.MaxListed}; got {limit}.");
        }
        var campaign = await Campaign();
        return [.. await records.RecordsAsync(campaign.Id, scope, limit)];
    }

    private async Task<CampaignInfo> Campaign() =>
        await GrainFactory.GetGrain<ICampaignGrain>(this.GetPrimaryKeyString()).Get()
            ?? throw DomainException.NotFound("campaignId", this.GetPrimaryKeyString());
}
