using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using GraphQL;
using Microsoft.Extensions.Options;
using Volunteers.Api.Accounts;
using Volunteers.Api.GraphQL.Http;
using Volunteers.Api.GraphQL.WebSockets;

namespace Volunteers.Api.Access;

/// <summary>
/// Limits inside GraphQL, where the field is known: sign-in attempts per client address (the lockout
/// protects one login; this slows a sweep across many), changes, the records they carry and costly reads
/// per identity, each counted per alias. Operations are counted per identity too, one budget for HTTP
/// requests, GraphQL socket messages and hub invocations alike, so no transport is a way around it.
/// </summary>
public sealed class RateLimits : ISocketOperationLimit, IDisposable
{
    private readonly PartitionedRateLimiter<string> _signIns;
    private readonly PartitionedRateLimiter<string> _writes;
    private readonly PartitionedRateLimiter<string> _records;
    private readonly PartitionedRateLimiter<string> _costly;
    private readonly PartitionedRateLimiter<string> _operations;
    private readonly int _recordBurst;

    public RateLimits(IOptions<AuthOptions> options, TimeProvider time)
    {
        var o = options.Value;
        _signIns = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = o.SignInsPerMinute, Window = TimeSpan.FromMinutes(1) }));
        _writes = new TokenBuckets(o.WriteBurst, o.WritesPerSecond, TimeSpan.FromSeconds(1), time);
        _recordBurst = o.RecordBurst;
        _records = new TokenBuckets(o.RecordBurst, o.RecordsPerSecond, TimeSpan.FromSeconds(1), time);
        _costly = new TokenBuckets(o.CostlyBurst, o.CostlyPerMinute, TimeSpan.FromMinutes(1), time);
        _operations = new TokenBuckets(o.RequestBurst, o.RequestsPerSecond, TimeSpan.FromSeconds(1), time);
        // Pages, files and downloads are not operations: they map to the unmetered key.
        Requests = _operations.WithTranslatedKey<HttpContext>(
            context => context.Request.Path.StartsWithSegments("/graphql") ? KeyOf(context.User, context) : TokenBuckets.Unmetered, leaveOpen: true);
    }

    /// <summary>The operations budget as ASP.NET Core's rate limiter takes it, for plain HTTP requests.</summary>
    public PartitionedRateLimiter<HttpContext> Requests { get; }

    /// <summary>Whom a budget belongs to: the signed-in identity, else the client's address.</summary>
    public static string KeyOf(ClaimsPrincipal? user, HttpContext? context) =>
        user?.FindFirst(TokenIssuer.Subject)?.Value ?? context?.Connection.RemoteIpAddress?.ToString() ?? "local";

    /// <summary>Takes a permit, or refuses naming the field, the limit and when to try again.</summary>
    public void Acquire(Limit limit, string key, string field)
    {
        var (limiter, what) = limit switch
        {
            Limit.SignIn => (_signIns, "sign-in attempts"),
            Limit.Write => (_writes, "changes"),
            Limit.Costly => (_costly, "costly reads (reconcile, report)"),
            _ => throw new ArgumentOutOfRangeException(nameof(limit), limit, null),
        };
        if (Take(limiter, key, 1) is { } wait)
        {
            throw Refusal(field, what, wait);
        }
    }

    /// <summary>
    /// Takes one permit per record a change carries (the items of its list arguments), so a batch of 500 counts as
    /// 500. A batch larger than the whole budget takes all of it rather than never passing.
    /// </summary>
    public void AcquireRecords(string key, string field, int records)
    {
        if (records > 0 && Take(_records, key, Math.Min(records, _recordBurst)) is { } wait)
        {
            throw Refusal(field, "records", wait);
        }
    }

    /// <summary>An invocation on the live hub, counted as an HTTP request to /graphql is.</summary>
    public void AcquireOperation(ClaimsPrincipal? caller, HttpContext? connection, string operation)
    {
        if (Take(_operations, KeyOf(caller, connection), 1) is { } wait)
        {
            throw Refusal(operation, "operations", wait);
        }
    }

    /// <summary>One graphql-transport-ws subscribe message, counted as an HTTP request to /graphql is.</summary>
    public ExecutionError? Admit(ClaimsPrincipal caller, HttpContext connection) =>
        Take(_operations, KeyOf(caller, connection), 1) is { } wait && Refusal("subscribe", "operations", wait) is var refusal
            ? new ExecutionError(refusal.Message, refusal)
            : null;

    public static DomainException Refusal(string field, string what, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        var refusal = new DomainException("RATE_LIMITED", field, string.Create(CultureInfo.InvariantCulture,
            $"Too many {what}; try again in {seconds} seconds."));
        refusal.Data[DomainErrorInfoProvider.RetryAfter] = seconds;
        return refusal;
    }

    private static TimeSpan? Take(PartitionedRateLimiter<string> limiter, string key, int permits)
    {
        using var lease = limiter.AttemptAcquire(key, permits);
        return lease.IsAcquired ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    public void Dispose()
    {
        Requests.Dispose();
        _signIns.Dispose();
        _writes.Dispose();
        _records.Dispose();
        _costly.Dispose();
        _operations.Dispose();
    }
}
