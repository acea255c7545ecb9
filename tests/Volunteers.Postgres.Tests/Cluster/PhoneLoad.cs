using System.Collections.Concurrent;
using System.Diagnostics;

namespace Volunteers.Tests.Cluster;

/// <summary>
/// Volunteers' phones logging helps one after another. A log that fails or times out is sent
/// again with the same record id until the api acknowledges it, as the phone app does, so every
/// record ends acknowledged and none may be counted twice.
/// </summary>
public sealed class PhoneLoad(GraphClient graph, ClusterCampaign campaign)
{
    private const string LogHelp = """
        mutation($c: ID!, $v: ID!, $h: HelpInput!) { logHelp(campaignId: $c, volunteerId: $v, help: $h) { recordId duplicate } }
        """;

    private readonly ConcurrentDictionary<string, TimeSpan> _acknowledged = new();
    private readonly ConcurrentBag<TimeSpan> _failures = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _retries;
    private int _timedOut;
    private long _longestAttemptTicks;

    /// <summary>Record id to the moment (since the load began) it was acknowledged.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Acknowledged => _acknowledged;

    public int Retries => _retries;

    /// <summary>Requests the phone gave up on after the client's timeout, instead of being answered.</summary>
    public int TimedOut => _timedOut;

    /// <summary>The longest a single request took to be answered, well or with an error.</summary>
    public TimeSpan LongestAttempt => TimeSpan.FromTicks(Interlocked.Read(ref _longestAttemptTicks));

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Runs until <paramref name="stop"/>; a record already sent is still retried until it is acknowledged.</summary>
    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(campaign.VolunteerIds.Select(volunteerId => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await SendUntilAcknowledgedAsync(volunteerId, $"{volunteerId}-{i}");
            }
        }, CancellationToken.None)));

    /// <summary>
    /// The longest wait any phone had between two acknowledged logs around <paramref name="from"/>:
    /// the outage as a volunteer saw it. Null while some phone has had no log acknowledged since.
    /// </summary>
    public TimeSpan? LongestOutageAround(TimeSpan from) => LongestGapAround(from) is { } gap ? gap.End - gap.Start : null;

    /// <summary>When the longest outage around <paramref name="from"/> began (the last acknowledgement before it) and ended.</summary>
    public (TimeSpan Start, TimeSpan End)? LongestGapAround(TimeSpan from)
    {
        var gaps = campaign.VolunteerIds.Select(volunteerId =>
        {
            var times = _acknowledged.Where(a => a.Key.StartsWith(volunteerId + "-", StringComparison.Ordinal) && a.Value > from - TimeSpan.FromSeconds(1))
                .Select(a => a.Value).Order().ToList();
            if (times.Count == 0 || times[^1] <= from)
            {
                return ((TimeSpan Start, TimeSpan End)?)null;
            }
            return times.Zip(times.Skip(1), (earlier, later) => (Start: earlier, End: later)).DefaultIfEmpty((Start: times[0], End: times[0])).MaxBy(gap => gap.End - gap.Start);
        }).ToList();
        return gaps.Any(g => g is null) ? null : gaps.MaxBy(g => g!.Value.End - g.Value.Start);
    }

    /// <summary>When the first request sent at or after <paramref name="from"/> failed, if one did.</summary>
    public TimeSpan? FirstFailureAfter(TimeSpan from)
    {
        var after = _failures.Where(f => f >= from).ToList();
        return after.Count == 0 ? null : after.Min();
    }

    private void Longest(TimeSpan attempt)
    {
        var seen = Interlocked.Read(ref _longestAttemptTicks);
        while (attempt.Ticks > seen && Interlocked.CompareExchange(ref _longestAttemptTicks, attempt.Ticks, seen) != seen)
        {
            seen = Interlocked.Read(ref _longestAttemptTicks);
        }
    }

    private async Task SendUntilAcknowledgedAsync(string volunteerId, string recordId)
    {
        var help = new { recordId, service = "account", channel = "ONE_STOP_DESK", outcome = "DONE", minutes = 5 };
        var deadline = _clock.Elapsed + TimeSpan.FromSeconds(120);
        while (true)
        {
            var sent = _clock.Elapsed;
            try
            {
                await graph.SendAsync(LogHelp, new { c = campaign.CampaignId, v = volunteerId, h = help }, campaign.Tokens[volunteerId]);
                _acknowledged[recordId] = _clock.Elapsed;
                return;
            }
            catch (Exception exception) when (_clock.Elapsed < deadline)
            {
                _failures.Add(_clock.Elapsed);
                if (exception is TaskCanceledException)
                {
                    Interlocked.Increment(ref _timedOut);
                }
                Interlocked.Increment(ref _retries);
                await Task.Delay(200);
            }
            finally
            {
                Longest(_clock.Elapsed - sent);
            }
        }
    }
}
