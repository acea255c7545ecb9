using GraphQL;
using GraphQL.Types;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Api.Live;
using Volunteers.Tallies;

namespace Volunteers.Api.GraphQL;

/// <summary>Live counts of a campaign or any scope in it, read once or followed, and their reconciliation with the records.</summary>
public static class CountsFields
{
    public static void Queries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<CountsType>>("counts")
            .Description("Live counts of a campaign, or of one unit, team or volunteer in it.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<IdGraphType>("scopeId")
            .ResolveAsync(async c => await c.ReadCounts(c.GetArgument<string>("campaignId"), c.GetArgument<string?>("scopeId")));

        query.Field<NonNullGraphType<ReconciliationType>>("reconcile")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .ResolveAsync(async c =>
            {
                var campaign = await c.Campaign(c.GetArgument<string>("campaignId"));
                return await c.Grains().GetGrain<IReconciliationGrain>(campaign.Id).Reconcile();
            });
    }

    public static void Subscriptions(ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<CountsType>>("counts")
            .Description("Live counts of a campaign, or of one unit or team in it: the counts now, then each change, a few a second at most.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<IdGraphType>("scopeId")
            // Without a resolver of its own, each event (the scope's counts) is what the selection set reads.
            .ResolveStreamAsync(async c => await c.RequestServices!.GetRequiredService<LiveFeed>()
                .Stream(c.GetArgument<string>("campaignId"), c.GetArgument<string?>("scopeId")));
    }
}
