using Orleans.Concurrency;
using System.Collections.Immutable;
using Volunteers.Tallies;

namespace Volunteers.Volunteering;

[GenerateSerializer, Immutable]
public sealed record Shift(
    [property: Id(0)] string PlaceId,
    [property: Id(1)] DateTimeOffset CheckedInAt,
    [property: Id(2)] DateTimeOffset? CheckedOutAt);

/// <summary>
/// One volunteer on one campaign day: where they are checked in, what they logged, and their
/// tally, which is the leaf of the campaign's roll-up tree.
/// </summary>
public interface IVolunteerDayGrain : IGrainWithStringKey
{
    Task<Shift> CheckIn(string placeId);

    Task<Shift> CheckOut();

    Task<Shift?> GetShift();

    Task<ImmutableArray<LogResult>> Log(ImmutableArray<HelpEntry> entries);

    /// <summary>
    /// Voids one of the volunteer's records with a reason: it stays stored, stops counting at every
    /// level, and the audit trail records it with <paramref name="actorId"/>. Voiding again changes nothing.
    /// </summary>
    Task<VoidResult> Void(string recordId, string reason, string actorId);

    /// <summary>The leaf tally. Interleaves, so a parent pulling it never waits behind a log in flight.</summary>
    [AlwaysInterleave]
    Task<Tally> GetTally();

    /// <summary>Counts the stored records afresh, so a roll-up can be rebuilt from the ground truth.</summary>
    Task<Tally> Recount();
}
