using System.Collections.Immutable;
using Volunteers.Campaigns;
using Volunteers.Places;
using Volunteers.Teams;
using Volunteers.Volunteering;

namespace Volunteers.Figures;

/// <summary>One volunteer's hours on one campaign day, in the ward of their team.</summary>
internal sealed record Served(string CampaignId, string WardId, string VolunteerId, double Hours);

/// <summary>
/// Hours from the volunteers' shifts, counted as their certificates and the rosters count them (<see cref="CheckInInterval.Total"/>),
/// for the team rosters of the wards named; a volunteer with no shift that day adds nothing.
/// </summary>
internal static class ServedHours
{
    public static async Task<List<Served>> ReadAsync(IGrainFactory grains, IEnumerable<CampaignInfo> campaigns, IReadOnlySet<string> wards, DateTimeOffset now)
    {
        var rosters = new Dictionary<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var ward in wards)
        {
            rosters[ward] = await RosterAsync(grains, ward);
        }
        var served = await Task.WhenAll(campaigns.SelectMany(campaign => campaign.WardIds
            .Where(wards.Contains)
            .SelectMany(ward => rosters[ward].Select(async volunteerId =>
            {
                var shifts = await grains.GetGrain<IVolunteerDayGrain>(Ids.Scoped(campaign.Id, volunteerId)).GetShifts();
                return shifts.IsEmpty ? null : new Served(campaign.Id, ward, volunteerId, CheckInInterval.Total(shifts, now, campaign.ClosedAt).TotalHours);
            }))));
        return [.. served.OfType<Served>()];
    }

    /// <summary>The volunteers on the rosters of a ward's teams.</summary>
    public static async Task<ImmutableArray<string>> RosterAsync(IGrainFactory grains, string wardId)
    {
        var teamIds = (await grains.GetGrain<IUnitGrain>(wardId).Get())?.TeamIds ?? [];
        var teams = await Task.WhenAll(teamIds.Select(id => grains.GetGrain<ITeamGrain>(id).Get()));
        return [.. teams.OfType<TeamInfo>().SelectMany(t => t.VolunteerIds)];
    }
}
