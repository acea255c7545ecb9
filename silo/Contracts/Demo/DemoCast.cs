using Volunteers.Places;
using Volunteers.Teams;

namespace Volunteers.Demo;

/// <summary>Who the demo's logins stand for: its district, the pilot commune, that commune's team and one of its volunteers.</summary>
[GenerateSerializer, Immutable]
public sealed record DemoCast(
    [property: Id(0)] UnitInfo District,
    [property: Id(1)] UnitInfo Ward,
    [property: Id(2)] TeamInfo Team,
    [property: Id(3)] VolunteerInfo Volunteer);

public interface IDemoGrain : IGrainWithIntegerKey
{
    /// <summary>The demo's cast, or null when this install has no demo (not embedded on SQLite, Demo:Seed off, or not loaded).</summary>
    Task<DemoCast?> Cast();
}
