namespace Volunteers.Audit;

/// <summary>
/// Who did what to which thing, when and why. Kept general so that every kind of correction or
/// administrative act (a voided help, a changed role) lands in the one trail.
/// </summary>
/// <param name="Action">A dotted verb such as "help.void".</param>
/// <param name="Target">What was acted on, as an id the platform knows (a record id, a volunteer id).</param>
/// <param name="CampaignId">The campaign the act belongs to, when it belongs to one, so a campaign's trail can be listed.</param>
/// <param name="Details">A JSON object with what the act changed, for a reader; never parsed by the platform.</param>
[GenerateSerializer, Immutable]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string Target,
    [property: Id(4)] string? CampaignId,
    [property: Id(5)] string? Reason,
    [property: Id(6)] string? Details);

public static class AuditActions
{
    public const string VoidHelp = "help.void";
}
