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
    /// <summary>
    /// The login of each member's phone, as read for <see cref="MemberWithPhone"/>; null for a member without one.
    /// Asking every member per join made a join 100 grain calls on a half-full team of 200. A phone is set when
    /// its volunteer is written and only ever cleared after, so what was read stays right but for a forgotten
    /// phone, which a match reads again; a member not written yet (an import lists them first) is not kept.
    /// </summary>
    private readonly Dictionary<string, string?> _logins = new(StringComparer.Ordinal);

    /// <summary>
    /// Volunteers join a team together, at its first meeting, and each join waited for a roster write of its own,
    /// one after another. The roster is written by one write at a time; the ids that arrive meanwhile (adding
    /// interleaves) are queued for the next, and each caller is answered when the write carrying its ids is done.
    /// </summary>
    private Listing? _queued;

    /// <summary>The last roster write begun; the next one starts after it.</summary>
    private Task _written = Task.CompletedTask;

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
        await (_written = state.WriteStateAsync());
        await GrainFactory.GetGrain<IUnitGrain>(wardId).AddTeam(this.GetPrimaryKeyString());
        return state.State.Team;
    }

    public Task<TeamInfo?> Get() => Task.FromResult(state.State.Team);

    public Task AddVolunteer(string volunteerId) => AddVolunteers([volunteerId]);

    public async Task AddVolunteers(ImmutableArray<string> volunteerIds)
    {
        var team = state.State.Team ?? throw DomainException.NotFound("teamId", this.GetPrimaryKeyString());
        var queued = _queued?.Ids ?? [];
        var fresh = volunteerIds.Distinct(StringComparer.Ordinal).Except(team.VolunteerIds, StringComparer.Ordinal).ToList();
        if (fresh.Count == 0)
        {
            // Listed already, though maybe by a write still under way: answered once that is done. A write that
            // failed before is not this caller's: the ids it left in the state go with the next one.
            if (!_written.IsCompleted)
            {
                await _written;
            }
            return;
        }
        var listed = team.VolunteerIds.Length + queued.Count + fresh.Except(queued, StringComparer.Ordinal).Count();
        if (listed > TeamInfo.MaxMembers)
        {
            throw DomainException.Invalid("teamId", fresh.Count == 1
                ? $"Team '{team.Name}' has {TeamInfo.MaxMembers} members already."
                : $"Team '{team.Name}' has {team.VolunteerIds.Length + queued.Count} members; {fresh.Count} more would pass its {TeamInfo.MaxMembers}.");
        }
        if (_queued is { } open)
        {
            open.Ids.UnionWith(fresh);
            await open.Written;
            return;
        }
        var batch = new Listing(new HashSet<string>(fresh, StringComparer.Ordinal));
        _queued = batch;
        batch.Written = _written = WriteRoster(batch, _written);
        await batch.Written;
    }

    /// <summary>Writes the roster with a batch's ids once the write before it has ended; ids queued until then go with them.</summary>
    private async Task WriteRoster(Listing batch, Task before)
    {
        await before.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        if (ReferenceEquals(_queued, batch))
        {
            _queued = null;
        }
        var team = state.State.Team!;
        state.State.Team = team with { VolunteerIds = team.VolunteerIds.AddRange(batch.Ids.Except(team.VolunteerIds, StringComparer.Ordinal)) };
        await state.WriteStateAsync();
    }

    public async Task<string?> MemberWithPhone(string phone)
    {
        var team = state.State.Team ?? throw DomainException.NotFound("teamId", this.GetPrimaryKeyString());
        var login = Logins.OfPhone(Validate.Phone(phone, "phone"));
        var unread = team.VolunteerIds.Where(id => !_logins.ContainsKey(id)).ToList();
        foreach (var member in (await Task.WhenAll(unread.Select(id => GrainFactory.GetGrain<IVolunteerGrain>(id).Get()))).OfType<VolunteerInfo>())
        {
            _logins[member.Id] = LoginOf(member);
        }
        foreach (var id in team.VolunteerIds.Where(id => _logins.GetValueOrDefault(id) == login))
        {
            // A phone read here may have been forgotten since; only a claim reads it again, so joins that claim nothing read nothing.
            var member = await GrainFactory.GetGrain<IVolunteerGrain>(id).Get();
            _logins[id] = member is null ? null : LoginOf(member);
            if (_logins[id] == login)
            {
                return id;
            }
        }
        return null;
    }

    private static string? LoginOf(VolunteerInfo member) => member.Phone.Length > 0 ? Logins.OfPhone(member.Phone) : null;

    private sealed class Listing(HashSet<string> ids)
    {
        public HashSet<string> Ids => ids;

        public Task Written { get; set; } = Task.CompletedTask;
    }
}

[GenerateSerializer]
public sealed class VolunteerState
{
    [Id(0)] public VolunteerInfo? Volunteer { get; set; }
}

/// <summary>
/// Read at a join, by a volunteer's day until a check-in keeps the team with its shifts, and when an api first
/// resolves their team, so it goes after <see cref="IdleFor"/> minutes instead of staying Orleans' 15 beside
/// every working phone. A volunteer just created goes sooner, <see cref="JustCreatedFor"/> after the last read of
/// them: a roll-out joins hundreds a second and an import thousands a file, and each one kept for its idle minutes was
/// ~2.5 KB beside every volunteer who joined in the last two (Presence bench, 100,000 joining: 57,501 of them when the
/// joins ended).
/// </summary>
[CollectionAgeLimit(Minutes = IdleFor)]
public sealed class VolunteerGrain(
    [PersistentState("volunteer", GrainStorage.Name)] IPersistentState<VolunteerState> state) : Grain, IVolunteerGrain
{
    public const int IdleFor = 2;

    /// <summary>
    /// After a join the app reads the volunteer back for its first screens, a round trip or two apart on a weak
    /// network, and an import's next reader comes minutes later if at all; a read missed is one stored row again.
    /// </summary>
    public static readonly TimeSpan JustCreatedFor = TimeSpan.FromSeconds(5);

    // Set once this activation has created the volunteer.
    private IGrainTimer? _going;

    public async Task<VolunteerInfo> Create(NewVolunteer volunteer)
    {
        var volunteerInfo = Validated(volunteer);
        // Listed before it is written, as an import lists its volunteers, so that a stop in between
        // leaves a roster id an import takes up again rather than a volunteer no roster reaches.
        // Listing refuses a team that does not exist.
        await GrainFactory.GetGrain<ITeamGrain>(volunteer.TeamId).AddVolunteer(volunteerInfo.Id);
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
        _going ??= GoneAfterAnswering.GoesIn(this, JustCreatedFor);
        return volunteer;
    }

    public Task<VolunteerInfo?> Get()
    {
        _going?.Change(JustCreatedFor, Timeout.InfiniteTimeSpan);
        return Task.FromResult(state.State.Volunteer);
    }

    public const string ForgottenName = "(đã xoá)";

    public async Task Forget()
    {
        var volunteer = state.State.Volunteer ?? throw DomainException.NotFound("volunteerId", this.GetPrimaryKeyString());
        state.State.Volunteer = volunteer with { Name = ForgottenName, Phone = "", Branch = null };
        await state.WriteStateAsync();
    }
}
