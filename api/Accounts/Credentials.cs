using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Volunteers.Accounts;

namespace Volunteers.Api.Accounts;

/// <summary>What a login proves itself with: staff choose a password, volunteers a PIN of 6 to 8 digits.</summary>
public enum Secret
{
    Password,
    Pin,
}

/// <summary>
/// Hashes staff passwords with ASP.NET Core Identity's PBKDF2 hasher, PINs with HMAC-SHA256 under a key the
/// database never holds (Auth:PinKey), and refresh tokens with SHA-256 (256 random bits need no slow hash).
/// A PIN has at most ~1.1×10⁸ values: a leaked PBKDF2 hash of one falls to a GPU in minutes whatever the
/// cost, while that cost (52–76 ms of CPU a join) capped joins at ~30/s. Against guessing online, the
/// lockout and the sign-in limits carry the protection; against a leaked database, the key does — without it
/// a PIN's hash cannot be tested at all. README "Accounts and access" says more.
/// </summary>
public sealed class Credentials
{
    private const string PinScheme = "pin-hmac-sha256";
    private const int SaltBytes = 16;
    private readonly PasswordHasher<Credentials> _hasher = new();
    private readonly byte[] _pinKey;
    private readonly string _decoyPassword;
    private readonly string _decoyPin;

    public Credentials(byte[] pinKey)
    {
        _pinKey = pinKey;
        _decoyPassword = Hash(Secret.Password, NewToken());
        _decoyPin = Hash(Secret.Pin, NewToken());
    }

    /// <summary>Volunteers sign in with a PIN, everyone else with a password.</summary>
    public static Secret Of(Role role) => role == Role.Volunteer ? Secret.Pin : Secret.Password;

    public string Hash(Secret kind, string secret)
    {
        if (kind == Secret.Password)
        {
            return _hasher.HashPassword(this, secret);
        }
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return $"{PinScheme}${Convert.ToBase64String(salt)}${Convert.ToBase64String(PinMac(salt, secret))}";
    }

    /// <summary>
    /// Whether the secret matches, and a fresh hash when the stored one is of an older kind: a PIN hashed with
    /// PBKDF2 before PINs had a key, or a password with older PBKDF2 parameters. An unknown login is checked
    /// against a decoy of the same kind, so the answer takes as long as for a known one.
    /// </summary>
    public (bool Matches, string? Rehashed) Verify(Secret kind, string? hash, string secret)
    {
        var stored = hash ?? (kind == Secret.Pin ? _decoyPin : _decoyPassword);
        if (stored.StartsWith($"{PinScheme}$", StringComparison.Ordinal))
        {
            return (PinMatches(stored, secret) && hash is not null, null);
        }
        var result = _hasher.VerifyHashedPassword(this, stored, secret);
        return hash is null || result == PasswordVerificationResult.Failed
            ? (false, null)
            : (true, kind == Secret.Pin || result == PasswordVerificationResult.SuccessRehashNeeded ? Hash(kind, secret) : null);
    }

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string HashToken(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private bool PinMatches(string stored, string pin)
    {
        var parts = stored.Split('$');
        if (parts.Length != 3)
        {
            return false;
        }
        try
        {
            return CryptographicOperations.FixedTimeEquals(PinMac(Convert.FromBase64String(parts[1]), pin), Convert.FromBase64String(parts[2]));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private byte[] PinMac(byte[] salt, string pin)
    {
        // The salt keeps two volunteers with the same PIN from sharing a hash, even to someone who holds the key.
        var message = new byte[salt.Length + Encoding.UTF8.GetByteCount(pin)];
        salt.CopyTo(message, 0);
        Encoding.UTF8.GetBytes(pin, message.AsSpan(salt.Length));
        return HMACSHA256.HashData(_pinKey, message);
    }
}
