using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Volunteers.Api.Access;

/// <summary>
/// One token bucket per key that refills when it is asked, from the time since it was last asked, so nothing runs
/// between requests. The BCL's partitioned limiter is not used because its 100 ms heartbeat walks every partition:
/// at 10,000 volunteers (three buckets each) that walk was 10 % of the api's CPU, and it grows with every identity
/// (issue 18). Buckets that have filled up again are forgotten by a sweep at most once a minute, so memory follows
/// the identities active in the last minute rather than every identity ever seen. The key "" is never limited.
/// </summary>
public sealed class TokenBuckets : PartitionedRateLimiter<string>
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _burst;
    private readonly double _perPeriod;
    private readonly double _periodTimestamps;
    private readonly double _ticksPerTimestamp;
    private readonly long _sweepEvery;
    private long _nextSweep;
    private bool _disposed;

    public TokenBuckets(int burst, int perPeriod, TimeSpan period, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perPeriod);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _time = time;
        _burst = burst;
        _perPeriod = perPeriod;
        _periodTimestamps = period.TotalSeconds * time.TimestampFrequency;
        _ticksPerTimestamp = (double)TimeSpan.TicksPerSecond / time.TimestampFrequency;
        _sweepEvery = (long)(SweepEvery.TotalSeconds * time.TimestampFrequency);
        _nextSweep = time.GetTimestamp() + _sweepEvery;
    }

    public const string Unmetered = "";

    /// <summary>How many keys hold a bucket now: those not yet full again, or full since the last sweep.</summary>
    internal int Count => _buckets.Count;

    protected override RateLimitLease AttemptAcquireCore(string resource, int permitCount)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        if (resource == Unmetered)
        {
            return Lease.Granted;
        }
        // More than a full bucket could never be granted; waiting for it would be waiting forever.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _burst);
        var now = _time.GetTimestamp();
        SweepIfDue(now);
        while (true)
        {
            var bucket = _buckets.GetOrAdd(resource, static (_, state) => new Bucket(state.Burst, state.Now), (Burst: _burst, Now: now));
            lock (bucket)
            {
                // A sweep dropped this bucket between the look-up and the lock: take from the one that replaced it.
                if (bucket.Swept)
                {
                    continue;
                }
                Refill(bucket, now);
                if (bucket.Tokens >= permitCount)
                {
                    bucket.Tokens -= permitCount;
                    return Lease.Granted;
                }
                // Rounded up, so a client that waits as told finds the tokens there.
                var wait = (permitCount - bucket.Tokens) * _periodTimestamps / _perPeriod;
                return new Lease(TimeSpan.FromTicks((long)Math.Ceiling(wait * _ticksPerTimestamp)));
            }
        }
    }

    /// <summary>Nothing queues: an asynchronous acquire answers at once, as an attempt does.</summary>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(string resource, int permitCount, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));
    }

    public override RateLimiterStatistics? GetStatistics(string resource)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (resource == Unmetered)
        {
            return null;
        }
        long available = _burst;
        if (_buckets.TryGetValue(resource, out var bucket))
        {
            lock (bucket)
            {
                Refill(bucket, _time.GetTimestamp());
                available = (long)bucket.Tokens;
            }
        }
        return new RateLimiterStatistics { CurrentAvailablePermits = available, CurrentQueuedCount = 0 };
    }

    private void Refill(Bucket bucket, long now)
    {
        // Requests racing on one bucket may read the clock out of order; an earlier reading adds nothing.
        if (now > bucket.Stamp)
        {
            bucket.Tokens = Math.Min(_burst, bucket.Tokens + (now - bucket.Stamp) * _perPeriod / _periodTimestamps);
            bucket.Stamp = now;
        }
    }

    /// <summary>One acquire a minute walks the buckets and drops the full ones: a full bucket is what a new one is.</summary>
    private void SweepIfDue(long now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + _sweepEvery, due) != due)
        {
            return;
        }
        foreach (var (key, bucket) in _buckets)
        {
            lock (bucket)
            {
                Refill(bucket, now);
                if (bucket.Tokens >= _burst)
                {
                    bucket.Swept = true;
                    _buckets.TryRemove(KeyValuePair.Create(key, bucket));
                }
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _buckets.Clear();
        base.Dispose(disposing);
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens = tokens;
        public long Stamp = stamp;
        public bool Swept;
    }

    private sealed class Lease : RateLimitLease
    {
        public static readonly Lease Granted = new(null);

        private readonly TimeSpan? _retryAfter;

        public Lease(TimeSpan? retryAfter) => _retryAfter = retryAfter;

        public override bool IsAcquired => _retryAfter is null;

        public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = _retryAfter;
            return _retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
