using GraphQL;
using GraphQL.Types;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Figures;

namespace Volunteers.Api.GraphQL;

/// <summary>Closing the figures (chốt số liệu) level by level: the ward, then the district, then the province.</summary>
public static class FiguresClosingFields
{
    public static void Queries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<LevelClosingType>>>>("figuresClosings")
            .Description("A unit of a campaign and every level below it, parents first, each open, closed or amended, with its snapshot and its figures now.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<NonNullGraphType<IdGraphType>>("unitId")
            .ResolveAsync(async c =>
            {
                var campaign = await c.Campaign(c.GetArgument<string>("campaignId"));
                return await c.Grains().GetGrain<ICampaignClosingsGrain>(campaign.Id).Levels(Ids.Require(c.GetArgument<string>("unitId"), "unitId", Ids.Unit));
            });
    }

    public static void Mutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<LevelClosingType>>("closeFigures")
            .Description("Closes a level's figures for a campaign: a ward from its records; a district or province once every level directly below is closed (refused with CHILD_OPEN or CHILD_AMENDED naming it), its figures checked against their sum. Closing again after an amendment replaces the snapshot.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<NonNullGraphType<IdGraphType>>("unitId")
            .ResolveAsync(async c =>
            {
                var campaign = await c.Campaign(c.GetArgument<string>("campaignId"));
                var unitId = Ids.Require(c.GetArgument<string>("unitId"), "unitId", Ids.Unit);
                return await c.Grains().GetGrain<IFiguresClosingGrain>(Ids.Scoped(campaign.Id, unitId)).Close(c.Access().Caller.Subject!);
            });
    }
}
