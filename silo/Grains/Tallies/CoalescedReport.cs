using System.Diagnostics;
using Volunteers.Telemetry;

namespace Volunteers.Tallies;

/// <summary>
/// Carries a roll-up level's absolute tally to whoever follows it: its parent, or the api nodes
/// watching it live. Leading edge: a change after a quiet window goes out at once, and the changes
/// that follow within the window share one report at its end, so a lone help crosses the tree
/// without waiting at every level while a burst still costs at most two reports a window. A report
/// up the tree is sent on change only: a parent that died is rebuilt from below by whoever calls it
/// next (see TallyGrain), so no child beats a heartbeat at it, and an idle volunteer costs no call,
/// no timer tick and no activation. A notice to watchers also beats every <see cref="Heartbeat"/>, so
/// a watcher that lost a one-way notice catches up.
/// </summary>
internal sealed class CoalescedReport
{
    /// <summary>A volunteer's window: volunteers are many, so each reports its team at most ten times a second.</summary>
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A level's window up the tree while its parent has at most ten children (<see cref="TallyGrain.ReportWindow"/>
    /// widens it for more): levels are few (a campaign has thousands, not the volunteers' hundred thousand), and under a
    /// steady load a help waits about half a window at each level, so the window is kept short where it is paid once
    /// per level of the chain.
    /// </summary>
    public static readonly TimeSpan LevelCoalesce = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A failed send waits this long, doubling up to <see cref="RetryAtMost"/>: when the parent's silo is
    /// stopping, 100,000 volunteers retrying each second were 636,045 exceptions in the shutdown's 30 s.
    /// </summary>
    private static readonly TimeSpan RetryFirst = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryAtMost = TimeSpan.FromSeconds(30);

    private readonly IGrainBase _grain;
    private readonly Func<Task> _send;

    /// <summary>
    /// Registered while a report waits out a window or a retry, or a heartbeat runs, and disposed once a report up the
    /// tree has gone: a working volunteer's day reports for 100 ms in 50 s, and a timer kept between is ~350 bytes a
    /// volunteer. A change after a quiet window needs none (<see cref="SendOnceThisTurnIsDone"/>).
    /// </summary>
    private IGrainTimer? _timer;
    private readonly TimeSpan _coalesce;
    private readonly TimeSpan _heartbeat;
    private TimeSpan _retry = RetryFirst;
    private bool _changed;
    private bool _soon;

    // When the last report went out: a change this long after it goes out at once.
    private long _sentAt;

    // When the oldest change not yet carried up happened, for the roll-up lag metric.
    private long? _changedSince;

    // The report on its way, if any. One at a time: a change after a quiet window is sent outside the grain's requests,
    // so while a slow parent answers, a timer's tick or another change could otherwise send beside it, and the first
    // to land with nothing left to send disposed the timer under a tick whose failure then went unretried.
    private Task? _sending;

