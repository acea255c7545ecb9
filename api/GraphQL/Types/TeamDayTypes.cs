using GraphQL.Types;
using Volunteers.Assignments;
using Volunteers.Places;
using Volunteers.Reports;
using Volunteers.Teams;

namespace Volunteers.Api.GraphQL.Types;

public sealed class HelpRecordType : ObjectGraphType<LedgerRecord>
{
    public HelpRecordType()
    {
        Name = "HelpRecord";
        Description = "One stored help record, as its volunteer's official and leader review it; a voided one says when and why.";
        Field<NonNullGraphType<IdGraphType>>("recordId").Resolve(c => c.Source.Record.RecordId);
        Field<NonNullGraphType<IdGraphType>>("volunteerId").Resolve(c => c.Source.Record.VolunteerId);
        Field<NonNullGraphType<VolunteerType>>("volunteer").ResolveAsync(async c =>
            await c.Grains().GetGrain<IVolunteerGrain>(c.Source.Record.VolunteerId).Get().Existing("volunteerId", c.Source.Record.VolunteerId));
        Field<NonNullGraphType<IdGraphType>>("teamId").Resolve(c => c.Source.Record.TeamId);
        Field<NonNullGraphType<IdGraphType>>("placeId").Resolve(c => c.Source.Record.PlaceId);
        Field<NonNullGraphType<UnitType>>("place").ResolveAsync(async c =>
            await c.Grains().GetGrain<IUnitGrain>(c.Source.Record.PlaceId).Get().Existing("placeId", c.Source.Record.PlaceId));
        Field<NonNullGraphType<StringGraphType>>("service").Description("The service code of the campaign's catalogue.").Resolve(c => c.Source.Record.Service);
        Field<ProcedureType>("procedure").Resolve(c => c.Source.Record.Procedure);
        Field<NonNullGraphType<ChannelType>>("channel").Resolve(c => c.Source.Record.Channel);
        Field<NonNullGraphType<OutcomeType>>("outcome").Resolve(c => c.Source.Record.Outcome);
        Field<NonNullGraphType<IntGraphType>>("minutes").Resolve(c => c.Source.Record.Minutes);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("occurredAt").Resolve(c => c.Source.Record.OccurredAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("acceptedAt").Resolve(c => c.Source.AcceptedAt);
        Field<NonNullGraphType<BooleanGraphType>>("voided").Resolve(c => c.Source.VoidedAt is not null);
        Field<DateTimeOffsetGraphType>("voidedAt").Resolve(c => c.Source.VoidedAt);
        Field<StringGraphType>("voidReason").Resolve(c => c.Source.VoidReason);
    }
}

public sealed class MemberAssignmentType : ObjectGraphType<MemberAssignment>
{
    public MemberAssignmentType()
    {
        Name = "MemberAssignment";
        Description = "The place a team leader gave one member for a campaign day.";
        Field<NonNullGraphType<IdGraphType>>("volunteerId").Resolve(c => c.Source.VolunteerId);
        Field<NonNullGraphType<VolunteerType>>("volunteer").ResolveAsync(async c =>
            await c.Grains().GetGrain<IVolunteerGrain>(c.Source.VolunteerId).Get().Existing("volunteerId", c.Source.VolunteerId));
        Field<NonNullGraphType<IdGraphType>>("placeId").Resolve(c => c.Source.PlaceId);
        Field<NonNullGraphType<UnitType>>("place").ResolveAsync(async c =>
            await c.Grains().GetGrain<IUnitGrain>(c.Source.PlaceId).Get().Existing("placeId", c.Source.PlaceId));
    }
}
