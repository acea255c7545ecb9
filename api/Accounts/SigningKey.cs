using Microsoft.IdentityModel.Tokens;
using Volunteers.ServiceDefaults;

namespace Volunteers.Api.Accounts;

/// <summary>The key access tokens are signed with: from Auth:SigningKey, or in embedded mode made once and kept.</summary>
public sealed class SigningKey(SymmetricSecurityKey key)
{
    public const int MinBytes = 32;

    public SymmetricSecurityKey Key => key;

    public static SigningKey FromConfiguration(IConfiguration configuration, LocalDataFolder? folder)
    {
        if (configuration[$"{AuthOptions.Section}:SigningKey"] is { Length: > 0 } configured)
        {
            return new SigningKey(new SymmetricSecurityKey(Decode(configured)));
        }
        if (folder is null)
        {
            throw new InvalidOperationException(
                "Auth:SigningKey must be set in cluster mode (base64 of at least 32 random bytes), so every api signs alike.");
        }
        return new SigningKey(new SymmetricSecurityKey(Decode(KeptIn(folder.Path))));
    }

    /// <summary>A key file beside the SQLite database, readable by its owner only, so a restart keeps everyone signed in.</summary>
    private static string KeptIn(string folder)
    {
        var path = Path.Combine(folder, "signing-key");
        if (!File.Exists(path))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            try
            {
                using var writer = new StreamWriter(path, options);
                writer.Write(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(MinBytes)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made it first; read theirs.
            }
        }
        return File.ReadAllText(path).Trim();
    }

    private static byte[] Decode(string base64)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Auth:SigningKey is not base64.");
        }
        return bytes.Length >= MinBytes
            ? bytes
            : throw new InvalidOperationException($"Auth:SigningKey holds {bytes.Length} bytes; at least {MinBytes} are needed.");
    }
}
