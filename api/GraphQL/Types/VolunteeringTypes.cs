using GraphQL.Types;
using Volunteers.Assignments;
using Volunteers.Campaigns;
using Volunteers.Places;
using Volunteers.Teams;
using Volunteers.Volunteering;

namespace Volunteers.Api.GraphQL.Types;

public sealed class ChannelType : EnumerationGraphType<Channel>
{
    public ChannelType()
    {
        Name = "Channel";
        Description = "Door to door (đến từng nhà), at a one-stop desk (tại bộ phận một cửa), or at a community point.";
    }
}

public sealed class OutcomeType : EnumerationGraphType<Outcome>
{
    public OutcomeType()
    {
        Name = "Outcome";
        Description = "Done (hoàn thành) or needs follow-up (cần hỗ trợ tiếp).";
    }
}

public sealed class ProcedureType : EnumerationGraphType<Procedure>
{
    public ProcedureType()
    {
        Name = "Procedure";
        Description = "The administrative procedure of an online application.";
    }
}

public sealed class CheckInIntervalType : ObjectGraphType<CheckInInterval>
{
    public CheckInIntervalType()
    {
        // The volunteers' word; CheckInInterval says what it is in code, where a planned shift could be meant.
        Name = "Shift";
        Description = "A check-in at a place, closed by the check-out.";
        Field<NonNullGraphType<IdGraphType>>("placeId").Resolve(c => c.Source.PlaceId);
        Field<NonNullGraphType<UnitType>>("place").ResolveAsync(async c =>
            await c.Grains().GetGrain<IUnitGrain>(c.Source.PlaceId).Get().Existing("placeId", c.Source.PlaceId));
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("checkedInAt").Resolve(c => c.Source.CheckedInAt);
        Field<DateTimeOffsetGraphType>("checkedOutAt").Resolve(c => c.Source.CheckedOutAt);
        Field<IntGraphType>("minutes")
            .Description("How long the shift lasted, in whole minutes; null while it is open.")
            .Resolve(c => c.Source.CheckedOutAt is { } end ? (int)(end - c.Source.CheckedInAt).TotalMinutes : null);
    }
}

public sealed class ReceiptType : ObjectGraphType<Receipt>
{
    public ReceiptType()
    {
        Name = "Receipt";
        Description = "Proof that a help record is stored. A retry gets the same receipt, marked duplicate.";
        Field<NonNullGraphType<IdGraphType>>("recordId").Resolve(c => c.Source.RecordId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("acceptedAt").Resolve(c => c.Source.AcceptedAt);
        Field<NonNullGraphType<BooleanGraphType>>("duplicate").Resolve(c => c.Source.Duplicate);
    }
}

public sealed class LogErrorType : ObjectGraphType<DomainException>
{
    public LogErrorType()
    {
        Name = "LogError";
        Description = "Why one record of a batch was refused; the rest of the batch is unaffected.";
        Field<NonNullGraphType<StringGraphType>>("code").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("field").Resolve(c => c.Source.Field);
        Field<NonNullGraphType<StringGraphType>>("message").Resolve(c => c.Source.Message);
    }
}

public sealed class LogResultType : ObjectGraphType<LogResult>
{
    public LogResultType()
    {
        Name = "LogResult";
        Field<NonNullGraphType<IdGraphType>>("recordId").Resolve(c => c.Source.RecordId);
        Field<ReceiptType>("receipt").Resolve(c => c.Source.Receipt);
        Field<LogErrorType>("error").Resolve(c => c.Source.Error);
    }
}

public enum CoverageStatus
{
    Uncovered,
    Covered,
    DoubleAssigned,
}

public sealed class CoverageStatusType : EnumerationGraphType<CoverageStatus>
{
    public CoverageStatusType() => Name = "CoverageStatus";
}

public sealed class PlaceCoverageType : ObjectGraphType<PlaceCoverage>
{
    public PlaceCoverageType()
    {
        Name = "PlaceCoverage";
        Description = "A place of a ward with the teams assigned to it for a campaign.";
        Field<NonNullGraphType<IdGraphType>>("placeId").Resolve(c => c.Source.PlaceId);
        Field<NonNullGraphType<UnitType>>("place").ResolveAsync(async c =>
            await c.Grains().GetGrain<IUnitGrain>(c.Source.PlaceId).Get().Existing("placeId", c.Source.PlaceId));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TeamType>>>>("teams").ResolveAsync(async c =>
            await Task.WhenAll(c.Source.TeamIds.Select(id => c.Grains().GetGrain<ITeamGrain>(id).Get().Existing("teamId", id))));
        Field<NonNullGraphType<CoverageStatusType>>("status").Resolve(c => c.Source.TeamIds.Length switch
        {
            0 => CoverageStatus.Uncovered,
            1 => CoverageStatus.Covered,
            _ => CoverageStatus.DoubleAssigned,
        });
    }
}
