using System.Collections.Immutable;
using Volunteers.Campaigns;
using Volunteers.Teams;

namespace Volunteers.Assignments;

[GenerateSerializer]
public sealed class MemberAssignmentsState
{
    [Id(0)] public ImmutableArray<MemberAssignment> Assignments { get; set; } = [];
}

/// <summary>Keyed <c>campaignId/teamId</c>: a team leader's split of the team's places for one campaign day.</summary>
public sealed class MemberAssignmentsGrain(
    [PersistentState("member-assignments", GrainStorage.Name)] IPersistentState<MemberAssignmentsState> state) : Grain, IMemberAssignmentsGrain
{
    private string CampaignId => Ids.SplitScoped(this.GetPrimaryKeyString()).CampaignId;

    private string TeamId => Ids.SplitScoped(this.GetPrimaryKeyString()).EntityId;

    public async Task<ImmutableArray<MemberAssignment>> Assign(string volunteerId, string placeId)
    {
        var team = await GrainFactory.GetGrain<ITeamGrain>(TeamId).Get() ?? throw DomainException.NotFound("teamId", TeamId);
        await EnsureOpen(team);
        if (!team.VolunteerIds.Contains(volunteerId))
        {
            throw DomainException.Invalid("volunteerId", $"Volunteer '{volunteerId}' is not a member of team '{team.Name}'.");
        }
        if (!(await TeamPlaces(team)).Contains(placeId))
        {
            throw new DomainException("PLACE_NOT_ASSIGNED", "placeId", $"Place '{placeId}' is not assigned to team '{team.Name}' for this campaign.");
        }
        var assignment = new MemberAssignment(volunteerId, placeId);
        if (!state.State.Assignments.Contains(assignment))
        {
            state.State.Assignments = state.State.Assignments.RemoveAll(a => a.VolunteerId == volunteerId).Add(assignment);
            await state.WriteStateAsync();
        }
        return await List();
    }

    public async Task<ImmutableArray<MemberAssignment>> Unassign(string volunteerId)
    {
        var team = await GrainFactory.GetGrain<ITeamGrain>(TeamId).Get() ?? throw DomainException.NotFound("teamId", TeamId);
        await EnsureOpen(team);
        if (!state.State.Assignments.Any(a => a.VolunteerId == volunteerId))
        {
            throw DomainException.NotFound("volunteerId", volunteerId);
        }
        state.State.Assignments = state.State.Assignments.RemoveAll(a => a.VolunteerId == volunteerId);
        await state.WriteStateAsync();
        return await List();
    }

    public async Task<ImmutableArray<MemberAssignment>> List()
    {
        if (state.State.Assignments.IsEmpty)
        {
            return [];
        }
        var team = await GrainFactory.GetGrain<ITeamGrain>(TeamId).Get() ?? throw DomainException.NotFound("teamId", TeamId);
        var places = await TeamPlaces(team);
        return [.. state.State.Assignments.Where(a => places.Contains(a.PlaceId))];
    }

    private async Task<ImmutableHashSet<string>> TeamPlaces(TeamInfo team) =>
        [.. (await GrainFactory.GetGrain<IWardAssignmentsGrain>(Ids.Scoped(CampaignId, team.WardId)).List())
            .Where(a => a.TeamId == team.Id).Select(a => a.PlaceId)];

    private async Task EnsureOpen(TeamInfo team)
    {
        var campaign = await GrainFactory.GetGrain<ICampaignGrain>(CampaignId).Get() ?? throw DomainException.NotFound("campaignId", CampaignId);
        if (!campaign.WardIds.Contains(team.WardId))
        {
            throw DomainException.Invalid("teamId", $"Campaign '{campaign.Name}' does not cover the ward of team '{team.Name}'.");
        }
        if (campaign.Status == CampaignStatus.Closed)
        {
            throw DomainException.Conflict("campaignId", $"Campaign '{campaign.Name}' is closed; its assignments are final.");
        }
    }
}
