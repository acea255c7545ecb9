using System.Collections.Immutable;
using Volunteers.Campaigns;
using Volunteers.Places;
using Volunteers.Teams;

namespace Volunteers.Assignments;

[GenerateSerializer]
public sealed class WardAssignmentsState
{
    [Id(0)] public ImmutableArray<Assignment> Assignments { get; set; } = [];
}

/// <summary>Keyed <c>campaignId/wardId</c>: a ward official's plan for one campaign day.</summary>
public sealed class WardAssignmentsGrain(
    [PersistentState("ward-assignments", GrainStorage.Name)] IPersistentState<WardAssignmentsState> state,
    SiloCache cache) : Grain, IWardAssignmentsGrain
{
    public static string PlacesOfTeamKey(string campaignId, string teamId) => $"places:{campaignId}/{teamId}";

    private string CampaignId => Ids.SplitScoped(this.GetPrimaryKeyString()).CampaignId;

    private string WardId => Ids.SplitScoped(this.GetPrimaryKeyString()).EntityId;

    public async Task<ImmutableArray<Assignment>> Assign(string placeId, string teamId)
    {
        await EnsureCampaignCoversWard();
        await EnsurePlaceOfWard(placeId);
        await EnsureTeamOfWard(teamId);
        var assignment = new Assignment(placeId, teamId);
        if (!state.State.Assignments.Contains(assignment))
        {
            state.State.Assignments = state.State.Assignments.Add(assignment);
            await Save(teamId);
        }
        return state.State.Assignments;
    }

    public async Task<ImmutableArray<Assignment>> Unassign(string placeId, string teamId)
    {
        var assignment = new Assignment(placeId, teamId);
        if (!state.State.Assignments.Contains(assignment))
        {
            throw DomainException.NotFound("placeId", $"{placeId} (assigned to {teamId})");
        }
        state.State.Assignments = state.State.Assignments.Remove(assignment);
        await Save(teamId);
        return state.State.Assignments;
    }

    public Task<ImmutableArray<Assignment>> List() => Task.FromResult(state.State.Assignments);

    public async Task<ImmutableArray<PlaceCoverage>> Coverage()
    {
        var ward = await GrainFactory.GetGrain<IUnitGrain>(WardId).Get() ?? throw DomainException.NotFound("wardId", WardId);
        var places = new List<PlaceCoverage>();
        foreach (var childId in ward.ChildIds)
        {
            var child = await GrainFactory.GetGrain<IUnitGrain>(childId).Get();
            if (child is not null && child.Kind.IsPlace())
            {
                places.Add(new PlaceCoverage(child.Id, state.State.Assignments
                    .Where(a => a.PlaceId == child.Id).Select(a => a.TeamId).Order(StringComparer.Ordinal).ToImmutableArray()));
            }
        }
        return [.. places];
    }

    private async Task Save(string teamId)
    {
        await state.WriteStateAsync();
        cache.Invalidate(PlacesOfTeamKey(CampaignId, teamId));
    }

    private async Task EnsureCampaignCoversWard()
    {
        var campaign = await GrainFactory.GetGrain<ICampaignGrain>(CampaignId).Get() ?? throw DomainException.NotFound("campaignId", CampaignId);
        if (!campaign.WardIds.Contains(WardId))
        {
            throw DomainException.Invalid("wardId", $"Campaign '{campaign.Name}' does not cover ward '{WardId}'.");
        }
        if (campaign.Status == CampaignStatus.Closed)
        {
            throw DomainException.Conflict("campaignId", $"Campaign '{campaign.Name}' is closed; its assignments are final.");
        }
    }

    private async Task EnsurePlaceOfWard(string placeId)
    {
        var place = await GrainFactory.GetGrain<IUnitGrain>(placeId).Get() ?? throw DomainException.NotFound("placeId", placeId);
        if (!place.Kind.IsPlace() || place.ParentId != WardId)
        {
            throw DomainException.Invalid("placeId", $"'{place.Name}' is not a neighbourhood, desk or centre of ward '{WardId}'.");
        }
    }

    private async Task EnsureTeamOfWard(string teamId)
    {
        var team = await GrainFactory.GetGrain<ITeamGrain>(teamId).Get() ?? throw DomainException.NotFound("teamId", teamId);
        if (team.WardId != WardId)
        {
            throw DomainException.Invalid("teamId", $"Team '{team.Name}' belongs to another ward.");
        }
    }
}
