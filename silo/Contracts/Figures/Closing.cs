using System.Collections.Immutable;

namespace Volunteers.Figures;

public enum ClosingStatus
{
    /// <summary>Never closed.</summary>
    Open,

    /// <summary>Closed, and the records below have not changed since.</summary>
    Closed,

    /// <summary>Closed, then a record below was voided or added: it must be closed again.</summary>
    Amended,
}

/// <summary>
/// A level's figures as they were closed (chốt số liệu): by whom, when, and a checksum reports cite.
/// <paramref name="Changes"/> counts the records below as stored plus those voided since (it only grows),
/// so any void or late record after the close shows, even one that leaves the totals as they were.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ClosedFigures(
    [property: Id(0)] string ClosedBy,
    [property: Id(1)] DateTimeOffset ClosedAt,
    [property: Id(2)] HelpFigures Figures,
    [property: Id(3)] long Changes,
    [property: Id(4)] string Checksum);

/// <summary>One level of a campaign's tree (a ward, district or province) with its closing and its figures now.</summary>
[GenerateSerializer, Immutable]
public sealed record LevelClosing(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string UnitId,
    [property: Id(2)] string? ParentId,
    [property: Id(3)] ClosingStatus Status,
    [property: Id(4)] ClosedFigures? Closed,
    [property: Id(5)] HelpFigures Current);

/// <summary>
/// The closing of one level of a campaign, keyed <c>campaignId/unitId</c>. A ward closes from its records; a
/// district or province only when every level directly below is closed, and then its figures must equal the
/// sum of theirs.
/// </summary>
public interface IFiguresClosingGrain : IGrainWithStringKey
{
    /// <summary>Closes (or closes again) the level's figures; refused, naming the child, while one below is open or amended.</summary>
    Task<LevelClosing> Close(string actor);

    /// <summary>The stored snapshot, or null while never closed.</summary>
    Task<ClosedFigures?> Snapshot();
}

/// <summary>Every level of a campaign's tree at or below a unit, with its closing: one read of the records for all. Keyed by campaign id.</summary>
public interface ICampaignClosingsGrain : IGrainWithStringKey
{
    Task<ImmutableArray<LevelClosing>> Levels(string unitId);
}
