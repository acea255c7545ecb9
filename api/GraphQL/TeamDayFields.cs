using System.Collections.Immutable;
using GraphQL;
using GraphQL.Types;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Assignments;
using Volunteers.Places;
using Volunteers.Reports;

namespace Volunteers.Api.GraphQL;

/// <summary>
/// A ward's and a team's day seen from below the counts: the records themselves for review, and the
/// leader's split of the team's places among its members.
/// </summary>
public static class TeamDayFields
{
    public static void Queries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<HelpRecordType>>>>("helpRecords")
            .Description("The help records of a ward, team or volunteer during a campaign, newest first, voided ones included: for review and voidHelp.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<NonNullGraphType<IdGraphType>>("scopeId", "A ward, one of its teams or one volunteer.")
            .Argument<NonNullGraphType<IntGraphType>>("limit", $"At most this many records (1 to {LedgerRecord.MaxListed}).", argument => argument.DefaultValue = 100)
            .ResolveAsync(async c =>
            {
                var campaign = await c.Campaign(c.GetArgument<string>("campaignId"));
                var scope = await RecordScopeOf(c, c.GetArgument<string>("scopeId"));
                if (!campaign.WardIds.Contains(scope.WardId))
                {
                    throw DomainException.Invalid("scopeId", $"Campaign '{campaign.Name}' does not cover the ward of '{c.GetArgument<string>("scopeId")}'.");
                }
                return await c.Grains().GetGrain<ICampaignLedgerGrain>(campaign.Id).Records(scope, c.GetArgument<int>("limit"));
            });
    }

    public static void Mutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MemberAssignmentType>>>>("assignMember")
            .Description("Gives a member of the team one of the team's places for the campaign day (replacing the one they had); returns the team's assignments.")
            .Arguments(MemberArguments())
            .Argument<NonNullGraphType<IdGraphType>>("placeId")
            .ResolveAsync(async c => await Members(c).Assign(
                Ids.Require(c.GetArgument<string>("volunteerId"), "volunteerId", Ids.Volunteer), Ids.Require(c.GetArgument<string>("placeId"), "placeId", Ids.Unit)));

        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MemberAssignmentType>>>>("unassignMember")
            .Description("Takes back the place a member was given; the team keeps the place.")
            .Arguments(MemberArguments())
            .ResolveAsync(async c => await Members(c).Unassign(Ids.Require(c.GetArgument<string>("volunteerId"), "volunteerId", Ids.Volunteer)));
    }

    /// <summary>Volunteer.assignedPlace: the place the volunteer's leader gave them, while their team still holds it.</summary>
    public static async Task<UnitInfo?> AssignedPlace(IResolveFieldContext context, string volunteerId, string teamId)
    {
        var campaignId = Ids.Require(context.GetArgument<string>("campaignId"), "campaignId", Ids.Campaign);
        var assignments = await context.Grains().GetGrain<IMemberAssignmentsGrain>(Ids.Scoped(campaignId, teamId)).List();
        return assignments.FirstOrDefault(a => a.VolunteerId == volunteerId) is { } assignment
            ? await context.Grains().GetGrain<IUnitGrain>(assignment.PlaceId).Get()
            : null;
    }

    private static QueryArguments MemberArguments() => new(
        new QueryArgument<NonNullGraphType<IdGraphType>> { Name = "campaignId" },
        new QueryArgument<NonNullGraphType<IdGraphType>> { Name = "teamId" },
        new QueryArgument<NonNullGraphType<IdGraphType>> { Name = "volunteerId" },
        new QueryArgument<StringGraphType> { Name = "reason", Description = "Why, for the audit log." });

    private static IMemberAssignmentsGrain Members(IResolveFieldContext context) =>
        context.Grains().GetGrain<IMemberAssignmentsGrain>(Ids.Scoped(
            Ids.Require(context.GetArgument<string>("campaignId"), "campaignId", Ids.Campaign),
            Ids.Require(context.GetArgument<string>("teamId"), "teamId", Ids.Team)));

    /// <summary>A ward's records, a team's or a volunteer's: anything else (a district, a place) is refused by name.</summary>
    private static async Task<RecordScope> RecordScopeOf(IResolveFieldContext context, string scopeId)
    {
        var target = await context.Access().Scopes.Any(scopeId, "scopeId");
        if (target.TeamId is null)
        {
            var unit = await context.Unit(scopeId, "scopeId");
            if (unit.Kind != UnitKind.Ward)
            {
                throw DomainException.Invalid("scopeId", $"Records are listed for a ward, a team or a volunteer; '{unit.Name}' is a {unit.Kind}.");
            }
        }
        return new RecordScope(target.Units[^1], target.TeamId, target.VolunteerId);
    }
}
