using System.Security.Cryptography;

namespace Volunteers;

/// <summary>
/// Ids carry their kind as a prefix so that a single scopeId argument can name a unit, a team
/// or a volunteer, and a log line says what it points at.
/// </summary>
public static class Ids
{
    public const string Unit = "u";
    public const string Team = "t";
    public const string Volunteer = "v";
    public const string Campaign = "c";

    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    public static string New(string kind)
    {
        Span<char> chars = stackalloc char[10];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return $"{kind}-{chars}";
    }

    /// <summary>An id of the expected kind, or a NOT_FOUND error naming the field; a malformed id never reaches storage.</summary>
    public static string Require(string? value, string field, string kind) =>
        value is { Length: > 0 and <= 64 } id && IsKind(id, kind)
            ? id
            : throw DomainException.NotFound(field, value ?? "");

    /// <summary>What an id names, for messages.</summary>
    public static string Noun(string id) =>
        IsKind(id, Unit) ? "unit" : IsKind(id, Team) ? "team" : IsKind(id, Volunteer) ? "volunteer" : IsKind(id, Campaign) ? "campaign" : "entity";

    public static bool IsKind(string id, string kind) =>
        id.Length > kind.Length + 1 && id.StartsWith(kind, StringComparison.Ordinal) && id[kind.Length] == '-';

    /// <summary>Campaign-scoped grains are keyed by campaign and entity, so each state stays small.</summary>
    public static string Scoped(string campaignId, string entityId) => $"{campaignId}/{entityId}";

    public static (string CampaignId, string EntityId) SplitScoped(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }
}
