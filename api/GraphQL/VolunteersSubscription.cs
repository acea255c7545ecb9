using GraphQL;
using GraphQL.Types;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Api.Live;

namespace Volunteers.Api.GraphQL;

public sealed class VolunteersSubscription : ObjectGraphType
{
    public VolunteersSubscription()
    {
        Name = "Subscription";

        Field<NonNullGraphType<CountsType>>("counts")
            .Description("Live counts of a campaign, or of one unit or team in it: the counts now, then each change, a few a second at most.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<IdGraphType>("scopeId")
            // Without a resolver of its own, each event (the scope's counts) is what the selection set reads.
            .ResolveStreamAsync(async c => await c.RequestServices!.GetRequiredService<LiveFeed>()
                .Stream(c.GetArgument<string>("campaignId"), c.GetArgument<string?>("scopeId")));
    }
}
