using System.Diagnostics;
using Volunteers.Telemetry;

namespace Volunteers.Tallies;

/// <summary>
/// Carries a roll-up level's absolute tally to whoever follows it: its parent, or the api nodes
/// watching it live. Changes within the coalescing window share one report, so a burst of helps
/// costs one update. While the level lives it also reports every <see cref="Heartbeat"/>: a parent
/// that died with the last report in memory is reactivated, rebuilds itself from below, and is
/// whole again; a watcher that lost a one-way notice catches up.
/// </summary>
internal sealed class CoalescedReport
{
    /// <summary>Per level up the tree, so a help reaches the campaign within a few of these.</summary>
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly Func<Task> _send;
    private readonly IGrainTimer _timer;
    private readonly TimeSpan _coalesce;
    private bool _changed;
    private bool _soon;

    // When the oldest change not yet carried up happened, for the roll-up lag metric.
    private long? _changedSince;

    public CoalescedReport(IGrainBase grain, Func<Task> send) : this(grain, send, Coalesce)
    {
    }

    public CoalescedReport(IGrainBase grain, Func<Task> send, TimeSpan coalesce)
    {
        _send = send;
        _coalesce = coalesce;
        _timer = grain.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(coalesce, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        _changed = true;
        _soon = true;
        _changedSince = Stopwatch.GetTimestamp();
    }

    public void Changed()
    {
        _changed = true;
        _changedSince ??= Stopwatch.GetTimestamp();
        if (!_soon)
        {
            _soon = true;
            _timer.Change(_coalesce, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        _soon = false;
        _changed = false;
        var since = _changedSince;
        _changedSince = null;
        var next = Heartbeat;
        try
        {
            await _send();
            if (since is { } changedAt)
            {
                VolunteersMetrics.RolledUp(Stopwatch.GetElapsedTime(changedAt));
            }
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The parent is unreachable (a silo going down); the next attempt sends the then-current totals.
            _changed = true;
            _changedSince = since ?? _changedSince;
            next = RetryAfter;
        }
        if (_changed && next == Heartbeat)
        {
            next = _coalesce;
        }
        _soon = next != Heartbeat;
        _timer.Change(next, Timeout.InfiniteTimeSpan);
    }
}
