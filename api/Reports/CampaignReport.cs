using System.Collections.Concurrent;
using System.Collections.Immutable;
using Volunteers.Api.Counting;
using Volunteers.Campaigns;
using Volunteers.Figures;
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
public sealed record ReportLine(ScopedCounts Counts, string Name, string? Code, int Teams, int Volunteers, int Places, int Late, double Hours)
{
    /// <summary>The unit a ward's line is grouped under (its district) when the report has subtotals.</summary>
    public string? GroupId { get; init; }
}

/// <summary>
/// The end-of-day report of one scope and a total. Above the ward its lines are the wards (communes)
/// below the scope, as officials file them, with a subtotal per district when the wards lie in more
/// than one; a ward's lines are its teams, a team's its volunteers. The counts come from the roll-up
/// the dashboard reads, and the total and subtotals are the sums of the lines.
/// </summary>
public sealed record CampaignReport(CampaignInfo Campaign, ReportLine Total, ImmutableArray<ReportLine> Lines, DateTimeOffset At)
{
    /// <summary>One line per district (or other unit) the wards are grouped under; empty when they all share one.</summary>
    public ImmutableArray<ReportLine> Subtotals { get; init; } = [];

    /// <summary>Services that have a target anywhere in the campaign get target and percent columns.</summary>
    public ImmutableArray<Service> TargetedServices { get; init; } = [];

    /// <summary>The closing of each unit level on the report, by unit id; none for teams and volunteers.</summary>
    public ImmutableDictionary<string, LevelClosing> Closings { get; init; } = ImmutableDictionary<string, LevelClosing>.Empty;

    /// <summary>The one unit at the top of the campaign's tree, whose closing a campaign-wide report's total states.</summary>
    public string? RootUnitId => Campaign.TreeChildren(null).ToList() is [var root] ? root : null;

    public ScopeKind LineKind => Lines.IsEmpty ? ScopeKind.Unit : Lines[0].Counts.Kind;
}

public sealed class ReportBuilder(IGrainFactory grains, CountsReader counts, TimeProvider time)
{
    public async Task<CampaignReport> Build(string? campaignId, string? scopeId)
    {
        var at = time.GetUtcNow();
        var scope = await counts.Read(campaignId, scopeId, withChildren: true);
        var campaign = scope.Campaign;
        var aboveWards = scope.Kind is ScopeKind.Campaign or ScopeKind.Unit && !campaign.WardIds.Contains(scope.ScopeId);
        var rows = aboveWards ? await counts.WardsBelow(scope) : scope.Children!.Value;
        // Read level by level, the wards may be a moment newer than the scope's own read: the total and the
        // subtotals are summed from the very rows shown, so the report always adds up.
        var total = aboveWards ? scope with { Tally = Tally.Sum(rows.Select(r => r.Tally), keepPlaces: false) } : scope;
        var groupOf = rows.ToDictionary(r => r.ScopeId, r => campaign.TreeParents.GetValueOrDefault(r.ScopeId) ?? scope.ScopeId, StringComparer.Ordinal);
        var groups = groupOf.Values.Distinct(StringComparer.Ordinal).ToList();
        var places = await grains.GetGrain<ICampaignLedgerGrain>(campaign.Id).Places();
        using var reads = new VolunteerLoads();
        var teams = new ConcurrentDictionary<string, Lazy<Task<TeamOnReport?>>>(StringComparer.Ordinal);
        var lines = await Task.WhenAll(rows.Select(row => Line(row, places, teams, reads, at)));
        ReportLine[] subtotals = groups.Count < 2 ? [] : await Task.WhenAll(groups.Select(async groupId =>
            await Line(new ScopedCounts(campaign, groupId, ScopeKind.Unit,
                    Tally.Sum(rows.Where(r => groupOf[r.ScopeId] == groupId).Select(r => r.Tally), keepPlaces: false),
                    [.. total.Targets.Where(t => groupOf.GetValueOrDefault(t.WardId) == groupId)]),
                places, teams, reads, at)));
        var order = subtotals.ToDictionary(s => s.Counts.ScopeId, s => s.Name, StringComparer.Ordinal);
        var targets = await grains.GetGrain<ICampaignGrain>(campaign.Id).GetTargets();
        return new CampaignReport(campaign, await Line(total, places, teams, reads, at),
            [.. lines
                .Select(l => subtotals.Length == 0 ? l : l with { GroupId = groupOf[l.Counts.ScopeId] })
                .OrderBy(l => l.GroupId is null ? "" : order[l.GroupId], StringComparer.CurrentCulture)
                .ThenBy(l => l.GroupId, StringComparer.Ordinal)
                .ThenBy(l => l.Name, StringComparer.CurrentCulture).ThenBy(l => l.Counts.ScopeId, StringComparer.Ordinal)], at)
        {
            Subtotals = [.. subtotals.OrderBy(s => s.Name, StringComparer.CurrentCulture).ThenBy(s => s.Counts.ScopeId, StringComparer.Ordinal)],
            TargetedServices = [.. campaign.Services.Where(s => targets.Any(t => t.Service == s.Code))],
            Closings = await Closings(campaign, total),
        };
    }

    /// <summary>The closing of the scope's level and those below it, when the scope is a unit (or the campaign, from its top unit).</summary>
    private async Task<ImmutableDictionary<string, LevelClosing>> Closings(CampaignInfo campaign, ScopedCounts total)
    {
        List<string> roots = total.Kind switch
        {
            ScopeKind.Unit => [total.ScopeId],
            ScopeKind.Campaign => campaign.TreeChildren(null).ToList(),
            _ => [],
        };
        var levels = await Task.WhenAll(roots.Select(root => grains.GetGrain<ICampaignClosingsGrain>(campaign.Id).Levels(root)));
        return levels.SelectMany(l => l).ToImmutableDictionary(l => l.UnitId, StringComparer.Ordinal);
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
