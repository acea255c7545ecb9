using System.Collections.Immutable;

namespace Volunteers.Figures;

/// <summary>One unit's part of a period: its helps and the volunteer-hours its volunteers gave.</summary>
/// <param name="Volunteers">Volunteers of the unit's teams with at least one shift in the period's campaigns.</param>
[GenerateSerializer, Immutable]
public sealed record UnitPeriod(
    [property: Id(0)] string UnitId,
    [property: Id(1)] HelpFigures Figures,
    [property: Id(2)] double VolunteerHours,
    [property: Id(3)] int Volunteers);

/// <summary>
/// The campaign days of a unit dated in a range of Vietnam's local days, added up: the total, and each unit
/// directly below side by side (the ward itself when the unit is a ward).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PeriodFigures(
    [property: Id(0)] string UnitId,
    [property: Id(1)] DateOnly From,
    [property: Id(2)] DateOnly To,
    [property: Id(3)] ImmutableArray<string> CampaignIds,
    [property: Id(4)] UnitPeriod Total,
    [property: Id(5)] ImmutableArray<UnitPeriod> Units)
{
    /// <summary>Ten years of days: longer is a typing slip, and would read every campaign ever held.</summary>
    public const int MaxDays = 3660;
}

/// <summary>
/// Counts a unit's campaign days over a period from the stored records, and the hours from the volunteers'
/// shifts. Keyed by unit id; stateless, so any silo answers.
/// </summary>
public interface IPeriodFiguresGrain : IGrainWithStringKey
{
    /// <summary>The campaigns covering the unit whose date lies from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    Task<PeriodFigures> Figures(DateOnly from, DateOnly to);
}
