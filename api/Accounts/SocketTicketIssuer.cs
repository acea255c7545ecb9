using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Volunteers.Accounts;

namespace Volunteers.Api.Accounts;

/// <summary>
/// Trades a signed-in caller for a one-time pass to open a socket (<see cref="ISocketTicketGrain"/>), and a pass for
/// that caller. The pass lives in a grain, not on this node, so a socket may open on any api node of a cluster. Its
/// text is 128 random bits and a MAC of them under the token signing key, so made-up text is refused here, before an
/// unauthenticated upgrade request could activate a grain.
/// </summary>
public sealed class SocketTicketIssuer(IGrainFactory grains, SigningKey key, TimeProvider time)
{
    /// <summary>The query string parameter of a socket's URL that carries the pass.</summary>
    public const string Parameter = "ticket";

    /// <summary>How a socket opened by a pass was signed in, as <c>Identity.AuthenticationType</c> says.</summary>
    public const string Scheme = "SocketTicket";

    private const int Nonce = 16, Mac = 16;

    /// <summary>Keeps these MACs apart from anything else the signing key signs.</summary>
    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("volunteers socket ticket\n");

    public async Task<string> Issue(ClaimsIdentity caller)
    {
        var bytes = new byte[Nonce + Mac];
        RandomNumberGenerator.Fill(bytes.AsSpan(0, Nonce));
        Sign(bytes.AsSpan(0, Nonce), bytes.AsSpan(Nonce));
        var ticket = Base64Url.EncodeToString(bytes);
        await grains.GetGrain<ISocketTicketGrain>(ticket)
            .Hold(new SocketTicket(SocketPrincipal.ClaimsOf(caller), time.GetUtcNow() + SocketTicket.ValidFor));
        return ticket;
    }

    /// <summary>The caller the pass was issued to, once and within its minute; null for any other text.</summary>
    public async Task<ClaimsPrincipal?> Redeem(string ticket) =>
        Genuine(ticket)
        && await grains.GetGrain<ISocketTicketGrain>(ticket).Redeem() is { } held && held.ExpiresAt > time.GetUtcNow()
            ? SocketPrincipal.From(Scheme, held.Claims)
            : null;

    private bool Genuine(string ticket)
    {
        // Decoding throws on characters outside the alphabet; these never are a ticket.
        if (!Base64Url.IsValid(ticket, out var length) || length != Nonce + Mac)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[Nonce + Mac];
        Base64Url.DecodeFromChars(ticket, bytes);
        Span<byte> expected = stackalloc byte[Mac];
        Sign(bytes[..Nonce], expected);
        return CryptographicOperations.FixedTimeEquals(expected, bytes[Nonce..]);
    }

    private void Sign(ReadOnlySpan<byte> nonce, Span<byte> mac)
    {
        Span<byte> message = stackalloc byte[Purpose.Length + Nonce];
        Purpose.CopyTo(message);
        nonce.CopyTo(message[Purpose.Length..]);
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key.Key.Key, message, full);
        full[..Mac].CopyTo(mac);
    }
}
