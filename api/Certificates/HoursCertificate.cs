using System.Collections.Immutable;
using Volunteers.Api.Counting;
using Volunteers.Campaigns;
using Volunteers.Places;
using Volunteers.Teams;
using Volunteers.Volunteering;

namespace Volunteers.Api.Certificates;

/// <summary>
/// What a certificate of hours (giấy xác nhận tham gia) states: who, in which team and ward, on which
/// campaign day, each shift and the hours they add up to, and the helps counted. Read from the same
/// grains as the volunteer's screen, so the paper and the app cannot disagree.
/// </summary>
public sealed record HoursCertificate(
    CampaignInfo Campaign,
    VolunteerInfo Volunteer,
    string TeamName,
    string WardName,
    ImmutableArray<CheckInInterval> Shifts,
    TimeSpan Hours,
    int Helps,
    DateTimeOffset IssuedAt)
{
    /// <summary>Whether the day may still add hours: running, or closed with late syncs still taken.</summary>
    public bool Provisional => Campaign.ClosedAt is null || IssuedAt < Campaign.LateSyncUntil;

    /// <summary>An open shift counts up to now, or to the close once the day has ended, as <see cref="CheckInInterval.Total"/> does.</summary>
    public DateTimeOffset CountedUntil => Campaign.ClosedAt is { } closed && closed < IssuedAt ? closed : IssuedAt;

    public static async Task<HoursCertificate> Read(IGrainFactory grains, CountsReader counts, TimeProvider time, string? campaignId, string? volunteerId)
    {
        var volunteerCounts = await counts.Read(campaignId, Ids.Require(volunteerId, "volunteer", Ids.Volunteer));
        if (volunteerCounts.Kind != ScopeKind.Volunteer)
        {
            throw DomainException.Invalid("volunteer", $"volunteer: '{volunteerId}' is not a volunteer's id.");
        }
        var campaign = volunteerCounts.Campaign;
        var volunteer = await grains.GetGrain<IVolunteerGrain>(volunteerCounts.ScopeId).Get()
            ?? throw DomainException.NotFound("volunteer", volunteerCounts.ScopeId);
        var team = await grains.GetGrain<ITeamGrain>(volunteer.TeamId).Get() ?? throw DomainException.NotFound("volunteer", volunteer.Id);
        var ward = await grains.GetGrain<IUnitGrain>(team.WardId).Get();
        var shifts = await grains.GetGrain<IVolunteerDayGrain>(Ids.Scoped(campaign.Id, volunteer.Id)).GetShifts();
        var now = time.GetUtcNow();
        return new HoursCertificate(
            campaign, volunteer, team.Name, ward?.Name ?? team.WardId, shifts, CheckInInterval.Total(shifts, now, campaign.ClosedAt),
            volunteerCounts.Tally.Helps, now);
    }
}
