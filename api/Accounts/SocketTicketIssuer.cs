using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using Volunteers.Accounts;
using Volunteers.Api.Access;

namespace Volunteers.Api.Accounts;

/// <summary>
/// Trades a signed-in caller for a one-time ticket to open a WebSocket (<see cref="ISocketTicketGrain"/>), and a ticket
/// for that caller. The ticket's claims live in a grain, not on this node, so a socket may open on any api node of a
/// cluster. Its text is its expiry, 128 random bits and a MAC of both under a key derived from the token signing key:
/// text that is not a genuine, unexpired ticket in its one canonical spelling is refused here, before any grain is
/// asked, so an upgrade request, which needs no sign-in, cannot make the cluster work for made-up or stale text. The
/// grain is keyed by the random part alone, so its key in a log or trace opens nothing.
/// </summary>
public sealed class SocketTicketIssuer(IGrainFactory grains, SigningKey signingKey, TimeProvider time)
{
    /// <summary>The query string parameter of a socket's URL that carries the ticket.</summary>
    public const string Parameter = "ticket";

    /// <summary>How a socket opened by a ticket was signed in, as <c>Identity.AuthenticationType</c> says.</summary>
    public const string Scheme = "SocketTicket";

    private const int ExpiryBytes = 8, NonceBytes = 16, MacBytes = 16;
    private const int SignedBytes = ExpiryBytes + NonceBytes, TicketBytes = SignedBytes + MacBytes;

    private static readonly int TicketChars = Base64Url.GetEncodedLength(TicketBytes);

    private readonly byte[] _key = HMACSHA256.HashData(signingKey.Key.Key, "volunteers.socket-ticket.v1"u8);

    /// <summary>A ticket good for <see cref="SocketTickets.ValidFor"/>, and never past the expiry of the caller's own token.</summary>
    public async Task<string> Issue(ClaimsPrincipal caller)
    {
        var now = time.GetUtcNow();
        var expiresAt = now + SocketTickets.ValidFor;
        if (SessionCheck.ExpiresAt(caller) is { } tokenExpires && tokenExpires < expiresAt)
        {
            // The bearer handler takes a token up to its clock skew late; a ticket made then could never be redeemed.
            if (tokenExpires <= now)
            {
                throw new DomainException(AccessMiddleware.Unauthenticated, "Mutation.socketTicket", "The access token expired; refresh it, then ask again.");
            }
            expiresAt = tokenExpires;
        }
        var bytes = new byte[TicketBytes];
        BinaryPrimitives.WriteInt64BigEndian(bytes, expiresAt.ToUnixTimeSeconds());
        RandomNumberGenerator.Fill(bytes.AsSpan(ExpiryBytes, NonceBytes));
        Sign(bytes.AsSpan(0, SignedBytes), bytes.AsSpan(SignedBytes));
        await grains.GetGrain<ISocketTicketGrain>(GrainKey(bytes)).Hold(SocketPrincipal.ClaimsOf((ClaimsIdentity)caller.Identity!));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The caller the ticket was issued to, once and before it expires; null for any other text.</summary>
    public async Task<ClaimsPrincipal?> Redeem(string ticket)
    {
        var bytes = new byte[TicketBytes];
        return Genuine(ticket, bytes)
            && DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(bytes)) > time.GetUtcNow()
            && await grains.GetGrain<ISocketTicketGrain>(GrainKey(bytes)).Redeem() is { } claims
                ? SocketPrincipal.From(Scheme, claims)
                : null;
    }

    private static string GrainKey(byte[] ticket) => Base64Url.EncodeToString(ticket.AsSpan(ExpiryBytes, NonceBytes));

    /// <summary>
    /// Decodes <paramref name="ticket"/> into <paramref name="bytes"/> if it is one this platform made, spelled as it made
    /// it: the length shuts out whitespace and padding, and the validation a last character with stray bits.
    /// </summary>
    private bool Genuine(string ticket, byte[] bytes)
    {
        // Checked first: decoding throws on what it does not validate.
        if (ticket.Length != TicketChars || !Base64Url.IsValid(ticket, out var length) || length != TicketBytes)
        {
            return false;
        }
        Base64Url.DecodeFromChars(ticket, bytes);
        Span<byte> expected = stackalloc byte[MacBytes];
        Sign(bytes.AsSpan(0, SignedBytes), expected);
        return CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(SignedBytes));
    }

    private void Sign(ReadOnlySpan<byte> signed, Span<byte> mac)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, signed, full);
        full[..MacBytes].CopyTo(mac);
    }
}
