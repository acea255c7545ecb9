namespace Volunteers.Tests;

/// <summary>
/// A clock that moves only when told, counting timestamps in TimeSpan ticks; each move runs the timers that fall due
/// in it, as often as they do.
/// </summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];
    private long _now = start.UtcTicks;

    public ManualTime()
        : this(new DateTimeOffset(TimeSpan.FromDays(1).Ticks, TimeSpan.Zero))
    {
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _now);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _now), TimeSpan.Zero);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(callback, state, this, _timers);
        timer.Change(dueTime, period);
        _timers.Add(timer);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        var until = GetUtcNow() + by;
        while (_timers.Where(t => t.Due <= until).MinBy(t => t.Due) is { } next)
        {
            Interlocked.Exchange(ref _now, next.Due.UtcTicks);
            next.Fire();
        }
        Interlocked.Exchange(ref _now, until.UtcTicks);
    }

    private sealed class ManualTimer(TimerCallback callback, object? state, ManualTime time, List<ManualTimer> all) : ITimer
    {
        private TimeSpan _period;

        public DateTimeOffset Due { get; private set; }

        public void Fire()
        {
            Due = _period > TimeSpan.Zero ? Due + _period : DateTimeOffset.MaxValue;
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Due = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : time.GetUtcNow() + dueTime;
            _period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            return true;
        }

        public void Dispose() => all.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
