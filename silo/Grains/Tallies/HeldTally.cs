using System.Collections.Immutable;

namespace Volunteers.Tallies;

/// <summary>
/// A child's latest tally as its level holds it, overwritten in place by each newer report. A volunteer's tally
/// changes with every help, and at 100,000 volunteers each one reports about every 40 s. Held as the reported
/// <see cref="Tally"/>, every report left behind ~1 KB of dictionaries that had lived long enough to leave gen 0
/// before they died: the api's RSS grew ~1 KB a stored record while its live heap did not (at 10,000 volunteers,
/// 403 → 522 MB over a run; 479 → 480 MB held in place). Here a report that names the same codes as the one before
/// writes its counts over the old ones, and allocates nothing.
/// </summary>
public sealed class HeldTally
{
    private CodeCounts _byService;
    private CodeCounts _byChannel;
    private CodeCounts _byOutcome;
    private CodeCounts _byProcedure;

    // Watchers of a level read every child at each notice; a child that did not change since keeps its copy.
    private Tally? _copy;

    public long Version { get; private set; }

    public int Helps { get; private set; }

    public long Minutes { get; private set; }

    public int OnDuty { get; private set; }

    public int PlacesCovered { get; private set; }

    public int Pending { get; private set; }

    public ImmutableSortedSet<string> ActivePlaces { get; private set; } = Tally.Empty.ActivePlaces;

    public CodeCounts ByService => _byService;

    public CodeCounts ByChannel => _byChannel;

    public CodeCounts ByOutcome => _byOutcome;

    public CodeCounts ByProcedure => _byProcedure;

    /// <summary>Whether <paramref name="tally"/> should replace what is held: see <see cref="Tally.IsNewerThan(long, int)"/>.</summary>
    public bool IsOlderThan(Tally tally) => tally.IsNewerThan(Version, Pending);

    /// <param name="names">The level's one copy of each code and place set, so a child holds no strings of its own.</param>
    public void Take(Tally tally, SharedNames names)
    {
        _copy = null;
        Version = tally.Version;
        Helps = tally.Helps;
        Minutes = tally.Minutes;
        OnDuty = tally.OnDuty;
        PlacesCovered = tally.PlacesCovered;
        Pending = tally.Pending;
        _byService.Take(tally.ByService, names);
        _byChannel.Take(tally.ByChannel, names);
        _byOutcome.Take(tally.ByOutcome, names);
        _byProcedure.Take(tally.ByProcedure, names);
        if (!SamePlaces(ActivePlaces, tally.ActivePlaces))
        {
            ActivePlaces = names.Places(tally.ActivePlaces);
        }
    }

    private static bool SamePlaces(ImmutableSortedSet<string> held, ImmutableSortedSet<string> reported) =>
        held.Count == reported.Count && (held.Count == 0 || (held.Count == 1 ? held.Min == reported.Min : held.SetEquals(reported)));

    /// <summary>A copy to hand out: readers get an immutable tally, made when they read rather than at every report.</summary>
    public Tally ToTally() => _copy ??= new(Version, Helps, Minutes, _byService.ToImmutable(), _byChannel.ToImmutable(), _byOutcome.ToImmutable(),
        OnDuty, ActivePlaces, PlacesCovered, _byProcedure.ToImmutable(), Pending);
}

/// <summary>
/// A level's one copy of each code and place id its children's tallies name: each report arrives deserialized with
/// its own copies, ~130 bytes a volunteer at a team level if they were kept.
/// </summary>
public sealed class SharedNames
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableSortedSet<string>> _placeSets = new(StringComparer.Ordinal);

    public string Name(string name)
    {
        if (!_names.TryGetValue(name, out var shared))
        {
            _names[name] = shared = name;
        }
        return shared;
    }

    /// <summary>A volunteer stands at one place at a time, so the one-place sets are shared whole.</summary>
    public ImmutableSortedSet<string> Places(ImmutableSortedSet<string> places)
    {
        if (places.IsEmpty)
        {
            return Tally.Empty.ActivePlaces;
        }
        if (places.Count > 1)
        {
            return ImmutableSortedSet.CreateRange(places.KeyComparer, places.Select(Name));
        }
        if (!_placeSets.TryGetValue(places.Min!, out var set))
        {
            set = ImmutableSortedSet.Create(StringComparer.Ordinal, Name(places.Min!));
            _placeSets[set.Min!] = set;
        }
        return set;
    }
}
