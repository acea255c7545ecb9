using System.Collections.Concurrent;
using System.Collections.Immutable;
using Volunteers.Api.Counting;
using Volunteers.Campaigns;
using Volunteers.Places;
using Volunteers.Reports;
using Volunteers.Tallies;
using Volunteers.Teams;
using Volunteers.Volunteering;

namespace Volunteers.Api.Reports;

/// <summary>
/// One line of a report: a scope's live counts with what the records add (places, late arrivals), its roster
/// and the hours its volunteers gave (their shifts, an open one up to the report's moment or the close).
/// </summary>
public sealed record ReportLine(ScopedCounts Counts, string Name, string? Code, int Teams, int Volunteers, int Places, int Late, double Hours);

/// <summary>
/// The end-of-day report of one scope: a line per unit, team or volunteer directly below it and a
/// total. The counts come from the same roll-up the dashboard reads, in one read of the level, so
/// every figure equals the dashboard's at <see cref="At"/> and the total is the sum of the lines.
/// </summary>
public sealed record CampaignReport(CampaignInfo Campaign, ReportLine Total, ImmutableArray<ReportLine> Lines, DateTimeOffset At)
{
    /// <summary>Services that have a target anywhere in the campaign get target and percent columns.</summary>
    public ImmutableArray<Service> TargetedServices { get; init; } = [];

    public ScopeKind LineKind => Lines.IsEmpty ? ScopeKind.Unit : Lines[0].Counts.Kind;
}

public sealed class ReportBuilder(IGrainFactory grains, CountsReader counts, TimeProvider time)
{
    public async Task<CampaignReport> Build(string? campaignId, string? scopeId)
    {
        var at = time.GetUtcNow();
        var (total, children) = await counts.Breakdown(campaignId, scopeId);
        var campaign = total.Campaign;
        var places = await grains.GetGrain<ICampaignLedgerGrain>(campaign.Id).Places();
        using var reads = new VolunteerLoads();
        var teams = new ConcurrentDictionary<string, Lazy<Task<TeamOnReport?>>>(StringComparer.Ordinal);
        var lines = await Task.WhenAll(children.Select(child => Line(child, places, teams, reads, at)));
        var targets = await grains.GetGrain<ICampaignGrain>(campaign.Id).GetTargets();
        return new CampaignReport(campaign, await Line(total, places, teams, reads, at),
            [.. lines.OrderBy(l => l.Name, StringComparer.CurrentCulture).ThenBy(l => l.Counts.ScopeId, StringComparer.Ordinal)], at)
        {
            TargetedServices = [.. campaign.Services.Where(s => targets.Any(t => t.Service == s.Code))],
        };
    }

    private async Task<ReportLine> Line(
        ScopedCounts counts, ImmutableArray<PlaceHelps> places, ConcurrentDictionary<string, Lazy<Task<TeamOnReport?>>> teams, VolunteerLoads reads,
        DateTimeOffset at)
    {
        var campaign = counts.Campaign;
        var id = counts.ScopeId;
        Func<PlaceHelps, bool> mine;
        string name;
        string? code = null;
        ImmutableArray<string> teamIds;
        var members = 0;
        var hours = TimeSpan.Zero;
        switch (counts.Kind)
        {
            case ScopeKind.Campaign:
                (name, mine, teamIds) = (campaign.Name, _ => true, await TeamsOfWards(campaign.WardIds));
                break;
            case ScopeKind.Unit:
                var unit = await grains.GetGrain<IUnitGrain>(id).Get();
                var wards = campaign.WardsUnder(id).ToHashSet(StringComparer.Ordinal);
                (name, code, mine, teamIds) = (unit?.Name ?? id, unit?.Code, p => wards.Contains(p.WardId), await TeamsOfWards(wards));
                break;
            case ScopeKind.Team:
                (name, mine, teamIds) = ((await Team(id, campaign, at, teams, reads))?.Name ?? id, p => p.TeamId == id, [id]);
                break;
            default:
                var volunteer = await grains.GetGrain<IVolunteerGrain>(id).Get();
                (name, mine, teamIds) = (volunteer?.Name ?? id, p => p.VolunteerId == id, []);
                // A roster id not written yet is nobody here too, so the lines add up to the team's total.
                members = volunteer is null ? 0 : 1;
                hours = volunteer is null ? TimeSpan.Zero : await HoursOf(id, campaign, at, reads);
                break;
        }
        foreach (var teamId in teamIds)
        {
            var team = await Team(teamId, campaign, at, teams, reads);
            members += team?.Members ?? 0;
            hours += team?.Hours ?? TimeSpan.Zero;
        }
        var here = places.Where(mine).ToList();
        return new ReportLine(counts, name, code, teamIds.Length, members,
            here.Select(p => p.PlaceId).Distinct(StringComparer.Ordinal).Count(), here.Sum(p => p.Late), Math.Round(hours.TotalHours, 2));
    }

    private async Task<ImmutableArray<string>> TeamsOfWards(IEnumerable<string> wardIds)
    {
        var wards = await Task.WhenAll(wardIds.Select(w => grains.GetGrain<IUnitGrain>(w).Get()));
        return [.. wards.SelectMany(w => w?.TeamIds ?? [])];
    }

    /// <summary>Each team is read once per report, however many lines it appears on.</summary>
    private Task<TeamOnReport?> Team(
        string teamId, CampaignInfo campaign, DateTimeOffset at, ConcurrentDictionary<string, Lazy<Task<TeamOnReport?>>> teams, VolunteerLoads reads) =>
        teams.GetOrAdd(teamId, id => new Lazy<Task<TeamOnReport?>>(() => ReadTeam(id, campaign, at, reads))).Value;

    private async Task<TimeSpan> HoursOf(string volunteerId, CampaignInfo campaign, DateTimeOffset at, VolunteerLoads reads) =>
        CheckInInterval.Total(await reads.Run(grains.GetGrain<IVolunteerDayGrain>(Ids.Scoped(campaign.Id, volunteerId)).GetShifts), at, campaign.ClosedAt);

    private async Task<TeamOnReport?> ReadTeam(string teamId, CampaignInfo campaign, DateTimeOffset at, VolunteerLoads reads)
    {
        if (await grains.GetGrain<ITeamGrain>(teamId).Get() is not { } team)
        {
            return null;
        }
        // A roster id whose volunteer an import has not written yet is nobody, as it is on the dashboard.
        var volunteers = (await Task.WhenAll(team.VolunteerIds.Select(id => reads.Run(grains.GetGrain<IVolunteerGrain>(id).Get)))).OfType<VolunteerInfo>().ToList();
        var hours = await Task.WhenAll(volunteers.Select(v => HoursOf(v.Id, campaign, at, reads)));
        return new TeamOnReport(team.Name, volunteers.Count, hours.Aggregate(TimeSpan.Zero, (sum, h) => sum + h));
    }

    private sealed record TeamOnReport(string Name, int Members, TimeSpan Hours);
}
