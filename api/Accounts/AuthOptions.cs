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

    /// <summary>
    /// Records one identity may send in changes (the 500 helps of a batch count 500): a burst, refilled per
    /// second. A phone back online after a whole day sends a few hundred; a flood of thousands waits.
    /// </summary>
    public int RecordBurst { get; set; } = 2000;

    public int RecordsPerSecond { get; set; } = 20;

    /// <summary>
    /// Records all the changes of one request may carry together. The phone sends 50 at a time; an import of
    /// thousands goes through importVolunteers, as a file.
    /// </summary>
    public int MaxRecordsPerRequest { get; set; } = 1000;

    /// <summary>Costly reads (reconcile, report) one request may ask for, aliases included.</summary>
    public int MaxCostlyPerRequest { get; set; } = 2;

    /// <summary>Costly reads (reconcile, report) per identity: a burst, refilled per minute.</summary>
    public int CostlyBurst { get; set; } = 20;

    public int CostlyPerMinute { get; set; } = 10;

    /// <summary>
    /// Operations per identity or address: HTTP requests to /graphql, GraphQL socket messages and hub
    /// invocations, one budget for all. A burst, refilled per second.
    /// </summary>
    public int RequestBurst { get; set; } = 600;

    public int RequestsPerSecond { get; set; } = 100;
}
