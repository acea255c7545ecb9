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
    public async Task<ScopedCounts> Read(string? campaignId, string? scopeId)
    {
        var campaign = await grains.Campaign(campaignId);
        var (kind, id) = await Resolve(campaign, scopeId);
        var tally = kind == ScopeKind.Volunteer
            ? await grains.GetGrain<IVolunteerDayGrain>(Ids.Scoped(campaign.Id, id)).GetTally()
            : await Level(campaign, id).Get();
        return new ScopedCounts(campaign, id, kind, tally, await TargetsOf(campaign, kind, id));
    }

    /// <summary>The counts of each level directly below a scope: units, teams or volunteers.</summary>
    public Task<ImmutableArray<ScopedCounts>> Children(ScopedCounts parent) => Children(parent.Campaign, parent.Kind, parent.ScopeId);

    /// <summary>
    /// A scope with the levels below it, from one read of the level: the total is the sum of the
    /// children as the level held them at that instant, exactly what <see cref="Read"/> returned then,
    /// so a report's total row always equals the sum of its rows.
    /// </summary>
    public async Task<(ScopedCounts Total, ImmutableArray<ScopedCounts> Children)> Breakdown(string? campaignId, string? scopeId)
    {
        var campaign = await grains.Campaign(campaignId);
        var (kind, id) = await Resolve(campaign, scopeId);
        if (kind == ScopeKind.Volunteer)
        {
            return (await Read(campaign.Id, id), []);
        }
        var children = await Children(campaign, kind, id);
        // Up to the ward place ids are unioned, as the tally grains do, so two teams at one place count it once.
        var keepPlaces = kind == ScopeKind.Team || campaign.WardIds.Contains(id);
        var total = Tally.Sum(children.Select(c => c.Tally), keepPlaces);
        return (new ScopedCounts(campaign, id, kind, total, await TargetsOf(campaign, kind, id)), children);
    }

    private async Task<ImmutableArray<ScopedCounts>> Children(CampaignInfo campaign, ScopeKind kind, string scopeId)
    {
        if (kind == ScopeKind.Volunteer)
        {
            return [];
        }
        var children = await Level(campaign, scopeId).Children();
        // One read of the targets for all rows: a ward's table has a row per team, a campaign's per unit.
        var targets = await grains.GetGrain<ICampaignGrain>(campaign.Id).GetTargets();
        var result = ImmutableArray.CreateBuilder<ScopedCounts>(children.Count);
        foreach (var (childId, tally) in children)
        {
            var childKind = KindOf(childId);
            result.Add(new ScopedCounts(campaign, childId, childKind, tally, TargetsOf(campaign, targets, childKind, childId)));
        }
        return result.MoveToImmutable();
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
                throw DomainException.Invalid("scopeId", $"'{scopeId}' is not a unit, team or volunteer of campaign '{campaign.Name}'.");
        }
    }

    private async Task<string?> TeamWard(string teamId) => (await grains.GetGrain<ITeamGrain>(teamId).Get())?.WardId;

    private async Task<ImmutableArray<Target>> TargetsOf(CampaignInfo campaign, ScopeKind kind, string scopeId) =>
        kind is ScopeKind.Team or ScopeKind.Volunteer
            ? []
            : TargetsOf(campaign, await grains.GetGrain<ICampaignGrain>(campaign.Id).GetTargets(), kind, scopeId);

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
