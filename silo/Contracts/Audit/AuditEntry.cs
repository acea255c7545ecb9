using System.Collections.Immutable;

namespace Volunteers.Audit;

/// <summary>
/// Who did what to which thing, when and why. Kept general so that every kind of correction or
/// administrative act (a voided help, a changed role) lands in the one trail.
/// </summary>
/// <param name="Action">A dotted verb such as "help.void".</param>
/// <param name="Target">What was acted on, as an id the platform knows (a record id, a volunteer id).</param>
/// <param name="CampaignId">The campaign the act belongs to, when it belongs to one, so a campaign's trail can be listed.</param>
/// <param name="Details">A JSON object with what the act changed, for a reader; never parsed by the platform.</param>
/// <param name="ScopePath">Where in the unit tree the act happened, as <see cref="PathOf"/> spells it, so a subtree's trail is one LIKE.</param>
[GenerateSerializer, Immutable]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string Target,
    [property: Id(4)] string? CampaignId,
    [property: Id(5)] string? Reason,
    [property: Id(6)] string? Details,
    [property: Id(7)] string? ScopePath)
{
    /// <summary>'/u-…/u-…/t-…/v-…/': the units from the root down, then the team and the volunteer where there is one.</summary>
    public static string PathOf(IEnumerable<string?> ids) => $"/{string.Join('/', ids.OfType<string>())}/";
}

/// <summary>Which entries to list, newest first: of a campaign, at or below a unit, or both; optionally one action or target.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditQuery(
    [property: Id(0)] string? CampaignId,
    [property: Id(1)] string? UnitId,
    [property: Id(2)] string? Action,
    [property: Id(3)] string? Target,
    [property: Id(4)] int Limit)
{
    public const int MaxLimit = 1000;
}

public static class AuditActions
{
    public const string VoidHelp = "help.void";
}

/// <summary>
/// The audit trail as callers outside the silo reach it: the api audits the changes it decides, and lists the
/// trail, through here; the grains write their own entries in the transaction of the act.
/// </summary>
public interface IAuditTrailGrain : IGrainWithIntegerKey
{
    Task Append(AuditEntry entry);

    /// <summary>The newest entries first, as <paramref name="query"/> narrows them; a limit out of range is refused.</summary>
    Task<ImmutableArray<AuditEntry>> List(AuditQuery query);
}
