namespace Volunteers.Accounts;

/// <summary>
/// An account or a session goes a moment after it has answered whether a token may act. Every api node keeps that
/// answer while the session is in use (<see cref="SessionWatch.CacheIdle"/>, <see cref="SessionWatch.CacheFor"/> at
/// most) and hears of a change through <see cref="ISessionNoticesGrain"/>, so nothing in the activation serves the
/// next ask; kept for their idle minutes, the two held ~2.7 KB each beside every working phone for two to four
/// minutes of each ask (Presence bench, 10,000 phones).
/// Not at once: asks that come together (a dashboard's first requests, several api nodes) share the activation, where
/// each would otherwise wait for one of its own, and Orleans forwards a request from a going activation twice at
/// most. The tick does not interleave with a request, so neither starts going in the middle of one: an account does
/// not hold its sessions' asks while a sign-in finishes, nor a session its notices while it waits on its account.
/// </summary>
internal static class GoneAfterAnswering
{
    public static readonly TimeSpan After = TimeSpan.FromSeconds(1);

    public static void Answered(IGrainBase grain, ref IGrainTimer? going) => going ??= GoesIn(grain, After);

    /// <summary>The grain goes <paramref name="after"/> from now, or later if the timer is changed meanwhile.</summary>
    public static IGrainTimer GoesIn(IGrainBase grain, TimeSpan after) =>
        grain.RegisterGrainTimer(static grain =>
        {
            grain.DeactivateOnIdle();
            return Task.CompletedTask;
        }, grain, after, Timeout.InfiniteTimeSpan);
}
