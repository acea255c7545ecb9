using Volunteers.Places;

namespace Volunteers.Teams;

[GenerateSerializer]
public sealed class TeamState
{
    [Id(0)] public TeamInfo? Team { get; set; }
}

public sealed class TeamGrain(
    [PersistentState("team", GrainStorage.Name)] IPersistentState<TeamState> state) : Grain, ITeamGrain
{
    public const int MaxMembers = 200;

    public async Task<TeamInfo> Create(string name, string wardId)
    {
        if (state.State.Team is not null)
        {
            throw DomainException.Conflict("id", $"Team '{this.GetPrimaryKeyString()}' exists already.");
        }
        var teamName = Validate.Text(name, "name", 200);
        var ward = await GrainFactory.GetGrain<IUnitGrain>(wardId).Get() ?? throw DomainException.NotFound("wardId", wardId);
        if (ward.Kind != UnitKind.Ward)
        {
            throw DomainException.Invalid("wardId", $"Teams belong to a ward or commune; '{ward.Name}' is a {ward.Kind}.");
        }
        state.State.Team = new TeamInfo(this.GetPrimaryKeyString(), teamName, wardId, []);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IUnitGrain>(wardId).AddTeam(this.GetPrimaryKeyString());
        return state.State.Team;
    }

    public Task<TeamInfo?> Get() => Task.FromResult(state.State.Team);

    public async Task AddVolunteer(string volunteerId)
    {
        var team = state.State.Team ?? throw DomainException.NotFound("teamId", this.GetPrimaryKeyString());
        if (team.VolunteerIds.Contains(volunteerId))
        {
            return;
        }
        if (team.VolunteerIds.Length >= MaxMembers)
        {
            throw DomainException.Invalid("teamId", $"Team '{team.Name}' has {MaxMembers} members already.");
        }
        state.State.Team = team with { VolunteerIds = team.VolunteerIds.Add(volunteerId) };
        await state.WriteStateAsync();
    }
}

[GenerateSerializer]
public sealed class VolunteerState
{
    [Id(0)] public VolunteerInfo? Volunteer { get; set; }
}

public sealed class VolunteerGrain(
    [PersistentState("volunteer", GrainStorage.Name)] IPersistentState<VolunteerState> state) : Grain, IVolunteerGrain
{
    public async Task<VolunteerInfo> Create(NewVolunteer volunteer)
    {
        if (state.State.Volunteer is not null)
        {
            throw DomainException.Conflict("id", $"Volunteer '{this.GetPrimaryKeyString()}' exists already.");
        }
        var name = Validate.Text(volunteer.Name, "name", 100);
        var phone = Validate.Phone(volunteer.Phone, "phone");
        var branch = Validate.OptionalText(volunteer.Branch, "branch", 200);
        var team = GrainFactory.GetGrain<ITeamGrain>(volunteer.TeamId);
        _ = await team.Get() ?? throw DomainException.NotFound("teamId", volunteer.TeamId);
        await team.AddVolunteer(this.GetPrimaryKeyString());
        state.State.Volunteer = new VolunteerInfo(this.GetPrimaryKeyString(), name, phone, branch, volunteer.TeamId);
        await state.WriteStateAsync();
        return state.State.Volunteer;
    }

    public Task<VolunteerInfo?> Get() => Task.FromResult(state.State.Volunteer);

    public const string ForgottenName = "(đã xoá)";

    public async Task Forget()
    {
        var volunteer = state.State.Volunteer ?? throw DomainException.NotFound("volunteerId", this.GetPrimaryKeyString());
        state.State.Volunteer = volunteer with { Name = ForgottenName, Phone = "", Branch = null };
        await state.WriteStateAsync();
    }
}
