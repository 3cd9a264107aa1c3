using Ceptoar.Node.Members;

namespace Ceptoar.Node.Tests.Members;

/// <summary>The per-source throttle of audited authentication denials: one entry per minute per source, bounded in time and size.</summary>
public sealed class DenialAuditThrottleTests
{
    private static readonly DateTimeOffset Start = new(2025, 4, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Check_RepeatedWithinTheMinute_FirstAudited_TheRestCountedIntoTheNextEntry()
    {
        var throttle = new DenialAuditThrottle();

        var first = throttle.Check("unknown|unknown API key|192.0.2.1", Start);
        var second = throttle.Check("unknown|unknown API key|192.0.2.1", Start.AddSeconds(10));
        var third = throttle.Check("unknown|unknown API key|192.0.2.1", Start.AddSeconds(50));
        var next = throttle.Check("unknown|unknown API key|192.0.2.1", Start.AddSeconds(61));
        var afterNext = throttle.Check("unknown|unknown API key|192.0.2.1", Start.AddSeconds(62));

        Assert.Equal((true, 0), first);
        Assert.Equal((false, 0), second);
        Assert.Equal((false, 0), third);
        Assert.Equal((true, 2), next);
        Assert.Equal((false, 0), afterNext);
    }

    [Fact]
    public void Check_SourceQuietForAMinuteWithNothingLeftOut_Forgotten()
    {
        var throttle = new DenialAuditThrottle();
        throttle.Check("a", Start);
        throttle.Check("b", Start.AddSeconds(30));

        throttle.Check("c", Start.AddSeconds(61));

        // a expired (its next denial is audited anyway); b's minute is not over yet.
        Assert.Equal(2, throttle.Count);
        Assert.Equal((true, 0), throttle.Check("a", Start.AddSeconds(62)));
    }

    [Fact]
    public void Check_SourceWithLeftOutDenials_KeptToCountThemForAnHour_ThenForgotten()
    {
        var throttle = new DenialAuditThrottle();
        throttle.Check("returns", Start);
        throttle.Check("returns", Start.AddSeconds(1));
        throttle.Check("gone", Start);
        throttle.Check("gone", Start.AddSeconds(1));

        throttle.Check("other", Start.AddMinutes(30));
        var returned = throttle.Check("returns", Start.AddMinutes(40));
        var count = throttle.Count;
        throttle.Check("other", Start.AddHours(1).AddSeconds(2));

        Assert.Equal((true, 1), returned);
        Assert.Equal(2, count);
        Assert.Equal(1, throttle.Count);
        Assert.Equal((true, 0), throttle.Check("gone", Start.AddHours(1).AddSeconds(3)));
    }

    [Fact]
    public void Check_ScanFromManyAddresses_NeverMoreSourcesThanTheBound_TheRestAuditedTogetherWithTheirCount()
    {
        const int Capacity = 100;
        const int Scanned = 10_000;
        var throttle = new DenialAuditThrottle(Capacity);
        var audited = 0;
        var largest = 0;

        for (var i = 0; i < Scanned; i++)
        {
            if (throttle.Check($"unknown|missing API key|10.{i / 65536}.{i / 256 % 256}.{i % 256}", Start.AddMilliseconds(i)).Write)
            {
                audited++;
            }

            largest = Math.Max(largest, throttle.Count);
        }

        // Two minutes later the scan goes on from new addresses: the first ones take the freed places, then one that
        // overflows again is audited with the count of every overflowing denial left out before.
        var fresh = Enumerable.Range(0, Capacity).Select(i => throttle.Check($"unknown|missing API key|172.16.0.{i}", Start.AddMinutes(2))).ToList();
        var overflowing = throttle.Check("unknown|missing API key|172.16.1.0", Start.AddMinutes(2));

        Assert.Equal(Capacity, largest);
        Assert.Equal(Capacity + 1, audited);
        Assert.All(fresh, f => Assert.Equal((true, 0), f));
        Assert.Equal((true, Scanned - Capacity - 1), overflowing);
        Assert.Equal(Capacity, throttle.Count);
    }
}
