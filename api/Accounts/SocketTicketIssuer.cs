using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using Volunteers.Accounts;

namespace Volunteers.Api.Accounts;

/// <summary>
/// Trades a signed-in caller for a one-time pass to open a socket (<see cref="ISocketTicketGrain"/>), and a pass for
/// that caller. The pass lives in a grain, not on this node, so a socket may open on any api node of a cluster.
/// </summary>
public sealed class SocketTicketIssuer(IGrainFactory grains, TimeProvider time)
{
    /// <summary>The query string parameter of a socket's URL that carries the pass.</summary>
    public const string Parameter = "ticket";

    /// <summary>How a socket opened by a pass was signed in, as <c>Identity.AuthenticationType</c> says.</summary>
    public const string Scheme = "SocketTicket";

    private const int Bytes = 16;

    /// <summary>The length of a pass: 128 random bits in base64url.</summary>
    private static readonly int Length = Base64Url.GetEncodedLength(Bytes);

    public async Task<string> Issue(ClaimsIdentity caller)
    {
        var ticket = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));
        await grains.GetGrain<ISocketTicketGrain>(ticket)
            .Hold(new SocketTicket(SocketPrincipal.ClaimsOf(caller), time.GetUtcNow() + SocketTicket.ValidFor));
        return ticket;
    }

    /// <summary>The caller the pass was issued to, once and within its minute; null for any other text, which activates nothing.</summary>
    public async Task<ClaimsPrincipal?> Redeem(string ticket) =>
        ticket.Length == Length && Base64Url.IsValid(ticket)
        && await grains.GetGrain<ISocketTicketGrain>(ticket).Redeem() is { } held && held.ExpiresAt > time.GetUtcNow()
            ? SocketPrincipal.From(Scheme, held.Claims)
            : null;
}
