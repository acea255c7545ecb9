using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Volunteers.Api.Counting;
using Volunteers.Tallies;

namespace Volunteers.Api.Live;

public sealed record KeyCount(string Key, int Count);

/// <summary>
/// The GraphQL <c>Counts</c> type as a plain message, field for field and named the same, made from the
/// same <see cref="ScopedCounts"/>, so a dashboard fed by the hub shows what a GraphQL query shows.
/// </summary>
public sealed record LiveCounts(
    string CampaignId,
    string ScopeId,
    string ScopeKind,
    long Version,
    int Helps,
    long Minutes,
    double? AverageMinutes,
    ImmutableArray<KeyCount> ByService,
    ImmutableArray<KeyCount> ByChannel,
    ImmutableArray<KeyCount> ByOutcome,
    int VolunteersOnDuty,
    int PlacesCovered,
    ImmutableArray<ServiceProgress> Progress,
    ImmutableArray<KeyCount> ByProcedure,
    int Pending,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ImmutableArray<LiveCounts>? Children)
{
    public static LiveCounts From(ScopedCounts counts) => new(
        counts.Campaign.Id,
        counts.ScopeId,
        // GraphQL names enum values in upper case; the hub says the same words.
        counts.Kind.ToString().ToUpperInvariant(),
        counts.Tally.Version,
        counts.Tally.Helps,
        counts.Tally.Minutes,
        counts.AverageMinutes,
        Pairs(counts.Tally.ByService),
        Pairs(counts.Tally.ByChannel),
        Pairs(counts.Tally.ByOutcome),
        counts.Tally.OnDuty,
        counts.Tally.PlacesCovered,
        [.. counts.Progress],
        Pairs(counts.Tally.ByProcedure),
        counts.Tally.Pending,
        // The rows below come with the total they add up to; a row's own rows are not sent.
        counts.Children is { } children ? [.. children.Select(c => From(c with { Children = null }))] : null);

    private static ImmutableArray<KeyCount> Pairs(ImmutableSortedDictionary<string, int> counts) =>
        [.. counts.Select(p => new KeyCount(p.Key, p.Value))];
}

/// <summary>A change of one scope: its counts now, and the helps counted since the previous update.</summary>
public sealed record LiveUpdate(LiveCounts Counts, ImmutableArray<HelpEvent> Recent);

/// <summary>What a watch carries inside the node, before it is shaped for SignalR or GraphQL.</summary>
public sealed record ScopeChange(ScopedCounts Counts, ImmutableArray<HelpEvent> Recent);
