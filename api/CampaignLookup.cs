using Volunteers.Campaigns;

namespace Volunteers.Api;

public static class CampaignLookup
{
    /// <summary>
    /// A campaign by id, for every part of the api that starts from one (fields, counts, reports, access rules):
    /// a malformed or unknown id is refused, naming campaignId.
    /// </summary>
    public static async Task<CampaignInfo> Campaign(this IGrainFactory grains, string? campaignId)
    {
        var id = Ids.Require(campaignId, "campaignId", Ids.Campaign);
        return await grains.GetGrain<ICampaignGrain>(id).Get() ?? throw DomainException.NotFound("campaignId", id);
    }
}
