using Ceptoar.Node.Notifications;

namespace Ceptoar.Node.Tests.Notifications;

/// <summary>The retry schedule and the give-up rule (docs/NOTIFICATIONS.md §3), with the defaults: 30 s doubling to 30 min, give up after a day.</summary>
public sealed class RetryScheduleTests
{
    private static readonly RetrySchedule Schedule = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30), TimeSpan.FromDays(1));
    private static readonly DateTimeOffset Written = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 15, 30)]
    [InlineData(2, 30, 60)]
    [InlineData(3, 60, 120)]
    [InlineData(6, 480, 960)]
    [InlineData(7, 900, 1800)]
    [InlineData(8, 900, 1800)]
    [InlineData(1000, 900, 1800)]
    [InlineData(int.MaxValue, 900, 1800)]
    public void Bounds_Failures_DoublingHalfJitterCapped(int failures, int minSeconds, int maxSeconds)
    {
        Assert.Equal((TimeSpan.FromSeconds(minSeconds), TimeSpan.FromSeconds(maxSeconds)), Schedule.Bounds(failures));
    }

    [Theory]
    [InlineData(0.0, 60)]
    [InlineData(0.5, 90)]
    [InlineData(0.75, 105)]
    public void Delay_Sample_WithinTheBounds(double sample, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Schedule.Delay(3, sample));
    }

    [Fact]
    public void Delay_SampleJustBelowOne_BelowTheNominalWait()
    {
        var delay = Schedule.Delay(3, Math.BitDecrement(1.0));

        Assert.InRange(delay, TimeSpan.FromSeconds(119), TimeSpan.FromSeconds(120));
    }

    [Theory]
    [InlineData(600, 600)]
    [InlineData(10, 15)]
    [InlineData(7200, 1800)]
    [InlineData(-5, 15)]
    public void Delay_ServerAskedToWait_HonouredUpToTheCap(int retryAfterSeconds, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Schedule.Delay(1, 0.0, TimeSpan.FromSeconds(retryAfterSeconds)));
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(-1, 0.0)]
    [InlineData(1, 1.0)]
    [InlineData(1, -0.1)]
    public void Delay_OutOfRange_Throws(int failures, double sample)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Delay(failures, sample));
    }

    [Theory]
    [InlineData(DeliveryOutcome.Permanent, 0, true)]
    [InlineData(DeliveryOutcome.Transient, 0, false)]
    [InlineData(DeliveryOutcome.Transient, 1439, false)]
    [InlineData(DeliveryOutcome.Transient, 1440, true)]
    [InlineData(DeliveryOutcome.Transient, 5000, true)]
    [InlineData(DeliveryOutcome.Sent, 5000, false)]
    public void GivesUp_OutcomeAndAge_PermanentAtOnceTransientAfterTheLimit(DeliveryOutcome outcome, int minutesSinceWritten, bool expected)
    {
        Assert.Equal(expected, Schedule.GivesUp(outcome, Written, Written.AddMinutes(minutesSinceWritten)));
    }

    [Fact]
    public void NextAttempt_FarFromTheLimit_AfterTheDelay()
    {
        var now = Written.AddMinutes(10);

        Assert.Equal(now.AddSeconds(60), Schedule.NextAttempt(3, Written, now, 0.0));
    }

    [Fact]
    public void NextAttempt_DelayCrossesTheLimit_LastTryAtTheLimit()
    {
        var now = Written.AddDays(1).AddMinutes(-5);

        Assert.Equal(Written.AddDays(1), Schedule.NextAttempt(10, Written, now, 0.5));
    }

    [Fact]
    public void NextAttempt_LimitPassed_None()
    {
        Assert.Null(Schedule.NextAttempt(10, Written, Written.AddDays(1), 0.5));
    }

    [Fact]
    public void From_Options_SecondsAndMinutes()
    {
        var schedule = RetrySchedule.From(new NotifyOptions { RetryInitialSeconds = 5, RetryMaxSeconds = 600, GiveUpAfterMinutes = 90 });

        Assert.Equal(new RetrySchedule(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(90)), schedule);
    }
}
