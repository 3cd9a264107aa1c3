using System.Text.RegularExpressions;
using Ceptoar.Core.Items;

namespace Ceptoar.Core.Tests.Items;

public sealed class UuidV7Tests
{
    private static readonly Regex Canonical = new("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    [Fact]
    public void NewId_Always_CanonicalLowerCase()
    {
        for (var i = 0; i < 1_000; i++)
        {
            var id = UuidV7.NewId();
            Assert.Matches(Canonical, id);
            Assert.True(UuidV7.IsValid(id), id);
        }
    }

    [Fact]
    public void NewId_Always_HasVersion7AndRfcVariant()
    {
        for (var i = 0; i < 1_000; i++)
        {
            var bytes = Guid.Parse(UuidV7.NewId()).ToByteArray(bigEndian: true);
            Assert.Equal(7, bytes[6] >> 4);
            Assert.Equal(0b10, bytes[8] >> 6);
        }
    }

    [Fact]
    public void NewId_Timestamp_IsCurrentUnixMilliseconds()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var id = UuidV7.NewId();
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var stamped = UuidV7.TimestampOf(id).ToUnixTimeMilliseconds();

        Assert.InRange(stamped, before, after);
    }

    [Fact]
    public void NewId_Successive_StrictlyIncreasing()
    {
        var ids = Enumerable.Range(0, 20_000).Select(_ => UuidV7.NewId()).ToList();

        for (var i = 1; i < ids.Count; i++)
        {
            Assert.True(string.CompareOrdinal(ids[i - 1], ids[i]) < 0, $"{ids[i - 1]} !< {ids[i]}");
        }
    }

    [Fact]
    public void NewId_ManyThreads_AllDistinct()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                ids.Add(UuidV7.NewId());
            }
        });

        Assert.Equal(20_000, ids.Distinct().Count());
    }

    [Fact]
    public void Generator_SameMillisecond_CounterIncrements()
    {
        var generator = new UuidV7Generator(() => 1_700_000_000_000);

        var ids = Enumerable.Range(0, 100).Select(_ => generator.Next()).ToList();

        Assert.All(ids, id => Assert.Equal(1_700_000_000_000, UuidV7.TimestampOf(id).ToUnixTimeMilliseconds()));
        var counters = ids.Select(Counter).ToList();
        for (var i = 1; i < counters.Count; i++)
        {
            Assert.Equal(counters[i - 1] + 1, counters[i]);
        }
    }

    [Fact]
    public void Generator_CounterExhausted_BorrowsNextMillisecondAndStaysOrdered()
    {
        var generator = new UuidV7Generator(() => 1_700_000_000_000);

        // The seed is below 2,048, so 4,096 ids in one millisecond must overflow the 12-bit counter at least once.
        var ids = Enumerable.Range(0, 4_096).Select(_ => generator.Next()).ToList();

        Assert.True(UuidV7.TimestampOf(ids[^1]).ToUnixTimeMilliseconds() > 1_700_000_000_000);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.All(ids, id => Assert.True(UuidV7.IsValid(id), id));
    }

    [Fact]
    public void Generator_ClockStepsBack_StaysOrdered()
    {
        var clock = 1_700_000_000_500L;
        var generator = new UuidV7Generator(() => clock);
        var first = generator.Next();

        clock -= 400;
        var second = generator.Next();

        Assert.True(string.CompareOrdinal(first, second) < 0);
        Assert.Equal(1_700_000_000_500, UuidV7.TimestampOf(second).ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Generator_NewMillisecond_SeedLeavesCounterRoom()
    {
        var clock = 1_700_000_000_000L;
        var generator = new UuidV7Generator(() => clock++);

        var counters = Enumerable.Range(0, 2_000).Select(_ => Counter(generator.Next())).ToList();

        Assert.All(counters, c => Assert.InRange(c, 0, 0x7FF));
        Assert.True(counters.Distinct().Count() > 1, "the counter seed should be random");
    }

    [Fact]
    public void IsValid_GeneratedAndKnownV7_True()
    {
        Assert.True(UuidV7.IsValid("01974f2e-8c00-7abc-8def-0123456789ab"));
        Assert.True(UuidV7.IsValid("01974f2e-8c00-7abc-bdef-0123456789ab"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-uuid")]
    [InlineData("01974f2e-8c00-4abc-8def-0123456789ab")] // version 4
    [InlineData("01974f2e-8c00-1abc-8def-0123456789ab")] // version 1
    [InlineData("01974f2e-8c00-7abc-cdef-0123456789ab")] // variant 110 (Microsoft)
    [InlineData("01974f2e-8c00-7abc-0def-0123456789ab")] // variant 0 (NCS)
    [InlineData("01974F2E-8C00-7ABC-8DEF-0123456789AB")] // upper case
    [InlineData("01974f2e-8c00-7abc-8def-0123456789aB")] // one upper-case letter
    [InlineData("{01974f2e-8c00-7abc-8def-0123456789ab}")]
    [InlineData("01974f2e8c007abc8def0123456789ab")] // no dashes
    [InlineData("01974f2e-8c00-7abc-8def-0123456789a")] // short
    [InlineData("01974f2e-8c00-7abc-8def-0123456789abc")] // long
    [InlineData("01974f2e-8c007-abc-8def-0123456789ab")] // dash misplaced
    [InlineData("01974f2g-8c00-7abc-8def-0123456789ab")] // not hex
    [InlineData(" 01974f2e-8c00-7abc-8def-0123456789a")]
    [InlineData("０1974f2e-8c00-7abc-8def-0123456789ab")] // full-width digit
    public void IsValid_NotCanonicalV7_False(string? id)
    {
        Assert.False(UuidV7.IsValid(id));
    }

    [Fact]
    public void IsValid_RandomV4_False()
    {
        Assert.False(UuidV7.IsValid(Guid.NewGuid().ToString("D")));
    }

    [Fact]
    public void IsValid_DotNetCreateVersion7_True()
    {
        Assert.True(UuidV7.IsValid(Guid.CreateVersion7().ToString("D")));
    }

    [Fact]
    public void TimestampOf_Invalid_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => UuidV7.TimestampOf("01974f2e-8c00-4abc-8def-0123456789ab"));
    }

    [Fact]
    public void TimestampOf_KnownId_DecodesMilliseconds()
    {
        var stamped = UuidV7.TimestampOf(UuidV7Generator.Format(0x0123_4567_89ab, 5));

        Assert.Equal(0x0123_4567_89ab, stamped.ToUnixTimeMilliseconds());
    }

    private static int Counter(string id) => Convert.ToInt32(id.Substring(15, 3), 16);
}
