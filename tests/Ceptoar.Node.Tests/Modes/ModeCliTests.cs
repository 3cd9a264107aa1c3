using Ceptoar.AdminCli;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Modes;

/// <summary>`ceptoar-admin mode set`, `mode show`, `status` and `status board` against real nodes, in English and Japanese.</summary>
public sealed class ModeCliTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private TestFederation? _federation;

    public void Dispose() => _dir.Dispose();

    private TestFederation Federation => _federation ??= new TestFederation(_dir.Combine("pki"));

    private Task<TestNode> StartNiscAsync() => TestNode.StartAsync(Federation, "nisc", _dir.Combine("nisc"), s => s["Node:Role"] = "nisc");

    [Fact]
    public async Task ModeSet_AtNisc_SwitchesBothWays_ShowStatusAndBoardSayIt()
    {
        await using var nisc = await StartNiscAsync();

        var set = await RunAsync(nisc, "en", "mode", "set", "large-scale", "--scope", "finance,electricity", "--reason", "Payment outage", "--report-every", "1h", "--as", "niscduty");

        Assert.True(set.Code == 0, set.Error);
        var status = await nisc.Admin.GetStatusAsync(new GetStatusRequest());
        Assert.Equal((FederationMode.LargeScale, 60u), (status.Mode, status.ModeReportEveryMinutes));
        Assert.Equal(["finance", "electricity"], status.ModeScopeSectors);
        Assert.Contains($"Switched to large-scale: mode change {status.ModePeriodId}, signed and sent to every node.", set.Output, StringComparison.Ordinal);
        var shown = await RunAsync(nisc, "ja", "status");
        Assert.Contains($"から大規模IT障害モード。対象: finance,electricity。報告間隔: 60 分。期間 {status.ModePeriodId}", shown.Output, StringComparison.Ordinal);
        var directory = await RunAsync(nisc, "en", "directory");
        Assert.Contains($"Mode: large-scale since ", directory.Output, StringComparison.Ordinal);
        Assert.Contains($"scope: finance,electricity; report every 60 min; period {status.ModePeriodId}", directory.Output, StringComparison.Ordinal);
        var board = await RunAsync(nisc, "en", "status", "board");
        Assert.True(board.Code == 0, board.Error);
        Assert.Contains($"Status board of period {status.ModePeriodId}: started ", board.Output, StringComparison.Ordinal);
        Assert.Contains("scope: finance,electricity; report every 60 min", board.Output, StringComparison.Ordinal);

        var back = await RunAsync(nisc, "ja", "mode", "set", "normal", "--reason", "復旧", "--as", "niscduty");
        var show = await RunAsync(nisc, "en", "mode", "show");
        var json = await RunAsync(nisc, "en", "status", "board", "--period", status.ModePeriodId, "--format", "json");
        var watched = await RunAsync(nisc, "en", "status", "board", "--period", status.ModePeriodId, "--watch", "--interval", "1");

        Assert.True(back.Code == 0, back.Error);
        Assert.Contains("平常モードに切り替えました: モード切替 ", back.Output, StringComparison.Ordinal);
        Assert.Contains("Mode: normal since ", show.Output, StringComparison.Ordinal);
        Assert.Contains(status.ModePeriodId, show.Output, StringComparison.Ordinal);
        Assert.Contains("Payment outage", show.Output, StringComparison.Ordinal);
        Assert.Contains($"\"periodId\": \"{status.ModePeriodId}\"", json.Output, StringComparison.Ordinal);
        Assert.Contains("\"endedAt\"", json.Output, StringComparison.Ordinal);
        // An ended period does not change any more: the watch shows it once and ends by itself.
        Assert.True(watched.Code == 0, watched.Error);
        Assert.Contains(", ended ", watched.Output, StringComparison.Ordinal);
        Assert.Contains("Stopped watching.", watched.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4m")]
    [InlineData("1441")]
    [InlineData("25h")]
    [InlineData("0h")]
    [InlineData("sixty")]
    [InlineData("-5")]
    public async Task ModeSet_ReportEveryOutOfRange_UsageErrorBeforeAnyCall(string every)
    {
        await using var nisc = await StartNiscAsync();

        var (code, _, error) = await RunAsync(nisc, "en", "mode", "set", "large-scale", "--scope", "whole", "--reason", "x", "--report-every", every);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains($"--report-every {every}: give 5 to 1440 minutes", error, StringComparison.Ordinal);
        Assert.Empty((await nisc.Admin.ListItemsAsync(new AdminListItemsRequest())).Items);
    }

    [Theory]
    [InlineData("normal", "--scope", "finance", "`mode set normal` takes no --scope or --report-every")]
    [InlineData("large-scale", "--scope", "whole,finance", "--scope whole,finance: whole stands alone")]
    [InlineData("large-scale", "--report-every", "60m", "--scope: give whole, or the sectors concerned")]
    public async Task ModeSet_ScopeMistakes_UsageErrorBeforeAnyCall(string mode, string option, string value, string expected)
    {
        await using var nisc = await StartNiscAsync();

        var (code, _, error) = await RunAsync(nisc, "en", "mode", "set", mode, option, value, "--reason", "x");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty((await nisc.Admin.ListItemsAsync(new AdminListItemsRequest())).Items);
    }

    [Fact]
    public async Task ModeSet_UnknownSector_RefusedByTheNodeNamingTheFieldAndTheChoices()
    {
        await using var nisc = await StartNiscAsync();

        var (code, _, error) = await RunAsync(nisc, "en", "mode", "set", "large-scale", "--scope", "finance,\u001b[31mbanking", "--reason", "x");

        Assert.Equal(ExitCodes.Refused, code);
        Assert.Contains("scope_sectors[1]", error, StringComparison.Ordinal);
        Assert.Contains("electricity", error, StringComparison.Ordinal);
        Assert.Equal(FederationMode.Normal, (await nisc.Admin.GetStatusAsync(new GetStatusRequest())).Mode);
    }

    [Fact]
    public async Task ModeSet_AtASecretariat_RefusedInJapaneseWithWhatToDo()
    {
        await using var bank = await TestNode.StartAsync(Federation, "bank-ceptoar", _dir.Combine("bank"));

        var (code, _, error) = await RunAsync(bank, "ja", "mode", "set", "large-scale", "--scope", "whole", "--reason", "x");

        Assert.Equal(ExitCodes.Refused, code);
        Assert.Contains("NISC に切替を依頼してください", error, StringComparison.Ordinal);
        Assert.Equal(FederationMode.Normal, (await bank.Admin.GetStatusAsync(new GetStatusRequest())).Mode);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(TestNode node, string language, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--lang", language, "--socket", node.Ready.AdminSocket], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
