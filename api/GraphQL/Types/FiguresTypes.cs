using GraphQL.Types;
using Volunteers.Figures;
using Volunteers.Places;

namespace Volunteers.Api.GraphQL.Types;

public sealed class HelpFiguresType : ObjectGraphType<HelpFigures>
{
    public HelpFiguresType()
    {
        Name = "HelpFigures";
        Description = "Live help records counted: helps, minutes, and the breakdowns by service, procedure, channel and outcome (stored codes).";
        Field<NonNullGraphType<IntGraphType>>("helps").Resolve(c => c.Source.Helps);
        Field<NonNullGraphType<LongGraphType>>("minutes").Resolve(c => c.Source.Minutes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyCountType>>>>("byService").Resolve(c => c.Source.ByService);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyCountType>>>>("byProcedure")
            .Description("Helps that recorded a procedure (online applications), by procedure.").Resolve(c => c.Source.ByProcedure);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyCountType>>>>("byChannel").Resolve(c => c.Source.ByChannel);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyCountType>>>>("byOutcome").Resolve(c => c.Source.ByOutcome);
    }
}

public sealed class UnitPeriodType : ObjectGraphType<UnitPeriod>
{
    public UnitPeriodType()
    {
        Name = "UnitPeriod";
        Description = "One unit's helps and volunteer-hours over a period.";
        Field<NonNullGraphType<IdGraphType>>("unitId").Resolve(c => c.Source.UnitId);
        Field<NonNullGraphType<UnitType>>("unit").ResolveAsync(async c =>
            await c.Grains().GetGrain<IUnitGrain>(c.Source.UnitId).Get().Existing("unitId", c.Source.UnitId));
        Field<NonNullGraphType<HelpFiguresType>>("figures").Resolve(c => c.Source.Figures);
        Field<NonNullGraphType<FloatGraphType>>("volunteerHours").Description("Hours of the volunteers' shifts, as their certificates count them.").Resolve(c => c.Source.VolunteerHours);
        Field<NonNullGraphType<IntGraphType>>("volunteers").Description("Volunteers with at least one shift in the period.").Resolve(c => c.Source.Volunteers);
    }
}

public sealed class PeriodCountsType : ObjectGraphType<PeriodFigures>
{
    public PeriodCountsType()
    {
        Name = "PeriodCounts";
        Description = "The campaign days of a unit dated in a period (Vietnam's local days), added up, with the units directly below side by side.";
        Field<NonNullGraphType<IdGraphType>>("unitId").Resolve(c => c.Source.UnitId);
        Field<NonNullGraphType<DateOnlyGraphType>>("from").Resolve(c => c.Source.From);
        Field<NonNullGraphType<DateOnlyGraphType>>("to").Resolve(c => c.Source.To);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("campaignIds").Description("The campaign days counted, oldest first.").Resolve(c => c.Source.CampaignIds);
        Field<NonNullGraphType<UnitPeriodType>>("total").Resolve(c => c.Source.Total);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UnitPeriodType>>>>("units")
            .Description("Each unit directly below (the ward itself for a ward).").Resolve(c => c.Source.Units);
    }
}

public sealed class ClosingStatusType : EnumerationGraphType<ClosingStatus>
{
    public ClosingStatusType()
    {
        Name = "ClosingStatus";
        Description = "OPEN: never closed; CLOSED: closed and unchanged since; AMENDED: a record below was voided or added after the close, so it must close again.";
    }
}

public sealed class ClosedFiguresType : ObjectGraphType<ClosedFigures>
{
    public ClosedFiguresType()
    {
        Name = "ClosedFigures";
        Description = "A level's figures as they were closed (chốt số liệu).";
        Field<NonNullGraphType<StringGraphType>>("closedBy").Resolve(c => c.Source.ClosedBy);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("closedAt").Resolve(c => c.Source.ClosedAt);
        Field<NonNullGraphType<StringGraphType>>("checksum").Description("SHA-256 of the figures in a fixed order, for reports to cite.").Resolve(c => c.Source.Checksum);
        Field<NonNullGraphType<HelpFiguresType>>("figures").Resolve(c => c.Source.Figures);
    }
}

public sealed class LevelClosingType : ObjectGraphType<LevelClosing>
{
    public LevelClosingType()
    {
        Name = "LevelClosing";
        Description = "One level of a campaign's tree (ward, district, province) with its closing and its figures now.";
        Field<NonNullGraphType<IdGraphType>>("campaignId").Resolve(c => c.Source.CampaignId);
        Field<NonNullGraphType<IdGraphType>>("unitId").Resolve(c => c.Source.UnitId);
        Field<NonNullGraphType<UnitType>>("unit").ResolveAsync(async c =>
            await c.Grains().GetGrain<IUnitGrain>(c.Source.UnitId).Get().Existing("unitId", c.Source.UnitId));
        Field<IdGraphType>("parentId").Resolve(c => c.Source.ParentId);
        Field<NonNullGraphType<ClosingStatusType>>("status").Resolve(c => c.Source.Status);
        Field<ClosedFiguresType>("closed").Description("The snapshot of the last close; null while open.").Resolve(c => c.Source.Closed);
        Field<NonNullGraphType<HelpFiguresType>>("current").Description("The figures the records give now.").Resolve(c => c.Source.Current);
    }
}
