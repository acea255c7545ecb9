using System.Threading.RateLimiting;
using Volunteers.Api.Access;

namespace Volunteers.Tests.Access;

/// <summary>The per-identity buckets refill from the clock when asked, with no timer walking them (issue 18).</summary>
public sealed class TokenBucketsTests
{
    private readonly ManualTime _time = new();

    private TokenBuckets Buckets(int burst = 3, int perPeriod = 1, double periodSeconds = 1) =>
        new(burst, perPeriod, TimeSpan.FromSeconds(periodSeconds), _time);

    private static bool Take(TokenBuckets buckets, string key, int permits = 1)
    {
        using var lease = buckets.AttemptAcquire(key, permits);
        return lease.IsAcquired;
    }

    private static TimeSpan RetryAfter(TokenBuckets buckets, string key, int permits = 1)
    {
        using var lease = buckets.AttemptAcquire(key, permits);
        Assert.False(lease.IsAcquired);
        Assert.True(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait));
        return wait;
    }

    private static int TakeAll(TokenBuckets buckets, string key)
    {
        var granted = 0;
        while (Take(buckets, key))
        {
            granted++;
        }
        return granted;
    }

    [Fact]
    public void The_burst_is_granted_then_refused_with_the_wait_until_a_token_exists()
    {
        using var buckets = Buckets(burst: 3, perPeriod: 2, periodSeconds: 1);

        Assert.Equal(3, TakeAll(buckets, "v1"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), RetryAfter(buckets, "v1"));
        Assert.Equal(TimeSpan.FromSeconds(1.5), RetryAfter(buckets, "v1", permits: 3));
    }

    [Fact]
    public void Waiting_refills_in_proportion_to_the_time_passed_and_never_beyond_the_burst()
    {
        using var buckets = Buckets(burst: 5, perPeriod: 10, periodSeconds: 60);
        TakeAll(buckets, "v1");

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.True(Take(buckets, "v1"));
        Assert.False(Take(buckets, "v1"));
        Assert.Equal(TimeSpan.FromSeconds(3), RetryAfter(buckets, "v1"));

        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(5, buckets.GetStatistics("v1")!.CurrentAvailablePermits);
        Assert.Equal(5, TakeAll(buckets, "v1"));
    }

    [Fact]
    public void Keys_have_budgets_of_their_own()
    {
        using var buckets = Buckets(burst: 2);

        Assert.Equal(2, TakeAll(buckets, "v1"));
        Assert.Equal(2, TakeAll(buckets, "v2"));
        Assert.Equal(0, buckets.GetStatistics("v1")!.CurrentAvailablePermits);
        Assert.Equal(2, buckets.GetStatistics("v3")!.CurrentAvailablePermits);
    }

    [Fact]
    public void The_unmetered_key_is_never_limited()
    {
        using var buckets = Buckets(burst: 1);

        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(Take(buckets, TokenBuckets.Unmetered)));
        Assert.True(Take(buckets, TokenBuckets.Unmetered, permits: 5));
        Assert.Equal(0, buckets.Count);
    }

    [Fact]
    public void Asking_for_more_than_the_burst_fails_at_once_rather_than_waiting_forever()
    {
        using var buckets = Buckets(burst: 3);

        Assert.Throws<ArgumentOutOfRangeException>(() => buckets.AttemptAcquire("v1", 4));
        Assert.True(Take(buckets, "v1", 3));
    }

    [Fact]
    public async Task An_asynchronous_acquire_answers_at_once_as_an_attempt_does()
    {
        using var buckets = Buckets(burst: 1);

        using var granted = await buckets.AcquireAsync("v1");
        using var refused = await buckets.AcquireAsync("v1");

        Assert.True(granted.IsAcquired);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait));
        Assert.Equal(TimeSpan.FromSeconds(1), wait);
    }

    [Fact]
    public void Many_requests_of_one_identity_at_once_never_get_more_than_the_burst()
    {
        // Each round the threads start together on a fresh key, so their acquires race on one bucket.
        const int Burst = 8, Rounds = 500, Threads = 4;
        using var buckets = Buckets(burst: Burst);
        var granted = new int[Rounds];
        using var start = new Barrier(Threads);

        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                start.SignalAndWait();
                for (var i = 0; i < Burst; i++)
                {
                    if (Take(buckets, "v" + round))
                    {
                        Interlocked.Increment(ref granted[round]);
                    }
                }
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        Assert.All(granted, count => Assert.Equal(Burst, count));
    }

    [Fact]
    public void Buckets_full_again_are_forgotten_after_a_minute_and_a_forgotten_key_starts_full()
    {
        using var buckets = Buckets(burst: 4, perPeriod: 1, periodSeconds: 10);
        TakeAll(buckets, "idle");
        TakeAll(buckets, "busy");
        Assert.Equal(2, buckets.Count);

        // 40 s refill "idle" to the full 4; "busy" is emptied again just before the sweep.
        _time.Advance(TimeSpan.FromSeconds(59));
        TakeAll(buckets, "busy");
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(Take(buckets, "new"));

        Assert.Equal(2, buckets.Count);
        Assert.Equal(0, buckets.GetStatistics("busy")!.CurrentAvailablePermits);
        Assert.Equal(4, TakeAll(buckets, "idle"));
    }
}
