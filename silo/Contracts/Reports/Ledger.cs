using System.Collections.Immutable;

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
/// What a campaign's stored records say beyond the roll-up counts: where help was given and what
/// arrived late. Keyed by campaign id.
/// </summary>
public interface ICampaignLedgerGrain : IGrainWithStringKey
{
    Task<ImmutableArray<PlaceHelps>> Places();
}
