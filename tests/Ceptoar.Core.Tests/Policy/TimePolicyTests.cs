using Ceptoar.Core.Policy;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Core.Tests.Policy;

/// <summary>The times peers sign, at the edges of the clock-skew tolerance and of each lifetime.</summary>
public sealed class TimePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly TimePolicy Policy = new(TimeSpan.FromSeconds(300), TimeSpan.FromDays(3650));

    public static TheoryData<TimeSpan> Within() =>
        [TimeSpan.FromDays(-3000), TimeSpan.FromSeconds(-1), TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(299), TimeSpan.FromSeconds(300)];

    public static TheoryData<TimeSpan> Beyond() =>
        [TimeSpan.FromSeconds(300) + Tick, TimeSpan.FromSeconds(301), TimeSpan.FromMinutes(10), TimeSpan.FromDays(2), TimeSpan.FromDays(3652)];

    [Theory]
    [MemberData(nameof(Within))]
    public void ItemProblem_CreatedWithinTheTolerance_None(TimeSpan ahead)
    {
        Assert.Null(Policy.ItemProblem(Now + ahead, Now + ahead + TimeSpan.FromDays(1), Now, "bank-ceptoar"));
    }

    [Theory]
    [MemberData(nameof(Beyond))]
    public void ItemProblem_CreatedBeyondTheTolerance_NamesTheSettingAndTheOrigin(TimeSpan ahead)
    {
        var problem = Policy.ItemProblem(Now + ahead, Now + ahead + TimeSpan.FromDays(1), Now, "bank-ceptoar");

        Assert.NotNull(problem);
        Assert.Contains("ahead of this node's clock", problem, StringComparison.Ordinal);
        Assert.Contains("(Federation:MaxClockSkewSeconds)", problem, StringComparison.Ordinal);
        Assert.Contains("the clock of bank-ceptoar is wrong", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ItemProblem_CreatedTenYearsAhead_SaysWhenAndHowFar()
    {
        var problem = Policy.ItemProblem(Now.AddDays(3652), Now.AddDays(3653), Now, "bank-ceptoar");

        Assert.Equal(
            "it is dated 2036-03-01 09:30:00 UTC, 3,652 days ahead of this node's clock, beyond the 300 s tolerated (Federation:MaxClockSkewSeconds): "
            + "the clock of bank-ceptoar is wrong, or the time was forged",
            problem);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3649)]
    [InlineData(3650)]
    public void ItemProblem_LifetimeUpToTheMaximum_None(int days)
    {
        Assert.Null(Policy.ItemProblem(Now, Now.AddDays(days).AddSeconds(days == 0 ? 1 : 0), Now, "bank-ceptoar"));
    }

    [Fact]
    public void ItemProblem_LifetimeOneTickOverTheMaximum_NamesTheSetting()
    {
        var problem = Policy.ItemProblem(Now, Now.AddDays(3650) + Tick, Now, "bank-ceptoar");

        Assert.NotNull(problem);
        Assert.Contains("longer than the 3,650 days this node allows (Limits:MaxItemLifetimeDays)", problem, StringComparison.Ordinal);
        Assert.EndsWith("its origin bank-ceptoar must set an earlier expiry", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ItemProblem_ExpiringIn200Years_SaysHowLong()
    {
        var problem = Policy.ItemProblem(Now.AddMinutes(-1), Now.AddYears(200), Now, "bank-ceptoar");

        Assert.StartsWith("it is to live 73,048 days (created 2026-03-02 09:29:00 UTC, expiring 2226-03-02 09:30:00 UTC)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ItemProblem_BothAheadAndTooLong_TheClockIsSaidFirst()
    {
        var problem = Policy.ItemProblem(Now.AddDays(2), Now.AddYears(200), Now, "bank-ceptoar");

        Assert.NotNull(problem);
        Assert.StartsWith("it is dated 2026-03-04 09:30:00 UTC, 2 days ahead", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ItemProblem_NoToleranceAtAll_OnlyTheExactClockPasses()
    {
        var strict = new TimePolicy(TimeSpan.Zero, TimeSpan.FromDays(1));

        Assert.Null(strict.ItemProblem(Now, Now.AddHours(1), Now, "bank-ceptoar"));
        Assert.Contains("beyond the 0 s tolerated", strict.ItemProblem(Now + Tick, Now.AddHours(1), Now, "bank-ceptoar"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Within))]
    public void ReceiptProblem_DatedWithinTheTolerance_None(TimeSpan ahead)
    {
        Assert.Null(Policy.ReceiptProblem(Timestamp.FromDateTimeOffset(Now + ahead), Now, "electricity-ceptoar"));
    }

    [Theory]
    [MemberData(nameof(Beyond))]
    public void ReceiptProblem_DatedBeyondTheTolerance_NamesTheSettingAndTheSigner(TimeSpan ahead)
    {
        var problem = Policy.ReceiptProblem(Timestamp.FromDateTimeOffset(Now + ahead), Now, "electricity-ceptoar");

        Assert.NotNull(problem);
        Assert.StartsWith("the receipt is dated ", problem, StringComparison.Ordinal);
        Assert.Contains("(Federation:MaxClockSkewSeconds): the clock of electricity-ceptoar is wrong", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReceiptProblem_NoTimeOrOneOutOfRange_SaysItHasNoValidTime()
    {
        Assert.Equal("the receipt has no valid time: its node electricity-ceptoar must date it", Policy.ReceiptProblem(null, Now, "electricity-ceptoar"));
        Assert.Equal("the receipt has no valid time: its node electricity-ceptoar must date it",
            Policy.ReceiptProblem(new Timestamp { Seconds = long.MaxValue }, Now, "electricity-ceptoar"));
    }

    [Theory]
    [MemberData(nameof(Within))]
    public void DescriptorProblem_IssuedWithinTheTolerance_None(TimeSpan ahead)
    {
        Assert.Null(Policy.DescriptorProblem("bank-ceptoar", Now + ahead, Now + ahead + TimeSpan.FromDays(30), Now));
    }

    [Theory]
    [MemberData(nameof(Beyond))]
    public void DescriptorProblem_IssuedBeyondTheTolerance_NamesTheSettingAndTheNode(TimeSpan ahead)
    {
        var problem = Policy.DescriptorProblem("bank-ceptoar", Now + ahead, Now + ahead + TimeSpan.FromDays(30), Now);

        Assert.NotNull(problem);
        Assert.StartsWith("the descriptor of node 'bank-ceptoar' is dated ", problem, StringComparison.Ordinal);
        Assert.Contains("(Federation:MaxClockSkewSeconds): the clock of node 'bank-ceptoar' is wrong", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DescriptorProblem_ValidFor365Days_None()
    {
        Assert.Null(Policy.DescriptorProblem("bank-ceptoar", Now, Now.AddDays(365), Now));
    }

    [Fact]
    public void DescriptorProblem_ValidOneTickLongerThan365Days_NamesTheSetting()
    {
        var problem = Policy.DescriptorProblem("bank-ceptoar", Now, Now.AddDays(365) + Tick, Now);

        Assert.NotNull(problem);
        Assert.Contains("longer than the 365 days a node may sign one for", problem, StringComparison.Ordinal);
        Assert.Contains("(Federation:DescriptorValidityDays)", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 60)]
    [InlineData(0, 60)]
    [InlineData(-30, 30)]
    [InlineData(300, 305)]
    public void QueryProblem_WithinTheToleranceAndAMinute_None(int? issuedSecondsAhead, int deadlineSecondsAhead)
    {
        DateTimeOffset? issued = issuedSecondsAhead is { } s ? Now.AddSeconds(s) : null;

        Assert.Null(Policy.QueryProblem(issued, Now.AddSeconds(deadlineSecondsAhead), Now, "council"));
    }

    [Theory]
    [InlineData(null, 61)]
    [InlineData(0, 61)]
    [InlineData(-30, 31)]
    public void QueryProblem_DeadlineMoreThanAMinuteAfterItsIssue_SaysTheLimit(int? issuedSecondsAhead, int deadlineSecondsAhead)
    {
        DateTimeOffset? issued = issuedSecondsAhead is { } s ? Now.AddSeconds(s) : null;

        var problem = Policy.QueryProblem(issued, Now.AddSeconds(deadlineSecondsAhead), Now, "council");

        Assert.NotNull(problem);
        Assert.EndsWith("more than the 60 s a query may run: ask again with a deadline at most 60 s away", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void QueryProblem_IssuedBeyondTheTolerance_NamesTheSettingAndTheAsker()
    {
        var problem = Policy.QueryProblem(Now.AddSeconds(301), Now.AddSeconds(330), Now, "council");

        Assert.NotNull(problem);
        Assert.Contains("the query is dated 2026-03-02 09:35:01 UTC, 301 s ahead", problem, StringComparison.Ordinal);
        Assert.Contains("the clock of council is wrong", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void QueryProblem_DeadlineCenturiesAway_Refused()
    {
        Assert.NotNull(Policy.QueryProblem(Now, Now.AddYears(200), Now, "council"));
    }

    [Fact]
    public void TimeOf_AbsentValidOrOutOfRange_NullOrTheTime()
    {
        Assert.Null(TimePolicy.TimeOf(null));
        Assert.Equal(Now, TimePolicy.TimeOf(Timestamp.FromDateTimeOffset(Now)));
        Assert.Null(TimePolicy.TimeOf(new Timestamp { Seconds = 253_402_300_800 }));
        Assert.Null(TimePolicy.TimeOf(new Timestamp { Seconds = 1, Nanos = -5 }));
    }

    [Fact]
    public void Default_300SecondsAnd3650Days()
    {
        Assert.Equal(new TimePolicy(TimeSpan.FromSeconds(300), TimeSpan.FromDays(3650)), TimePolicy.Default);
    }
}
