using GraphQL.Types;
using Volunteers.Figures;
using Volunteers.Places;

namespace Volunteers.Api.GraphQL.Types;

/// <summary>One ward of a campaign as its organiser checks it before and during the day.</summary>
public sealed record WardReadiness(UnitInfo Ward, int Teams, int Volunteers, int VolunteersOnDuty, int Places, int UncoveredPlaces);

public sealed class WardReadinessType : ObjectGraphType<WardReadiness>
{
    public WardReadinessType()
    {
        Name = "WardReadiness";
        Description = "Whether a ward of a campaign is ready: its teams, volunteers, and places with no team assigned.";
        Field<NonNullGraphType<IdGraphType>>("wardId").Resolve(c => c.Source.Ward.Id);
        Field<NonNullGraphType<UnitType>>("ward").Resolve(c => c.Source.Ward);
        Field<NonNullGraphType<IntGraphType>>("teams").Resolve(c => c.Source.Teams);
        Field<NonNullGraphType<IntGraphType>>("volunteers").Description("On the ward's team rosters.").Resolve(c => c.Source.Volunteers);
        Field<NonNullGraphType<IntGraphType>>("volunteersOnDuty").Description("Checked in now.").Resolve(c => c.Source.VolunteersOnDuty);
        Field<NonNullGraphType<IntGraphType>>("places").Description("Neighbourhoods and desks of the ward.").Resolve(c => c.Source.Places);
        Field<NonNullGraphType<IntGraphType>>("uncoveredPlaces").Description("Places no team is assigned to for the campaign.").Resolve(c => c.Source.UncoveredPlaces);
    }
}

public sealed class MeasuredMinutesType : ObjectGraphType<MeasuredMinutes>
{
    public MeasuredMinutesType()
    {
        Name = "MeasuredMinutes";
        Description = "The minutes recorded for the helps of one service by one channel, which estimates rest on.";
        Field<NonNullGraphType<StringGraphType>>("service").Resolve(c => c.Source.Service);
        Field<NonNullGraphType<StringGraphType>>("channel").Resolve(c => c.Source.Channel);
        Field<NonNullGraphType<IntGraphType>>("helps").Resolve(c => c.Source.Helps);
        Field<NonNullGraphType<LongGraphType>>("minutes").Resolve(c => c.Source.Minutes);
    }
}

public sealed class WardStaffingType : ObjectGraphType<WardStaffing>
{
    public WardStaffingType()
    {
        Name = "WardStaffing";
        Description = "Whether a ward has the volunteer-hours to reach its targets.";
        Field<NonNullGraphType<IdGraphType>>("wardId").Resolve(c => c.Source.WardId);
        Field<NonNullGraphType<UnitType>>("ward").ResolveAsync(async c => await c.Grains().GetGrain<IUnitGrain>(c.Source.WardId).Get().Existing("wardId", c.Source.WardId));
        Field<NonNullGraphType<IntGraphType>>("helpsTargeted").Resolve(c => c.Source.HelpsTargeted);
        Field<NonNullGraphType<IntGraphType>>("helpsToGo").Description("Helps still to do to reach each service's target.").Resolve(c => c.Source.HelpsToGo);
        Field<FloatGraphType>("hoursNeeded").Description("Helps to go times the measured minutes per help of their service; null while nothing is measured.").Resolve(c => c.Source.HoursNeeded);
        Field<NonNullGraphType<IntGraphType>>("rosterVolunteers").Resolve(c => c.Source.RosterVolunteers);
        Field<NonNullGraphType<IntGraphType>>("volunteersOnDuty").Resolve(c => c.Source.VolunteersOnDuty);
        Field<NonNullGraphType<FloatGraphType>>("hoursServed").Description("Hours of the ward's volunteers' shifts so far.").Resolve(c => c.Source.HoursServed);
        Field<NonNullGraphType<FloatGraphType>>("hoursAvailable")
            .Description("Before the day: volunteers on the roster times the day's hours; during it: volunteers on duty times the hours left.").Resolve(c => c.Source.HoursAvailable);
        Field<FloatGraphType>("shortfall").Description("Hours needed beyond those available (0 when covered); null while nothing is measured.").Resolve(c => c.Source.Shortfall);
    }
}

public sealed class CampaignStaffingType : ObjectGraphType<CampaignStaffing>
{
    public CampaignStaffingType()
    {
        Name = "CampaignStaffing";
        Description = "Volunteer-hours each ward needs for its targets against those it has, from the minutes recorded per help.";
        Field<NonNullGraphType<IdGraphType>>("campaignId").Resolve(c => c.Source.CampaignId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("at").Resolve(c => c.Source.At);
        Field<NonNullGraphType<BooleanGraphType>>("dayStarted").Resolve(c => c.Source.DayStarted);
        Field<NonNullGraphType<FloatGraphType>>("dayHoursLeft").Resolve(c => c.Source.DayHoursLeft);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MeasuredMinutesType>>>>("measured")
            .Description("This campaign's and its wards' earlier days' helps, by service and channel.").Resolve(c => c.Source.Measured);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WardStaffingType>>>>("wards").Resolve(c => c.Source.Wards);
    }
}
