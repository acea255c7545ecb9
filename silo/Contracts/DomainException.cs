namespace Volunteers;

/// <summary>
/// A refusal the caller can act on: it names the input field and says why. It crosses grain
/// boundaries intact so the API can turn it into a GraphQL error instead of a 500.
/// </summary>
[GenerateSerializer]
public sealed class DomainException : Exception
{
    public DomainException(string code, string field, string message) : base(message)
    {
        Code = code;
        Field = field;
    }

    /// <summary>A stable, machine-readable reason such as NOT_FOUND or NOT_CHECKED_IN.</summary>
    [Id(0)] public string Code { get; }

    /// <summary>The input field at fault, as the client named it (e.g. "placeId").</summary>
    [Id(1)] public string Field { get; }

    public static DomainException NotFound(string field, string id) =>
        new("NOT_FOUND", field, $"{field}: no {Ids.Noun(id)} has the id '{id}'.");

    public static DomainException Invalid(string field, string reason) => new("INVALID", field, reason);

    public static DomainException Conflict(string field, string reason) => new("CONFLICT", field, reason);
}
