using GraphQL.Types;
using Volunteers.Audit;
using Volunteers.Volunteering;

namespace Volunteers.Api.GraphQL.Types;

public sealed class VoidResultType : ObjectGraphType<VoidResult>
{
    public VoidResultType()
    {
        Name = "VoidResult";
        Description = "A voided help record: it stays stored and stops counting. Voiding again returns the first void's time.";
        Field<NonNullGraphType<IdGraphType>>("recordId").Resolve(c => c.Source.RecordId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("voidedAt").Resolve(c => c.Source.VoidedAt);
        Field<NonNullGraphType<BooleanGraphType>>("alreadyVoided").Resolve(c => c.Source.AlreadyVoided);
    }
}

public sealed class AuditEntryType : ObjectGraphType<AuditEntry>
{
    public AuditEntryType()
    {
        Name = "AuditEntry";
        Description = "Who did what to which thing, when and why.";
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("at").Resolve(c => c.Source.At);
        Field<NonNullGraphType<StringGraphType>>("actor").Description("Who: a staff login or a volunteer's id.").Resolve(c => c.Source.Actor);
        Field<NonNullGraphType<StringGraphType>>("action").Description("What: help.void, or a change as Mutation.field.").Resolve(c => c.Source.Action);
        Field<NonNullGraphType<StringGraphType>>("target").Description("What was acted on, e.g. a record id.").Resolve(c => c.Source.Target);
        Field<IdGraphType>("campaignId").Resolve(c => c.Source.CampaignId);
        Field<StringGraphType>("scopePath").Description("Where: the units, team and volunteer from the root down.").Resolve(c => c.Source.ScopePath);
        Field<StringGraphType>("reason").Resolve(c => c.Source.Reason);
        Field<StringGraphType>("details").Description("A JSON object with what the act changed.").Resolve(c => c.Source.Details);
    }
}
