using System.Collections.Immutable;
using System.Security.Claims;

namespace Volunteers.Api.Accounts;

/// <summary>
/// The caller a long-lived socket keeps: a dashboard's hub connection or a GraphQL subscription socket holds its
/// principal for hours, ten thousand at once on a node. The token handler's identity keeps the parsed token
/// (its raw text, header and payload claim sets) and every claim of it with its properties; a socket needs only
/// what the access checks (<see cref="Access.Caller"/>, the rate limits' key) and the session watch
/// (<see cref="SessionCheck"/>: the session and the expiry) read.
/// </summary>
public static class SocketPrincipal
{
    /// <summary>The claims read of a socket's caller; any other is dropped.</summary>
    private static readonly string[] Read = [TokenIssuer.Subject, TokenIssuer.RoleClaim, TokenIssuer.ScopeClaim, TokenIssuer.SessionClaim, TokenIssuer.ExpiryClaim];

    public static ClaimsPrincipal Of(ClaimsIdentity signedIn) => From(signedIn.AuthenticationType, ClaimsOf(signedIn));

    /// <summary>The claims a socket keeps, by type: what a socket ticket holds for the socket it opens.</summary>
    public static ImmutableDictionary<string, string> ClaimsOf(ClaimsIdentity signedIn) =>
        Read.Select(signedIn.FindFirst).OfType<Claim>().ToImmutableDictionary(claim => claim.Type, claim => claim.Value, StringComparer.Ordinal);

    /// <summary>A socket's caller from its kept claims; signed in by <paramref name="authenticationType"/>.</summary>
    public static ClaimsPrincipal From(string? authenticationType, IReadOnlyDictionary<string, string> claims)
    {
        var kept = new ClaimsIdentity(authenticationType, TokenIssuer.Subject, TokenIssuer.RoleClaim);
        foreach (var type in Read)
        {
            if (claims.TryGetValue(type, out var value))
            {
                // The type is the shared constant, not the token's copy of it.
                kept.AddClaim(new Claim(type, value));
            }
        }
        return new ClaimsPrincipal(kept);
    }
}
