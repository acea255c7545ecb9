using System.Security.Cryptography;
using Volunteers.ServiceDefaults;

namespace Volunteers.Api.Accounts;

/// <summary>
/// A secret the server holds and the database never does: from Auth:&lt;name&gt;, or in embedded mode made once
/// and kept in a file beside the SQLite database, readable by its owner only, so a restart keeps it.
/// In cluster mode it must be configured, so every api holds the same one.
/// </summary>
public static class ServerKey
{
    public const int MinBytes = 32;

    /// <param name="folder">The embedded store's folder; null in cluster mode.</param>
    public static byte[] Read(IConfiguration configuration, LocalDataFolder? folder, string name, string file)
    {
        if (configuration[$"{AuthOptions.Section}:{name}"] is { Length: > 0 } configured)
        {
            return Decode(configured, name);
        }
        if (folder is null)
        {
            throw new SettingsException(
                $"Auth:{name} must be set in cluster mode (base64 of at least {MinBytes} random bytes), so every api holds the same key.");
        }
        return Decode(KeptIn(folder.Path, file), name);
    }

    private static string KeptIn(string folder, string file)
    {
        var path = Path.Combine(folder, file);
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
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinBytes)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made it first; read theirs.
            }
        }
        return File.ReadAllText(path).Trim();
    }

    private static byte[] Decode(string base64, string name)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new SettingsException($"Auth:{name} is not base64.");
        }
        return bytes.Length >= MinBytes
            ? bytes
            : throw new SettingsException($"Auth:{name} holds {bytes.Length} bytes; at least {MinBytes} are needed.");
    }
}
