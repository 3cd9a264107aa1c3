using Ceptoar.AdminCli.Localization;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.AdminCli.Tests.Localization;

/// <summary>Times a person reads: in a time zone with its offset (Asia/Tokyo unless --time-zone says otherwise); JSON stays UTC.</summary>
public sealed class TimeDisplayTests : IAsyncLifetime
{
    // 2026-12-06 03:00 UTC is noon in Tokyo (UTC+9, no daylight saving time).
    private static readonly DateTimeOffset Instant = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);

    private AdminSocketServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await AdminSocketServer.StartAsync();
        _server.Service.Members.Add(new Member
        {
            MemberId = "mizuho-bank",
            NameJa = "株式会社みずほ銀行",
            NameEn = "Mizuho Bank, Ltd.",
            Sector = "finance",
            CreatedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 4, 1, 9, 30, 0, TimeSpan.Zero)),
        });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Format_DefaultZone_IsTokyoWithItsOffset()
    {
        Assert.Equal("2026-12-06 12:00:00 +09:00", TimeDisplay.Default.Format(Instant));
    }

    [Fact]
    public void Format_Timestamp_ConvertsFromUtc()
    {
        Assert.Equal("2026-12-06 12:00:00 +09:00", TimeDisplay.Default.Format(Timestamp.FromDateTimeOffset(Instant)));
        Assert.Equal(string.Empty, TimeDisplay.Default.Format((Timestamp?)null));
    }

    [Fact]
    public void Format_ZoneWithDaylightSavingTime_ShowsTheOffsetOfThatDate()
    {
        var london = TimeDisplay.Choose("Europe/London", nodeZoneId: null);

        Assert.Equal("2026-12-06 03:00:00 +00:00", london.Format(Instant));
        Assert.Equal("2026-07-01 10:00:00 +01:00", london.Format(new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Choose_OptionThenNodeThenDefault_FirstGivenWins()
    {
        Assert.Equal("UTC", TimeDisplay.Choose("UTC", "Europe/London").Zone.Id);
        Assert.Equal("Europe/London", TimeDisplay.Choose(null, "Europe/London").Zone.Id);
        Assert.Equal("Asia/Tokyo", TimeDisplay.Choose(" ", null).Zone.Id);
    }

    [Fact]
    public async Task MembersList_DefaultZone_ShowsTokyoTime()
    {
        var result = await _server.RunAsync("members", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2025-04-01 18:30:00 +09:00", result.Out);
    }

    [Fact]
    public async Task MembersList_TimeZoneOption_ShowsThatZone()
    {
        var utc = await _server.RunAsync("members", "list", "--time-zone", "UTC");
        var newYork = await _server.RunAsync("--time-zone", "America/New_York", "members", "list");

        Assert.Contains("2025-04-01 09:30:00 +00:00", utc.Out);
        Assert.Contains("2025-04-01 05:30:00 -04:00", newYork.Out);
    }

    [Fact]
    public async Task MembersList_NodeWritesItsZoneInTheReadyFile_ShownInIt_AndTheOptionStillWins()
    {
        await File.WriteAllTextAsync(Path.Combine(_server.DataDir, "node.ready.json"), """{"nodeId":"bank-ceptoar","timeZone":"Europe/London"}""");

        var nodeZone = await _server.RunAsync("members", "list");
        var option = await _server.RunAsync("members", "list", "--time-zone", "UTC");

        // 09:30 UTC on 1 April is 10:30 in London (summer time).
        Assert.Contains("2025-04-01 10:30:00 +01:00", nodeZone.Out);
        Assert.Contains("2025-04-01 09:30:00 +00:00", option.Out);
    }

    [Fact]
    public async Task MembersList_Json_StaysUtc()
    {
        var result = await _server.RunAsync("members", "list", "--json", "--time-zone", "Asia/Tokyo");

        Assert.Contains("\"2025-04-01T09:30:00Z\"", result.Out);
    }

    [Fact]
    public async Task MembersList_UnknownTimeZone_ExitsOneNamingTheOption()
    {
        var result = await _server.RunAsync("members", "list", "--time-zone", "Mars/Olympus_Mons");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--time-zone 'Mars/Olympus_Mons' is not a known IANA time zone id", result.Error);
    }

    [Fact]
    public async Task MembersList_LangJa_TableIsJapaneseWithTokyoTime()
    {
        var result = await _server.RunAsync("members", "list", "--lang", "ja");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("名称（日本語）", result.Out);
        Assert.Contains("登録日時", result.Out);
        Assert.Contains("有効", result.Out);
        Assert.Contains("2025-04-01 18:30:00 +09:00", result.Out);
    }
}
