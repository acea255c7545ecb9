using Volunteers.Campaigns;

namespace Volunteers.Volunteering;

/// <summary>
/// One citizen helped, as the phone sends it. The phone makes <see cref="RecordId"/>, so a retry
/// after a dropped connection names the same record. Nothing here identifies the citizen.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HelpEntry(
    [property: Id(0)] string RecordId,
    [property: Id(1)] string Service,
    [property: Id(2)] Procedure? Procedure,
    [property: Id(3)] Channel Channel,
    [property: Id(4)] Outcome Outcome,
    [property: Id(5)] int Minutes,
    [property: Id(6)] DateTimeOffset? OccurredAt,
    [property: Id(7)] string? PlaceId);

/// <summary>What the platform stores: the entry plus where it belongs in the tree.</summary>
[GenerateSerializer, Immutable]
public sealed record HelpRecord(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string RecordId,
    [property: Id(2)] string VolunteerId,
    [property: Id(3)] string TeamId,
    [property: Id(4)] string WardId,
    [property: Id(5)] string PlaceId,
    [property: Id(6)] string Service,
    [property: Id(7)] Procedure? Procedure,
    [property: Id(8)] Channel Channel,
    [property: Id(9)] Outcome Outcome,
    [property: Id(10)] int Minutes,
    [property: Id(11)] DateTimeOffset OccurredAt)
{
    /// <summary>
    /// Two sends of one record agree on what the volunteer entered. Time and place are left out:
    /// when the phone omits them the server fills them in at each send, so a retry may differ there.
    /// </summary>
    public bool SameContentAs(HelpRecord other) =>
        VolunteerId == other.VolunteerId && Service == other.Service && Procedure == other.Procedure &&
        Channel == other.Channel && Outcome == other.Outcome && Minutes == other.Minutes;
}

/// <summary>
/// The answer to one record of a log. A retry of an accepted record gets the same receipt back;
/// <see cref="Duplicate"/> only tells the phone it had been sent before.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Receipt(
    [property: Id(0)] string RecordId,
    [property: Id(1)] DateTimeOffset AcceptedAt,
    [property: Id(2)] bool Duplicate);

[GenerateSerializer, Immutable]
public sealed record LogResult(
    [property: Id(0)] string RecordId,
    [property: Id(1)] Receipt? Receipt,
    [property: Id(2)] DomainException? Error);

/// <summary>The answer to a void: when the record was voided, and whether that had happened before.</summary>
[GenerateSerializer, Immutable]
public sealed record VoidResult(
    [property: Id(0)] string RecordId,
    [property: Id(1)] DateTimeOffset VoidedAt,
    [property: Id(2)] bool AlreadyVoided);
