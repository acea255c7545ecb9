using Orleans.Concurrency;
using System.Collections.Immutable;
using Volunteers.Tallies;

namespace Volunteers.Volunteering;

/// <summary>
/// One check-in interval: a check-in at a place, closed by the check-out (the API calls it a shift, as
/// volunteers do; a shift planned ahead would be another thing). The times are the phone's taps, which may
/// reach the server hours later; <see cref="CheckInId"/> and <see cref="CheckOutId"/> are the phone's ids
/// of those taps, so a resend after a dropped connection names the same interval.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CheckInInterval(
    [property: Id(0)] string PlaceId,
    [property: Id(1)] DateTimeOffset CheckedInAt,
    [property: Id(2)] DateTimeOffset? CheckedOutAt,
    [property: Id(3)] string? CheckInId = null,
    [property: Id(4)] string? CheckOutId = null)
{
    /// <summary>How long the shift lasted, or has lasted until <paramref name="until"/> while it is open.</summary>
    public TimeSpan Length(DateTimeOffset until)
    {
        var end = CheckedOutAt ?? (until > CheckedInAt ? until : CheckedInAt);
        return end - CheckedInAt;
    }

    /// <summary>
    /// The hours a volunteer gave in a campaign: every shift, an open one counted up to now or to the
    /// campaign's close, whichever came first, since nobody works for a day that has ended.
    /// </summary>
    public static TimeSpan Total(IEnumerable<CheckInInterval> shifts, DateTimeOffset now, DateTimeOffset? closedAt) =>
        shifts.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Length(closedAt is { } closed && closed < now ? closed : now));
}

/// <summary>
/// One volunteer on one campaign day: where they are checked in, what they logged, and their
/// tally, which is the leaf of the campaign's roll-up tree.
/// </summary>
public interface IVolunteerDayGrain : IGrainWithStringKey
{
    /// <summary>
    /// Checks in at <paramref name="placeId"/> at the phone's <paramref name="at"/> (now when null), closing
    /// an open shift elsewhere at that time. A resend with the same <paramref name="tapId"/> answers the
    /// shift it made. The time has the bounds of a help's: see <c>occurredAt</c>.
    /// </summary>
    Task<CheckInInterval> CheckIn(string placeId, DateTimeOffset? at = null, string? tapId = null);

    /// <summary>Closes the open shift at the phone's <paramref name="at"/>; a resend with the same <paramref name="tapId"/> answers that shift.</summary>
    Task<CheckInInterval> CheckOut(DateTimeOffset? at = null, string? tapId = null);

    Task<CheckInInterval?> GetShift();

    /// <summary>Every shift of the day, oldest first.</summary>
    Task<ImmutableArray<CheckInInterval>> GetShifts();

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
