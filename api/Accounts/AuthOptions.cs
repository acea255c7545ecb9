namespace Volunteers.Api.Accounts;

/// <summary>Configuration section "Auth".</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// Base64 of at least 32 random bytes. Required in cluster mode, where every api must sign alike;
    /// in embedded mode a key is made once and kept beside the database.
    /// </summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "volunteers";

    /// <summary>Short, because an access token cannot be taken back; refresh tokens can.</summary>
    public TimeSpan AccessLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Sign-in attempts a client address may make per minute, whichever login it tries.</summary>
    public int SignInsPerMinute { get; set; } = 10;

    /// <summary>Changes one identity (or, signed out, one address) may make: a burst, refilled per second.</summary>
    public int WriteBurst { get; set; } = 120;

    public int WritesPerSecond { get; set; } = 10;

    /// <summary>HTTP requests to /graphql per identity or address: a burst, refilled per second.</summary>
    public int RequestBurst { get; set; } = 600;

    public int RequestsPerSecond { get; set; } = 100;
}
