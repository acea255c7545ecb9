using System.Collections.Immutable;

namespace Volunteers.Assignments;

[GenerateSerializer, Immutable]
public sealed record Assignment(
    [property: Id(0)] string PlaceId,
    [property: Id(1)] string TeamId);

/// <summary>A place of the ward with the teams that cover it; none means uncovered, two or more a double assignment.</summary>
[GenerateSerializer, Immutable]
public sealed record PlaceCoverage(
    [property: Id(0)] string PlaceId,
    [property: Id(1)] ImmutableArray<string> TeamIds);

/// <summary>Which teams cover which of a ward's places during one campaign.</summary>
public interface IWardAssignmentsGrain : IGrainWithStringKey
{
    Task<ImmutableArray<Assignment>> Assign(string placeId, string teamId);

    Task<ImmutableArray<Assignment>> Unassign(string placeId, string teamId);

    Task<ImmutableArray<Assignment>> List();

    Task<ImmutableArray<PlaceCoverage>> Coverage();
}
