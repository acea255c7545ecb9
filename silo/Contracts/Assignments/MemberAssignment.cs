using System.Collections.Immutable;

namespace Volunteers.Assignments;

/// <summary>The place a team's leader gave one member for the day: "your place" on the member's phone.</summary>
[GenerateSerializer, Immutable]
public sealed record MemberAssignment(
    [property: Id(0)] string VolunteerId,
    [property: Id(1)] string PlaceId);

/// <summary>
/// How a team splits its places among its members during one campaign, keyed <c>campaignId/teamId</c>.
/// The ward's assignment of places to the team stays the source of coverage: a member is given only a
/// place the team holds, and a place taken from the team stops being anyone's.
/// </summary>
public interface IMemberAssignmentsGrain : IGrainWithStringKey
{
    /// <summary>Gives the member the place, replacing the one they had; returns the team's assignments.</summary>
    Task<ImmutableArray<MemberAssignment>> Assign(string volunteerId, string placeId);

    Task<ImmutableArray<MemberAssignment>> Unassign(string volunteerId);

    /// <summary>The assignments whose place the team still holds.</summary>
    Task<ImmutableArray<MemberAssignment>> List();
}
