using System.Collections.Immutable;
using Volunteers.Accounts;
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

    public Task AddVolunteer(string volunteerId) => AddVolunteers([volunteerId]);

    public async Task AddVolunteers(ImmutableArray<string> volunteerIds)
    {
        var team = state.State.Team ?? throw DomainException.NotFound("teamId", this.GetPrimaryKeyString());
        var fresh = volunteerIds.Distinct(StringComparer.Ordinal).Except(team.VolunteerIds, StringComparer.Ordinal).ToList();
        if (fresh.Count == 0)
        {
            return;
        }
        if (team.VolunteerIds.Length + fresh.Count > TeamInfo.MaxMembers)
        {
            throw DomainException.Invalid("teamId", fresh.Count == 1
                ? $"Team '{team.Name}' has {TeamInfo.MaxMembers} members already."
                : $"Team '{team.Name}' has {team.VolunteerIds.Length} members; {fresh.Count} more would pass its {TeamInfo.MaxMembers}.");
        }
        state.State.Team = team with { VolunteerIds = team.VolunteerIds.AddRange(fresh) };
        await state.WriteStateAsync();
    }

    public async Task<string?> MemberWithPhone(string phone)
    {
        var team = state.State.Team ?? throw DomainException.NotFound("teamId", this.GetPrimaryKeyString());
        var login = Logins.OfPhone(Validate.Phone(phone, "phone"));
        // A join is rare and a roster at most TeamInfo.MaxMembers long, so the phones are asked for rather than indexed here.
        var members = await Task.WhenAll(team.VolunteerIds.Select(id => GrainFactory.GetGrain<IVolunteerGrain>(id).Get()));
        return members.FirstOrDefault(m => m is { Phone.Length: > 0 } && Logins.OfPhone(m.Phone) == login)?.Id;
    }
}

[GenerateSerializer]
public sealed class VolunteerState
{
    [Id(0)] public VolunteerInfo? Volunteer { get; set; }
}

/// <summary>
/// Read when a volunteer's day activates and when an api first resolves their team, so it goes after
/// <see cref="IdleFor"/> minutes instead of staying Orleans' 15 beside every working phone.
/// </summary>
[CollectionAgeLimit(Minutes = IdleFor)]
public sealed class VolunteerGrain(
    [PersistentState("volunteer", GrainStorage.Name)] IPersistentState<VolunteerState> state) : Grain, IVolunteerGrain
{
    public const int IdleFor = 2;

    public async Task<VolunteerInfo> Create(NewVolunteer volunteer)
    {
        var team = GrainFactory.GetGrain<ITeamGrain>(volunteer.TeamId);
        var volunteerInfo = Validated(volunteer);
        _ = await team.Get() ?? throw DomainException.NotFound("teamId", volunteer.TeamId);
        // Listed before it is written, as an import lists its volunteers, so that a stop in between
        // leaves a roster id an import takes up again rather than a volunteer no roster reaches.
        await team.AddVolunteer(volunteerInfo.Id);
        return await Store(volunteerInfo);
    }

    public async Task<VolunteerInfo> CreateListed(NewVolunteer volunteer)
    {
        var volunteerInfo = Validated(volunteer);
        var team = await GrainFactory.GetGrain<ITeamGrain>(volunteer.TeamId).Get() ?? throw DomainException.NotFound("teamId", volunteer.TeamId);
        if (!team.VolunteerIds.Contains(volunteerInfo.Id))
        {
            throw DomainException.Invalid("teamId", $"Volunteer '{volunteerInfo.Id}' is not on the roster of team '{team.Name}'; list it there first.");
        }
        return await Store(volunteerInfo);
    }

    private VolunteerInfo Validated(NewVolunteer volunteer)
    {
        if (state.State.Volunteer is not null)
        {
            throw DomainException.Conflict("id", $"Volunteer '{this.GetPrimaryKeyString()}' exists already.");
        }
        return new VolunteerInfo(this.GetPrimaryKeyString(), Validate.Text(volunteer.Name, "name", 100), Validate.Phone(volunteer.Phone, "phone"),
            Validate.OptionalText(volunteer.Branch, "branch", 200), volunteer.TeamId);
    }

    private async Task<VolunteerInfo> Store(VolunteerInfo volunteer)
    {
        state.State.Volunteer = volunteer;
        await state.WriteStateAsync();
        return volunteer;
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
