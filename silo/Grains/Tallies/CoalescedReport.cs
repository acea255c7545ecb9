using System.Diagnostics;
using Volunteers.Telemetry;

namespace Volunteers.Tallies;

/// <summary>
/// Carries a roll-up level's absolute tally to whoever follows it: its parent, or the api nodes
/// watching it live. Leading edge: a change after a quiet window goes out at once, and the changes
/// that follow within the window share one report at its end, so a lone help crosses the tree
/// without waiting at every level while a burst still costs at most two reports a window. While
/// the level lives it also reports every <see cref="Heartbeat"/>: a parent that died with the last
/// report in memory is reactivated, rebuilds itself from below, and is whole again; a watcher that
/// lost a one-way notice catches up.
/// </summary>
internal sealed class CoalescedReport
{
    /// <summary>A volunteer's window: volunteers are many, so each reports its team at most ten times a second.</summary>
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A level's window, up the tree and to its watchers: levels are few (a campaign has thousands, not the
    /// volunteers' hundred thousand), and under a steady load a help waits about half a window at each level,
    /// so the window is kept short where it is paid once per level of the chain.
    /// </summary>
    public static readonly TimeSpan LevelCoalesce = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly Func<Task> _send;
    private readonly IGrainTimer _timer;
    private readonly TimeSpan _coalesce;
    private bool _changed;
    private bool _soon;

    // When the last report went out: a change this long after it goes out at once.
    private long _sentAt;

    // When the oldest change not yet carried up happened, for the roll-up lag metric.
    private long? _changedSince;

    public CoalescedReport(IGrainBase grain, Func<Task> send) : this(grain, send, Coalesce)
    {
    }

    public CoalescedReport(IGrainBase grain, Func<Task> send, TimeSpan coalesce)
    {
        _send = send;
        _coalesce = coalesce;
        // The first report waits a window, as it always did: it follows an activation, whose children's first reports
        // come in a burst. Sent at once, RollUpTests saw the campaign's on-duty figure trail its helps in 2 runs of 4.
        _timer = grain.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(coalesce, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        _sentAt = Stopwatch.GetTimestamp();
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
            var sinceSent = Stopwatch.GetElapsedTime(_sentAt);
            _timer.Change(sinceSent >= _coalesce ? TimeSpan.Zero : _coalesce - sinceSent, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        _soon = false;
        _changed = false;
        var since = _changedSince;
        _changedSince = null;
        _sentAt = Stopwatch.GetTimestamp();
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
