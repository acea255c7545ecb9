using System.Collections.Immutable;
using GraphQL;
using GraphQL.Types;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Assignments;

namespace Volunteers.Api.GraphQL;

/// <summary>Which team covers which place of a ward on a campaign day: the ward's coverage, and places assigned and taken back.</summary>
public static class AssignmentFields
{
    public static void Queries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlaceCoverageType>>>>("coverage")
            .Description("The ward's places with the teams assigned to each: uncovered and double-assigned places stand out.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<NonNullGraphType<IdGraphType>>("wardId")
            .ResolveAsync(async c => await Coverage(c));
    }

    public static void Mutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlaceCoverageType>>>>("assignPlace")
            .Description("Assigns a neighbourhood or desk of a ward to one of its teams for a campaign; returns the ward's coverage.")
            .Arguments(AssignmentArguments())
            .ResolveAsync(async c => await ChangeAssignment(c, (grain, place, team) => grain.Assign(place, team)));

        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlaceCoverageType>>>>("unassignPlace")
            .Arguments(AssignmentArguments())
            .ResolveAsync(async c => await ChangeAssignment(c, (grain, place, team) => grain.Unassign(place, team)));
    }

    private static async Task<ImmutableArray<PlaceCoverage>> Coverage(IResolveFieldContext context)
    {
        var campaign = await context.Campaign(context.GetArgument<string>("campaignId"));
        var wardId = Ids.Require(context.GetArgument<string>("wardId"), "wardId", Ids.Unit);
        if (!campaign.WardIds.Contains(wardId))
        {
            throw DomainException.Invalid("wardId", $"Campaign '{campaign.Name}' does not cover ward '{wardId}'.");
        }
        return await context.Grains().GetGrain<IWardAssignmentsGrain>(Ids.Scoped(campaign.Id, wardId)).Coverage();
    }

    private static QueryArguments AssignmentArguments() => new(
        new QueryArgument<NonNullGraphType<IdGraphType>> { Name = "campaignId" },
        new QueryArgument<NonNullGraphType<IdGraphType>> { Name = "placeId" },
        new QueryArgument<NonNullGraphType<IdGraphType>> { Name = "teamId" },
        new QueryArgument<StringGraphType> { Name = "reason", Description = "Why, for the audit log." });

    private static async Task<ImmutableArray<PlaceCoverage>> ChangeAssignment(
        IResolveFieldContext context, Func<IWardAssignmentsGrain, string, string, Task<ImmutableArray<Assignment>>> change)
    {
        var campaign = await context.Campaign(context.GetArgument<string>("campaignId"));
        var place = await context.Unit(context.GetArgument<string>("placeId"), "placeId");
        if (place.ParentId is null || !campaign.WardIds.Contains(place.ParentId))
        {
            throw DomainException.Invalid("placeId", $"'{place.Name}' is not a place of a ward covered by campaign '{campaign.Name}'.");
        }
        var grain = context.Grains().GetGrain<IWardAssignmentsGrain>(Ids.Scoped(campaign.Id, place.ParentId));
        await change(grain, place.Id, Ids.Require(context.GetArgument<string>("teamId"), "teamId", Ids.Team));
        return await grain.Coverage();
    }
}
