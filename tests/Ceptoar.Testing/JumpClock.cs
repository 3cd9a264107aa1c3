namespace Ceptoar.Testing;

/// <summary>
/// A clock that runs with the system's and can be moved forward at once (<see cref="Advance"/>), as if the machine's clock
/// jumped: timers made with it whose time has come fire then, the others keep their remaining time. A node given this
/// clock reaches a time 30 minutes away without a test waiting 30 minutes, and everything else in it runs as usual.
/// </summary>
public sealed class JumpClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly HashSet<JumpTimer> _timers = [];
    private long _offsetTicks;

    /// <summary>How far ahead of the system's clock this one is.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    /// <summary>Moves the clock forward by <paramref name="by"/>; timers due by the new time fire at once.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
        JumpTimer[] timers;
        lock (_lock)
        {
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Rearm();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new JumpTimer(this, callback, state, dueTime, period);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    private void Forget(JumpTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    /// <summary>A system timer that knows when, on the jumping clock, it is due.</summary>
    private sealed class JumpTimer : ITimer
    {
        private readonly JumpClock _clock;
        private readonly ITimer _inner;
        private readonly Lock _lock = new();
        private DateTimeOffset? _dueAt;
        private TimeSpan _period;

        public JumpTimer(JumpClock clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _clock = clock;
            _period = period;
            _dueAt = DueAt(dueTime);
            _inner = System.CreateTimer(Fire, state, dueTime, period);

            // A timer that fired is due next a period later, or never: a later jump must not fire it again.
            void Fire(object? s)
            {
                lock (_lock)
                {
                    _dueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : _clock.GetUtcNow() + _period;
                }

                callback(s);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_lock)
            {
                _dueAt = DueAt(dueTime);
                _period = period;
                return _inner.Change(dueTime, period);
            }
        }

        /// <summary>After a jump: the time left to the due time on the moved clock (none left: fire now).</summary>
        public void Rearm()
        {
            lock (_lock)
            {
                if (_dueAt is not { } due)
                {
                    return;
                }

                var left = due - _clock.GetUtcNow();
                _inner.Change(left < TimeSpan.Zero ? TimeSpan.Zero : left, _period);
            }
        }

        public void Dispose()
        {
            _clock.Forget(this);
            _inner.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            _clock.Forget(this);
            await _inner.DisposeAsync();
        }

        private DateTimeOffset? DueAt(TimeSpan dueTime) => dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + dueTime;
    }
}
