using System.Collections.Immutable;
using Volunteers.Campaigns;
using Volunteers.Places;
using Volunteers.Tallies;
using Volunteers.Teams;
using Volunteers.Volunteering;

namespace Volunteers.Api.Counting;

/// <summary>
/// Reads the live counts of any scope of a campaign. The GraphQL API and the live hub both read
/// through here, so a figure is the same wherever it is shown.
/// </summary>
public sealed class CountsReader(IGrainFactory grains)
{
    /// <summary>
    /// A scope's counts; with <paramref name="withChildren"/> also the levels below it, from one read of
    /// the level: the total is then the sum of the children as the level held them at that instant, so a
    /// table of the rows and its total (a report's, a dashboard's) always agree.
    /// </summary>
    public async Task<ScopedCounts> Read(string? campaignId, string? scopeId, bool withChildren = false)
    {
        var campaign = await grains.Campaign(campaignId);
        var (kind, id) = await Resolve(campaign, scopeId);
        if (kind == ScopeKind.Volunteer)
        {
            var tally = await grains.GetGrain<IVolunteerDayGrain>(Ids.Scoped(campaign.Id, id)).GetTally();
            return new ScopedCounts(campaign, id, kind, tally, []) { Children = withChildren ? [] : null };
        }
        // A team has no targets of its own, so its reads spare the campaign grain.
        ImmutableArray<Target> targets = kind == ScopeKind.Team ? [] : TargetsOf(campaign, await grains.GetGrain<ICampaignGrain>(campaign.Id).GetTargets(), kind, id);
        var scope = new ScopedCounts(campaign, id, kind, Tally.Empty, targets);
        if (!withChildren)
        {
            return scope with { Tally = await Level(campaign, id).Get() };
        }
        var children = await Level(campaign, id).Children();
        // Up to the ward place ids are unioned, as the tally grains do, so two teams at one place count it once.
        var keepPlaces = kind == ScopeKind.Team || campaign.WardIds.Contains(id);
        return WithFigures(scope, new LevelFigures(Tally.Sum(children.Values, keepPlaces), children));
    }

    /// <summary>The counts of each level directly below a scope: units, teams or volunteers.</summary>
    public async Task<ImmutableArray<ScopedCounts>> Children(ScopedCounts parent) =>
        parent.Children ?? (await Read(parent.Campaign.Id, parent.ScopeId, withChildren: true)).Children!.Value;

    /// <summary>
    /// A scope's counts replaced by figures a level sent: its total and its rows, whose targets are the
    /// scope's own, narrowed to the wards below each row.
    /// </summary>
    public static ScopedCounts WithFigures(ScopedCounts scope, LevelFigures figures)
    {
        var campaign = scope.Campaign;
        var rows = figures.Children.Select(child =>
        {
            var kind = KindOf(child.Key);
            return new ScopedCounts(campaign, child.Key, kind, child.Value, TargetsOf(campaign, scope.Targets, kind, child.Key));
        });
        return scope with { Tally = figures.Total, Children = [.. rows] };
    }

    /// <summary>The wards below a scope above them, each with its counts, read level by level down the tree.</summary>
    public async Task<ImmutableArray<ScopedCounts>> WardsBelow(ScopedCounts scope)
    {
        var wards = ImmutableArray.CreateBuilder<ScopedCounts>();
        foreach (var child in await Children(scope))
        {
            if (scope.Campaign.WardIds.Contains(child.ScopeId))
            {
                wards.Add(child);
            }
            else if (child.Kind == ScopeKind.Unit)
            {
                wards.AddRange(await WardsBelow(child));
            }
        }
        return wards.ToImmutable();
    }

    private ITallyGrain Level(CampaignInfo campaign, string scopeId) => grains.GetGrain<ITallyGrain>(Ids.Scoped(campaign.Id, scopeId));

    private async Task<(ScopeKind, string)> Resolve(CampaignInfo campaign, string? scopeId)
    {
        if (string.IsNullOrEmpty(scopeId) || scopeId == campaign.Id)
        {
            return (ScopeKind.Campaign, campaign.Id);
        }
        switch (KindOf(scopeId))
        {
            case ScopeKind.Unit when campaign.Covers(scopeId):
                return (ScopeKind.Unit, scopeId);
            case ScopeKind.Team when await TeamWard(scopeId) is { } wardId && campaign.WardIds.Contains(wardId):
                return (ScopeKind.Team, scopeId);
            case ScopeKind.Volunteer when await grains.GetGrain<IVolunteerGrain>(scopeId).Get() is { } volunteer
                                          && await TeamWard(volunteer.TeamId) is { } wardId && campaign.WardIds.Contains(wardId):
                return (ScopeKind.Volunteer, scopeId);
            default:
                throw DomainException.Invalid("scopeId", $"'{scopeId}' is not a unit, team or volunteer of campaign '{campaign.Id}'.");
        }
    }

    private async Task<string?> TeamWard(string teamId) => (await grains.GetGrain<ITeamGrain>(teamId).Get())?.WardId;

    private static ImmutableArray<Target> TargetsOf(CampaignInfo campaign, ImmutableArray<Target> targets, ScopeKind kind, string scopeId)
    {
        if (kind is ScopeKind.Team or ScopeKind.Volunteer)
        {
            return [];
        }
        if (kind == ScopeKind.Campaign)
        {
            return targets;
        }
        var wards = campaign.WardsUnder(scopeId).ToHashSet(StringComparer.Ordinal);
        return [.. targets.Where(t => wards.Contains(t.WardId))];
    }

    private static ScopeKind KindOf(string id) =>
        Ids.IsKind(id, Ids.Unit) ? ScopeKind.Unit
        : Ids.IsKind(id, Ids.Team) ? ScopeKind.Team
        : Ids.IsKind(id, Ids.Volunteer) ? ScopeKind.Volunteer
        : Ids.IsKind(id, Ids.Campaign) ? ScopeKind.Campaign
        : throw DomainException.Invalid("scopeId", $"'{id}' is not the id of a unit, team or volunteer.");
}
