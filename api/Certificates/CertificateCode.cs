using System.Security.Cryptography;
using System.Text;
using Volunteers.Api.Accounts;

namespace Volunteers.Api.Certificates;

/// <summary>
/// The code printed on a certificate of hours: which volunteer and campaign it speaks of, and a MAC
/// that only this platform can make. Checking it needs no stored row: the platform re-reads the
/// volunteer's hours, so a certificate whose printed hours were altered disagrees with the check.
/// The key is derived from the token signing key, so replacing that key also retires old codes.
/// </summary>
public sealed class CertificateCode(SigningKey signingKey)
{
    private const int MacChars = 12;
    private readonly byte[] _key = HMACSHA256.HashData(signingKey.Key.Key, "volunteers.certificate.v1"u8);

    public string Make(string campaignId, string volunteerId) => $"{campaignId}.{volunteerId}.{Mac(campaignId, volunteerId)}";

    /// <summary>The campaign and volunteer a genuine code names; null for anything else.</summary>
    public (string CampaignId, string VolunteerId)? Read(string? code)
    {
        if (code is not { Length: < 200 } || code.Split('.') is not [var campaignId, var volunteerId, var mac])
        {
            return null;
        }
        var expected = Encoding.ASCII.GetBytes(Mac(campaignId, volunteerId));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(mac)) ? (campaignId, volunteerId) : null;
    }

    private string Mac(string campaignId, string volunteerId)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{campaignId}\n{volunteerId}"));
        // Hex a person can read aloud or type from paper; 12 digits carry 48 bits, hopeless to guess behind the request limits.
        return Convert.ToHexString(mac)[..MacChars].ToLowerInvariant();
    }
}
