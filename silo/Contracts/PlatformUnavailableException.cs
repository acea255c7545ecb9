namespace Volunteers;

/// <summary>
/// A passing fault of the platform (the database restarting, a timeout), as opposed to a refusal: the same
/// request may succeed shortly. Grains raise it in place of the database's own exception, whose type has
/// no codec on the api's side of a cluster and whose text may hold connection details.
/// </summary>
[GenerateSerializer]
public sealed class PlatformUnavailableException(string message) : Exception(message);
