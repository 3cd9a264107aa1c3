using Ceptoar.AdminCli;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Tests.Integration;
using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Statistics;

/// <summary>
/// Hostile and mistaken requests to the admin RPC SharingStatistics on a real node over its Unix socket: each is
/// InvalidArgument naming the field, in Japanese and in English as the call asks, and ceptoar-admin passes the node's
/// answer on with the exit code of a bad request. The expected words are written here as staff would read them.
/// </summary>
public sealed class SharingStatisticsInputTests : OneNodeTest
{
    public static TheoryData<SharingStatisticsRequest, string> BadRequests => new()
    {
        { new SharingStatisticsRequest { FromMonth = "2026-13", ToMonth = "2026-01" }, "from_month" },
        { new SharingStatisticsRequest { FromMonth = "2026-00" }, "from_month" },
        { new SharingStatisticsRequest { ToMonth = "1999-12" }, "to_month" },
        { new SharingStatisticsRequest { ToMonth = "2026-4" }, "to_month" },
        { new SharingStatisticsRequest { ToMonth = "２０２６-０４" }, "to_month" },
        { new SharingStatisticsRequest { FromMonth = "2026-05", ToMonth = "2026-03" }, "from_month" },
        { new SharingStatisticsRequest { FromMonth = "2010-01", ToMonth = "2020-01" }, "from_month" },
        { new SharingStatisticsRequest { ToMonth = "2999-01" }, "to_month" },
        { new SharingStatisticsRequest { GroupBy = "region" }, "group_by" },
        { new SharingStatisticsRequest { GroupBy = "SECTOR" }, "group_by" },
        { new SharingStatisticsRequest { Direction = "sideways" }, "direction" },
        { new SharingStatisticsRequest { GroupBy = "title" }, "group_by" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task SharingStatistics_BadRequest_InvalidArgumentNamingTheFieldInBothLanguages(SharingStatisticsRequest request, string field)
    {
        var english = await Assert.ThrowsAsync<RpcException>(() => Node.Admin.SharingStatisticsAsync(request).ResponseAsync);
        var japanese = await Assert.ThrowsAsync<RpcException>(() => Node.Admin.SharingStatisticsAsync(request, Japanese()).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument), (english.StatusCode, japanese.StatusCode));
        Assert.Equal(field, Assert.Single(Violations(english)).Key);
        Assert.Equal(field, Assert.Single(Violations(japanese)).Key);
        Assert.StartsWith("invalid request: " + field + ": ", english.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("リクエストが正しくありません: " + field + ": ", japanese.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SharingStatistics_FromAfterTo_WordsInEachLanguage()
    {
        var request = new SharingStatisticsRequest { FromMonth = "2026-05", ToMonth = "2026-03" };

        var english = await Assert.ThrowsAsync<RpcException>(() => Node.Admin.SharingStatisticsAsync(request).ResponseAsync);
        var japanese = await Assert.ThrowsAsync<RpcException>(() => Node.Admin.SharingStatisticsAsync(request, Japanese()).ResponseAsync);

        Assert.Equal("from_month 2026-05 is after to_month 2026-03: give the earlier month first.", Violations(english)["from_month"]);
        Assert.Equal("from_month 2026-05 が to_month 2026-03 より後です。早い月を先に指定してください。", Violations(japanese)["from_month"]);
    }

    [Fact]
    public async Task SharingStatistics_TenYearsAndOneMonth_RefusedWithTheLimit()
    {
        var request = new SharingStatisticsRequest { FromMonth = "2010-01", ToMonth = "2020-01" };

        var english = await Assert.ThrowsAsync<RpcException>(() => Node.Admin.SharingStatisticsAsync(request).ResponseAsync);
        var japanese = await Assert.ThrowsAsync<RpcException>(() => Node.Admin.SharingStatisticsAsync(request, Japanese()).ResponseAsync);
        var tenYears = await Node.Admin.SharingStatisticsAsync(new SharingStatisticsRequest { FromMonth = "2010-02", ToMonth = "2020-01" });

        Assert.Equal("The period 2010-01 to 2020-01 is 121 months; at most 120 months (10 years) are counted at once: shorten the period.", Violations(english)["from_month"]);
        Assert.Equal("期間 2010-01〜2020-01 は 121 か月です。一度に数えられるのは 120 か月（10年）までです。期間を短くしてください。", Violations(japanese)["from_month"]);
        Assert.Equal(120u, tenYears.Months);
    }

    [Fact]
    public async Task SharingStatistics_LongControlAndBidiGroupBy_QuotedCappedAndInert()
    {
        var hostile = "\u202Eevil\u0007\r\n" + new string('x', 5000);

        var error = await Assert.ThrowsAsync<RpcException>(() => Node.Admin.SharingStatisticsAsync(new SharingStatisticsRequest { GroupBy = hostile }).ResponseAsync);

        var description = Violations(error)["group_by"];
        Assert.Equal("'?evil???" + new string('x', 32) + "…' is not a grouping: use sector, ceptoar, kind, label or month.", description);
    }

    [Fact]
    public async Task StatsSharing_CliBadMonthInJapanese_ExitSixWithTheNodesWords()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliApp.RunAsync(["stats", "sharing", "--from", "2026-13", "--lang", "ja", "--socket", Node.Ready.AdminSocket], output, error);

        Assert.Equal(6, code);
        Assert.Contains("from_month", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("「2026-13」は月ではありません。YYYY-MM の形で書いてください", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    private static Metadata Japanese() => new() { { "accept-language", "ja" } };

    private static Dictionary<string, string> Violations(RpcException error)
    {
        var details = error.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(details);
        return details.FieldViolations.ToDictionary(v => v.Field, v => v.Description);
    }
}
