using System.Collections.Immutable;

namespace Volunteers.Figures;

/// <summary>Measured minutes of help of one service by one channel: what estimates of hours rest on.</summary>
[GenerateSerializer, Immutable]
public sealed record MeasuredMinutes(
    [property: Id(0)] string Service,
    [property: Id(1)] string Channel,
    [property: Id(2)] int Helps,
    [property: Id(3)] long Minutes);

/// <summary>
/// Whether a ward has the volunteer-hours to reach its targets. <paramref name="HoursNeeded"/> is the helps still
/// to do of each targeted service times its measured minutes per help; <paramref name="HoursAvailable"/> is
/// before the day the roster times the day's hours, during it those on duty times the hours left. Null hours
/// mean no help of the services has been measured yet.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WardStaffing(
    [property: Id(0)] string WardId,
    [property: Id(1)] int HelpsTargeted,
    [property: Id(2)] int HelpsToGo,
    [property: Id(3)] double? HoursNeeded,
    [property: Id(4)] int RosterVolunteers,
    [property: Id(5)] int VolunteersOnDuty,
    [property: Id(6)] double HoursServed,
    [property: Id(7)] double HoursAvailable,
    [property: Id(8)] double? Shortfall);

[GenerateSerializer, Immutable]
public sealed record CampaignStaffing(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] bool DayStarted,
    [property: Id(3)] double DayHoursLeft,
    [property: Id(4)] ImmutableArray<MeasuredMinutes> Measured,
    [property: Id(5)] ImmutableArray<WardStaffing> Wards);

/// <summary>Estimates each ward's volunteer-hours against its targets, from the minutes recorded per help. Keyed by campaign id.</summary>
public interface ICampaignStaffingGrain : IGrainWithStringKey
{
    Task<CampaignStaffing> Estimate();
}
