using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Volunteers.Tallies;

/// <summary>
/// One help as the live "what's happening now" ticker shows it: what was done, where, by which
/// team. Nothing about the citizen, and not even which volunteer, so the feed can be public.
/// Channel and outcome travel as their codes, the words the dashboards show.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HelpEvent(
    [property: Id(0)] string Service,
    [property: Id(1)] string Channel,
    [property: Id(2)] string Outcome,
    [property: Id(3)] string PlaceId,
    [property: Id(4)] string TeamId,
    [property: Id(5)] string WardId,
    [property: Id(6)] DateTimeOffset OccurredAt)
{
    /// <summary>
    /// The newest helps a single report or notice carries. The ticker shows a handful at a time,
    /// so in a burst the older ones are dropped rather than shipped up every level of the tree.
    /// </summary>
    public const int MaxPerReport = 20;
}

/// <summary>
/// A level's total with the children it is the sum of, taken at one instant, so a dashboard's table
/// of units and its big number always show the same version of the counts.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LevelFigures(
    [property: Id(0)] Tally Total,
    [property: Id(1)] ImmutableSortedDictionary<string, Tally> Children);

/// <summary>
/// An api node watching one roll-up level, to push its counts to the dashboards connected there.
/// One-way: a level never waits on a node, and a node that went away simply stops renewing and
/// expires (see <see cref="TallyWatch"/>).
/// </summary>
public interface ITallyObserver : IGrainObserver
{
    /// <summary>The level's absolute figures and the helps counted below it since its previous notice.</summary>
    [OneWay]
    Task Changed(LevelFigures figures, ImmutableArray<HelpEvent> recent);
}

/// <summary>How long a watch lasts unrenewed, and how often watchers renew: three renewals fit in one expiry.</summary>
public static class TallyWatch
{
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Watchers hear of changes at most this often, the first change after a quiet spell at once. A notice
    /// goes to each watching node once, not to each dashboard, so this is kept as short as a level's own
    /// report up: a node paces its dashboards itself, by how many of them follow the scope there.
    /// </summary>
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(50);
}
