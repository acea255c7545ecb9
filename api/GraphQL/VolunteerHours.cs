using GraphQL;
using System.Collections.Immutable;
using Volunteers.Campaigns;
using Volunteers.Volunteering;

namespace Volunteers.Api.GraphQL;

/// <summary>
/// The hours a volunteer gave, from their shifts: what the Youth Union's yearly assessment counts, so
/// the volunteer, their leader and their ward's official read the same figure.
/// </summary>
internal static class VolunteerHours
{
    public static async Task<double> InCampaign(IResolveFieldContext context, string campaignId, string volunteerId)
    {
        var campaign = await context.Campaign(campaignId);
        var shifts = await context.Grains().GetGrain<IVolunteerDayGrain>(Ids.Scoped(campaign.Id, volunteerId)).GetShifts();
        return Of(context, shifts, campaign);
    }

    public static double Of(IResolveFieldContext context, ImmutableArray<CheckInInterval> shifts, CampaignInfo campaign)
    {
        var now = context.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow();
        return Math.Round(CheckInInterval.Total(shifts, now, campaign.ClosedAt).TotalHours, 2);
    }
}
