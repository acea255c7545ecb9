using GraphQL;
using GraphQL.Types;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Audit;

namespace Volunteers.Api.GraphQL;

/// <summary>Corrections of wrong records and the audit trail that keeps every correction and change of accounts, roles and assignments.</summary>
public static class CorrectionFields
{
    public static void Queries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditEntryType>>>>("auditLog")
            .Description("The audit trail, newest first: voided records and changes of accounts, roles and assignments, of a campaign, at or below a unit, or both.")
            .Argument<IdGraphType>("campaignId")
            .Argument<IdGraphType>("unitId", "Only acts at or below this unit.")
            .Argument<StringGraphType>("action", "Only this action, e.g. help.void.")
            .Argument<StringGraphType>("target", "Only acts on this target, e.g. a record id.")
            .Argument<NonNullGraphType<IntGraphType>>("limit", "At most this many entries.", argument => argument.DefaultValue = 100)
            .ResolveAsync(async c =>
            {
                var campaignId = c.GetArgument<string?>("campaignId");
                var unitId = c.GetArgument<string?>("unitId");
                if (campaignId is null && unitId is null)
                {
                    throw DomainException.Invalid("campaignId", "auditLog needs a campaignId, a unitId or both.");
                }
                var campaign = campaignId is null ? null : await c.Campaign(campaignId);
                var unit = unitId is null ? null : await c.Unit(unitId, "unitId");
                return await c.Grains().GetGrain<IAuditTrailGrain>(0).List(
                    new AuditQuery(campaign?.Id, unit?.Id, c.GetArgument<string?>("action"), c.GetArgument<string?>("target"), c.GetArgument<int>("limit")));
            });
    }

    public static void Mutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<VoidResultType>>("voidHelp")
            .Description("Voids a wrong help record with a reason: it stays stored, stops counting everywhere and is audited. Voiding twice changes nothing.")
            .Arguments(VolunteeringFields.DayArguments())
            .Argument<NonNullGraphType<IdGraphType>>("recordId")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .ResolveAsync(async c =>
            {
                // The trail names who corrected the record: the volunteer, their leader or their ward's official.
                var actor = c.Access().Caller.Subject ?? Ids.Require(c.GetArgument<string>("volunteerId"), "volunteerId", Ids.Volunteer);
                return await VolunteeringFields.Day(c).Void(c.GetArgument<string>("recordId"), c.GetArgument<string>("reason"), actor);
            });
    }
}
