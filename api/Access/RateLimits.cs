using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Volunteers.Api.Accounts;

namespace Volunteers.Api.Access;

/// <summary>
/// Limits inside GraphQL, where the field is known: sign-in attempts per client address (the lockout
/// protects one login; this slows a sweep across many), and changes per identity.
/// </summary>
public sealed class RateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _signIns;
    private readonly PartitionedRateLimiter<string> _writes;

    public RateLimits(IOptions<AuthOptions> options)
    {
        var o = options.Value;
        _signIns = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = o.SignInsPerMinute, Window = TimeSpan.FromMinutes(1) }));
        _writes = PartitionedRateLimiter.Create<string, string>(identity => RateLimitPartition.GetTokenBucketLimiter(identity,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = o.WriteBurst,
                TokensPerPeriod = o.WritesPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            }));
    }

    /// <summary>Takes a permit, or refuses naming the field and when to try again.</summary>
    public void Acquire(Limit limit, string key, string field)
    {
        var limiter = limit == Limit.SignIn ? _signIns : _writes;
        using var lease = limiter.AttemptAcquire(key);
        if (!lease.IsAcquired)
        {
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
            throw new DomainException("RATE_LIMITED", field, string.Create(CultureInfo.InvariantCulture,
                $"Too many {(limit == Limit.SignIn ? "sign-in attempts" : "changes")}; try again in {Math.Ceiling(wait.TotalSeconds):0} seconds."));
        }
    }

    public void Dispose()
    {
        _signIns.Dispose();
        _writes.Dispose();
    }
}
