using System.Diagnostics;
using Volunteers.Telemetry;

namespace Volunteers.Tallies;

/// <summary>
/// Carries a roll-up level's absolute tally to its parent. Changes within <see cref="Coalesce"/>
/// share one report, so a burst of helps costs the parent one update. While the level lives it
/// also reports every <see cref="Heartbeat"/>: a parent that died with the last report in memory
/// is reactivated, rebuilds itself from below, and is whole again.
/// </summary>
internal sealed class ParentReport
{
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly Func<Task> _send;
    private readonly IGrainTimer _timer;
    private bool _changed;
    private bool _soon;

    // When the oldest change not yet carried up happened, for the roll-up lag metric.
    private long? _changedSince;

    public ParentReport(IGrainBase grain, Func<Task> send)
    {
        _send = send;
        _timer = grain.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(Coalesce, Timeout.InfiniteTimeSpan) { KeepAlive = false });
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
            _timer.Change(Coalesce, Timeout.InfiniteTimeSpan);
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
            next = Coalesce;
        }
        _soon = next != Heartbeat;
        _timer.Change(next, Timeout.InfiniteTimeSpan);
    }
}