    private CoalescedReport(IGrainBase grain, Func<Task> send, TimeSpan coalesce, TimeSpan heartbeat, bool firstWaits)
    {
        _grain = grain;
        _send = send;
        _coalesce = coalesce;
        _heartbeat = heartbeat;
        if (firstWaits)
        {
            // A level's first report waits a window, as it always did: it follows an activation, whose children's answers
            // and reports come in a burst. Sent at once, RollUpTests saw the campaign's on-duty figure trail its helps in 2 runs of 4.
            Arm(coalesce);
            _sentAt = Stopwatch.GetTimestamp();
            _changed = true;
            _soon = true;
            _changedSince = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>
    /// A level's report up the tree: sent when something changed, never on a heartbeat. The send is one-way
    /// (<see cref="ITallyGrain.ReportFromLevel"/>), so it is not retried: the parent's own asks make good a lost one.
    /// </summary>
    public static CoalescedReport Up(IGrainBase grain, Func<Task> send, TimeSpan coalesce) =>
        new(grain, send, coalesce, Timeout.InfiniteTimeSpan, firstWaits: true);

    /// <summary>
    /// A volunteer's day's report to its team: as <see cref="Up"/>, but nothing goes as the day activates, only when it
    /// changes, so a day activated for each help registers no timer (see <see cref="SendOnceThisTurnIsDone"/>). A report
    /// its silo took down with it is sent again when the phone, which then heard no answer, sends again (the day reports
    /// a resend too), or when the team level activates and asks.
    /// </summary>
    public static CoalescedReport FromDay(IGrainBase grain, Func<Task> send, TimeSpan coalesce) =>
        new(grain, send, coalesce, Timeout.InfiniteTimeSpan, firstWaits: false);

    /// <summary>A notice to watchers: on change, and every <see cref="Heartbeat"/> while the level lives.</summary>
    public static CoalescedReport ToWatchers(IGrainBase grain, Func<Task> send, TimeSpan coalesce) =>
        new(grain, send, coalesce, Heartbeat, firstWaits: true);

    public void Changed()
    {
        _changed = true;
        _changedSince ??= Stopwatch.GetTimestamp();
        // A report on its way re-arms as it lands if anything changed meanwhile: a window on, or the retry's wait if it failed.
        if (!_soon && _sending is null)
        {
            _soon = true;
            var sinceSent = Stopwatch.GetElapsedTime(_sentAt);
            if (sinceSent >= _coalesce)
            {
                SendOnceThisTurnIsDone().Ignore();
            }
            else
            {
                Arm(_coalesce - sinceSent);
            }
        }
    }

    /// <summary>
    /// A change after a quiet window goes as soon as the grain's current turn is done, so a batch's records share a
    /// report, and without a grain timer: Orleans keeps ~320 B for good on every activation that ever registered one,
    /// and a working volunteer's day reports each help after a quiet window. The snapshot is taken synchronously, so
    /// it is the grain's state between two of its turns, as a timer's tick would see it; unlike a tick, the send is
    /// not a request of the grain's, so requests interleave with it and deactivation does not wait for it
    /// (<see cref="Flush"/> does).
    /// </summary>
    private async Task SendOnceThisTurnIsDone()
    {
        await Task.Yield();
        await Tick(CancellationToken.None);
    }

    private void Arm(TimeSpan due)
    {
        if (_timer is null)
        {
            _timer = _grain.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// One last try of a change not yet carried, as the grain deactivates: an idle volunteer is collected
    /// soon after its last change, and its parent must not keep the figures from before it.
    /// </summary>
    public async Task Flush()
    {
        if (_sending is { } onItsWay)
        {
            // Only a send after a quiet window can be on its way here (a timer's tick is a request, which deactivation
            // waits for); it catches its own failure and leaves what it did not carry marked changed.
            await onItsWay;
        }
        if (!_changed)
        {
            return;
        }
        _changed = false;
        try
        {
            await _send();
        }
        catch (Exception)
        {
            // The parent is unreachable too; whoever activates it next has it ask this child afresh.
        }
    }

    private Task Tick(CancellationToken cancellationToken)
    {
        if (_sending is not null)
        {
            return Task.CompletedTask;
        }
        var sending = Send(cancellationToken);
        // A send that finished without waiting has already cleared the field.
        _sending = sending.IsCompleted ? null : sending;
        return sending;
    }

    private async Task Send(CancellationToken cancellationToken)
    {
        try
        {
            _soon = false;
            _changed = false;
            var since = _changedSince;
            _changedSince = null;
            _sentAt = Stopwatch.GetTimestamp();
            var next = _heartbeat;
            try
            {
                await _send();
                _retry = RetryFirst;
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
                next = _retry;
                _retry = _retry * 2 < RetryAtMost ? _retry * 2 : RetryAtMost;
            }
            if (_changed && next == _heartbeat)
            {
                next = _coalesce;
            }
            _soon = next != _heartbeat;
            if (next == Timeout.InfiniteTimeSpan)
            {
                _timer?.Dispose();
                _timer = null;
            }
            else
            {
                Arm(next);
            }
        }
        finally
        {
            _sending = null;
        }
    }
}
