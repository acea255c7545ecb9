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
        var timer = new ManualTimer(callback, state, GetUtcNow() + dueTime, period, _timers);
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

    private sealed class ManualTimer(TimerCallback callback, object? state, DateTimeOffset due, TimeSpan period, List<ManualTimer> all) : ITimer
    {
        public DateTimeOffset Due { get; private set; } = due;

        public void Fire()
        {
            Due = period > TimeSpan.Zero ? Due + period : DateTimeOffset.MaxValue;
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException("No timer of these tests changes.");

        public void Dispose() => all.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
