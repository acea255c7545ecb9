using System.Collections.Immutable;
using Volunteers.Volunteering;

namespace Volunteers.Reports;

/// <summary>The live help records of one volunteer at one place, and how many arrived after the campaign closed.</summary>
[GenerateSerializer, Immutable]
public sealed record PlaceHelps(
    [property: Id(0)] string VolunteerId,
    [property: Id(1)] string TeamId,
    [property: Id(2)] string WardId,
    [property: Id(3)] string PlaceId,
    [property: Id(4)] int Helps,
    [property: Id(5)] int Late);

/// <summary>
/// Whose records to list: a ward's, one of its teams' or one volunteer's. The ward is always named, so the
/// store reads one ward's part of the campaign however narrow the scope.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RecordScope(
    [property: Id(0)] string WardId,
    [property: Id(1)] string? TeamId,
    [property: Id(2)] string? VolunteerId);

/// <summary>One stored help record as a reviewer sees it: voided ones stay listed, with when and why.</summary>
[GenerateSerializer, Immutable]
public sealed record LedgerRecord(
    [property: Id(0)] HelpRecord Record,
    [property: Id(1)] DateTimeOffset AcceptedAt,
    [property: Id(2)] DateTimeOffset? VoidedAt,
    [property: Id(3)] string? VoidReason)
{
    /// <summary>A review lists a screenful at a time; more would be a report, which counts instead.</summary>
    public const int MaxListed = 500;
}

/// <summary>
/// What a campaign's stored records say beyond the roll-up counts: where help was given, what
/// arrived late, and the records themselves for review. Keyed by campaign id.
/// </summary>
public interface ICampaignLedgerGrain : IGrainWithStringKey
{
    Task<ImmutableArray<PlaceHelps>> Places();

    /// <summary>The newest records of the scope first, at most <paramref name="limit"/> (1 to <see cref="LedgerRecord.MaxListed"/>).</summary>
    Task<ImmutableArray<LedgerRecord>> Records(RecordScope scope, int limit);
}
