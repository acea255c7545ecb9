using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Volunteers.Teams;

[GenerateSerializer, Immutable]
public sealed record TeamInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string WardId,
    [property: Id(3)] ImmutableArray<string> VolunteerIds)
{
    /// <summary>A team's roster is at most this long; imports check it before they add anyone.</summary>
    public const int MaxMembers = 200;
}

public interface ITeamGrain : IGrainWithStringKey
{
    Task<TeamInfo> Create(string name, string wardId);

    /// <summary>The team as it stands, its roster including volunteers whose listing is still being written.</summary>
    [AlwaysInterleave]
    Task<TeamInfo?> Get();

    /// <summary>As <see cref="AddVolunteers"/>, for one volunteer.</summary>
    [AlwaysInterleave]
    Task AddVolunteer(string volunteerId);

    /// <summary>
    /// Lists those of the volunteers that are not listed yet, with one state write at most; refuses them all
    /// when the team would grow past its size. Interleaves, so that the volunteers joining a team together
    /// share roster writes: those added while one write is under way go with the next.
    /// </summary>
    [AlwaysInterleave]
    Task AddVolunteers(ImmutableArray<string> volunteerIds);

    /// <summary>
    /// The roster entry with this phone (0… and +84… alike), or null: an entry an official added or imported
    /// is claimed by the volunteer who joins with its phone. Refuses a phone that is not one. Interleaves with
    /// the roster's writes, so a join does not wait for those of the joins before it.
    /// </summary>
    [AlwaysInterleave]
    Task<string?> MemberWithPhone(string phone);
}

[GenerateSerializer, Immutable]
public sealed record NewVolunteer(
    [property: Id(0)] string Name,
    [property: Id(1)] string Phone,
    [property: Id(2)] string? Branch,
    [property: Id(3)] string TeamId);

[GenerateSerializer, Immutable]
public sealed record VolunteerInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Phone,
    [property: Id(3)] string? Branch,
    [property: Id(4)] string TeamId);

public interface IVolunteerGrain : IGrainWithStringKey
{
    Task<VolunteerInfo> Create(NewVolunteer volunteer);

    /// <summary>
    /// Creates a volunteer whose id the team lists already: an import puts a file's volunteers on each roster
    /// with one <see cref="ITeamGrain.AddVolunteers"/> first, so that a roster id without a volunteer (the
    /// import stopped in between) is taken up again when the file is sent again.
    /// </summary>
    Task<VolunteerInfo> CreateListed(NewVolunteer volunteer);

    Task<VolunteerInfo?> Get();

    /// <summary>
    /// Erases the name, phone and branch at the volunteer's request. The id stays on the roster and in the
    /// help records, which never held anything else about them, so every count stays as it was.
    /// </summary>
    Task Forget();
}
