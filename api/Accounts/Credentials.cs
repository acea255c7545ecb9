using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Volunteers.Api.Accounts;

/// <summary>
/// Hashes passwords and PINs with ASP.NET Core Identity's PBKDF2 hasher, and refresh tokens with SHA-256
/// (they are 256 random bits, so a slow hash would add nothing).
/// </summary>
public sealed class Credentials
{
    private readonly PasswordHasher<Credentials> _hasher = new();
    private readonly string _decoy;

    public Credentials() => _decoy = _hasher.HashPassword(this, NewToken());

    public string Hash(string secret) => _hasher.HashPassword(this, secret);

    /// <summary>
    /// Whether the secret matches, and a fresh hash when the stored one uses older parameters. An unknown
    /// login is checked against a decoy, so the answer takes as long as for a known one.
    /// </summary>
    public (bool Matches, string? Rehashed) Verify(string? hash, string secret)
    {
        var result = _hasher.VerifyHashedPassword(this, hash ?? _decoy, secret);
        return hash is null
            ? (false, null)
            : result switch
            {
                PasswordVerificationResult.Success => (true, null),
                PasswordVerificationResult.SuccessRehashNeeded => (true, Hash(secret)),
                _ => (false, null),
            };
    }

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string HashToken(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
