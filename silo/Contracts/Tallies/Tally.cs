using Orleans.Concurrency;
using System.Collections.Immutable;

namespace Volunteers.Tallies;

/// <summary>
/// Absolute totals of one scope with a version that only grows. A parent keeps each child's
/// latest tally and replaces it only with a newer one (see <see cref="IsNewerThan"/>), so a repeated
/// or re-ordered report can neither double nor lose a count, and any level is the plain sum of the one below.
/// </summary>
/// <param name="Pending">
/// How many children below this sum it does not hold yet: a level that has just activated answers with
/// what its children have told it so far, and says how much is missing. 0 is a whole sum, the only kind
/// a level passes up the tree.
/// </param>
[GenerateSerializer, Immutable]
public sealed record Tally(
    [property: Id(0)] long Version,
    [property: Id(1)] int Helps,
    [property: Id(2)] long Minutes,
    [property: Id(3)] ImmutableSortedDictionary<string, int> ByService,
    [property: Id(4)] ImmutableSortedDictionary<string, int> ByChannel,
    [property: Id(5)] ImmutableSortedDictionary<string, int> ByOutcome,
    [property: Id(6)] int OnDuty,
    [property: Id(7)] ImmutableSortedSet<string> ActivePlaces,
    [property: Id(8)] int PlacesCovered,
    [property: Id(9)] ImmutableSortedDictionary<string, int> ByProcedure,
    [property: Id(10)] int Pending = 0)
{
    public static readonly Tally Empty = new(0, 0, 0,
        ImmutableSortedDictionary<string, int>.Empty, ImmutableSortedDictionary<string, int>.Empty,
        ImmutableSortedDictionary<string, int>.Empty, 0, ImmutableSortedSet<string>.Empty, 0,
        ImmutableSortedDictionary<string, int>.Empty);

    /// <summary>
    /// Adds children up. Places covered (places with someone on duty now) are a union of place
    /// ids up to the ward, since two teams may stand at one place; a place belongs to one ward,
    /// so above the ward the counts simply add, and the ids need not travel further.
    /// </summary>
    public static Tally Sum(IEnumerable<Tally> children, bool keepPlaces)
    {
        var placesCovered = 0;
        long version = 0, minutes = 0;
        int helps = 0, onDuty = 0, pending = 0;
        var byService = ImmutableSortedDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        var byChannel = ImmutableSortedDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        var byOutcome = ImmutableSortedDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        var byProcedure = ImmutableSortedDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        var places = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var child in children)
        {
            version += child.Version;
            helps += child.Helps;
            minutes += child.Minutes;
            onDuty += child.OnDuty;
            pending += child.Pending;
            AddInto(byService, child.ByService);
            AddInto(byChannel, child.ByChannel);
            AddInto(byOutcome, child.ByOutcome);
            AddInto(byProcedure, child.ByProcedure);
            placesCovered += child.PlacesCovered;
            if (keepPlaces)
            {
                places.UnionWith(child.ActivePlaces);
            }
        }
        return new(version, helps, minutes, byService.ToImmutable(), byChannel.ToImmutable(),
            byOutcome.ToImmutable(), onDuty, places.ToImmutable(), keepPlaces ? places.Count : placesCovered, byProcedure.ToImmutable(), pending);
    }

    public bool IsWhole => Pending == 0;

    /// <summary>
    /// A level's sum after more of its children answered has the version of the partial one before it
    /// (a child that never changed adds 0), yet it holds more, so at one version the fewer pending wins.
    /// </summary>
    public bool IsNewerThan(Tally held) => IsNewerThan(held.Version, held.Pending);

    /// <summary>The same, against a tally held as its version and pending count.</summary>
    public bool IsNewerThan(long version, int pending) => Version > version || (Version == version && Pending < pending);

    /// <summary>Whether the counted figures agree, whatever the versions say.</summary>
    public bool SameFigures(Tally other) =>
        Helps == other.Helps && Minutes == other.Minutes &&
        ByService.SequenceEqual(other.ByService) && ByChannel.SequenceEqual(other.ByChannel) &&
        ByOutcome.SequenceEqual(other.ByOutcome) && ByProcedure.SequenceEqual(other.ByProcedure);

    private static void AddInto(ImmutableSortedDictionary<string, int>.Builder into, ImmutableSortedDictionary<string, int> from)
    {
        foreach (var (key, count) in from)
        {
            into[key] = into.GetValueOrDefault(key) + count;
        }
    }
}

/// <summary>
/// A roll-up level of one campaign: the whole campaign, a unit of its tree, or a team. Keyed by
/// <c>campaignId/scopeId</c>; the campaign itself is the scope whose id is the campaign id.
/// </summary>
public interface ITallyGrain : IGrainWithStringKey
{
    /// <summary>
    /// A child's absolute tally, as a volunteer's day reports it (a level reports one-way, with
    /// <see cref="ReportFromLevel"/>), with the helps it counted since its previous report; older
    /// versions than the one held are ignored, the helps are passed on to watchers and up. It
    /// interleaves: it only swaps an entry in memory, and a child reporting must never wait on a
    /// parent that is itself waiting on that child.
    /// </summary>
    [AlwaysInterleave]
    Task Report(string childId, Tally tally, ImmutableArray<HelpEvent> recent);

    /// <summary>
    /// A child level's report: as <see cref="Report"/>, but one-way, since a sender has nothing to do with an answer. A
    /// level above the teams asks its child levels what they hold every ten seconds (a ward reads its teams afresh
    /// each time), so the tally of a report lost with a silo is made good within ten seconds. The helps it carried for
    /// the live feed are not. Among 100,000 volunteers a team hears a help every 100–200 ms and reports most of them
    /// alone, so the answer was nearly one more message a help.
    /// </summary>
    [OneWay, AlwaysInterleave]
    Task ReportFromLevel(string childId, Tally tally, ImmutableArray<HelpEvent> recent);

    /// <summary>
    /// The level's sum: whole, or, when the level is still asking its children after a few seconds, what
    /// they told it so far with <see cref="Tally.Pending"/> saying how many have not answered yet.
    /// </summary>
    [AlwaysInterleave]
    Task<Tally> Get();

    /// <summary>What the level holds now, whole or not, without waiting: how a parent asks its child levels.</summary>
    [AlwaysInterleave]
    Task<Tally> Held();

    [AlwaysInterleave]
    Task<ImmutableSortedDictionary<string, Tally>> Children();

    /// <summary>
    /// Starts or renews a watch and answers the figures now. Changes reach the watcher coalesced,
    /// until it stops renewing. Interleaves like <see cref="Report"/>: it only touches memory.
    /// </summary>
    [AlwaysInterleave]
    Task<LevelFigures> Watch(ITallyObserver watcher);

    [AlwaysInterleave]
    Task Unwatch(ITallyObserver watcher);

    /// <summary>Asks every child afresh (rebuilding each below first when <paramref name="deep"/>) and replaces what was held.</summary>
    Task<Tally> Rebuild(bool deep);
}
