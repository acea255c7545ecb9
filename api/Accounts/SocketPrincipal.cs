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

    public static ClaimsPrincipal Of(ClaimsIdentity signedIn)
    {
        var kept = new ClaimsIdentity(signedIn.AuthenticationType, signedIn.NameClaimType, signedIn.RoleClaimType);
        foreach (var type in Read)
        {
            if (signedIn.FindFirst(type) is { } claim)
            {
                // The type is the shared constant, not the token's copy of it.
                kept.AddClaim(new Claim(type, claim.Value));
            }
        }
        return new ClaimsPrincipal(kept);
    }
}
