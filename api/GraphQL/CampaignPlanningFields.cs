using GraphQL;
using GraphQL.Types;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Assignments;
using Volunteers.Campaigns;
using Volunteers.Figures;
using Volunteers.Places;
using Volunteers.Teams;

namespace Volunteers.Api.GraphQL;

/// <summary>What an organiser plans a campaign day with: the default service catalogue, whether each ward is ready, and the hours it needs.</summary>
public static class CampaignPlanningFields
{
    public static void Queries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ServiceType>>>>("serviceCatalogue")
            .Description("The default service catalogue, which a new campaign starts from.")
            .Resolve(_ => Catalogue.Default);

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<WardReadinessType>>>>("readiness")
            .Description("Each ward of a campaign with its teams, volunteers and places no team covers: one answer for the whole campaign rather than a query per ward.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .ResolveAsync(async c =>
            {
                var campaign = await c.Campaign(c.GetArgument<string>("campaignId"));
                return await Task.WhenAll(campaign.WardIds.Select(wardId => Ward(c, campaign, wardId)));
            });

        query.Field<NonNullGraphType<CampaignStaffingType>>("staffing")
            .Description("Each ward's volunteer-hours needed for its targets (from the minutes recorded per help by service and channel) against those available, and the shortfall: before and during the day.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .ResolveAsync(async c =>
            {
                var campaign = await c.Campaign(c.GetArgument<string>("campaignId"));
                return await c.Grains().GetGrain<ICampaignStaffingGrain>(campaign.Id).Estimate();
            });
    }

    private static async Task<WardReadiness> Ward(IResolveFieldContext context, CampaignInfo campaign, string wardId)
    {
        var grains = context.Grains();
        var ward = await grains.GetGrain<IUnitGrain>(wardId).Get().Existing("wardId", wardId);
        var teams = await Task.WhenAll(ward.TeamIds.Select(id => grains.GetGrain<ITeamGrain>(id).Get().Existing("teamId", id)));
        var coverage = await grains.GetGrain<IWardAssignmentsGrain>(Ids.Scoped(campaign.Id, wardId)).Coverage();
        var counts = await context.Counts().Read(campaign.Id, wardId);
        return new WardReadiness(ward, teams.Length, teams.Sum(t => t.VolunteerIds.Length), counts.Tally.OnDuty,
            coverage.Length, coverage.Count(p => p.TeamIds.IsEmpty));
    }
}
