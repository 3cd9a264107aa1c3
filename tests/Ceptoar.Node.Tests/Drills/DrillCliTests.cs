using Ceptoar.AdminCli;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Drills;

/// <summary>`ceptoar-admin drill start` against real nodes: what the staff person reads, in Japanese and English.</summary>
public sealed class DrillCliTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DrillStart_AtNisc_StartsTheDrill_SaysTheDeadlineAndHowToFollowIt()
    {
        await using var node = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), "nisc", _dir.Combine("nisc"), s => s["Node:Role"] = "nisc");

        var (code, output, error) = await RunAsync(node, "en", "drill", "start", "--federation", "--within", "45", "--as", "nisc-duty",
            "--instruction-ja", "受信したら確認応答してください。", "--instruction-en", "Acknowledge on receipt.");
        var again = await RunAsync(node, "ja", "drill", "start", "--federation", "--within", "45", "--as", "nisc-duty",
            "--instruction-ja", "受信したら確認応答してください。", "--instruction-en", "Acknowledge on receipt.");

        Assert.True(code == 0, error);
        var drill = Assert.Single((await node.Admin.ListItemsAsync(new AdminListItemsRequest())).Items);
        Assert.Equal(ItemKind.Drill, drill.Kind);
        Assert.Contains($"Drill {drill.ItemId} started. Acknowledge by ", output, StringComparison.Ordinal);
        Assert.Contains("+09:00", output, StringComparison.Ordinal);
        Assert.Contains($"ceptoar-admin items status {drill.ItemId} --members", output, StringComparison.Ordinal);
        // The same person running the same command again the same day drills nobody twice, and is told so in Japanese.
        Assert.Equal(0, again.Code);
        Assert.Contains($"訓練 {drill.ItemId} は同じ職員・同じ指示で本日既に開始済みです", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrillStart_AtASecretariatForTheFederation_RefusedWithWhatToDo_NothingSent()
    {
        await using var node = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), "bank-ceptoar", _dir.Combine("bank"));

        var (code, _, error) = await RunAsync(node, "en", "drill", "start", "--federation",
            "--instruction-ja", "受信したら確認応答してください。", "--instruction-en", "Acknowledge on receipt.");

        Assert.NotEqual(0, code);
        Assert.Contains("only NISC and the Council drill other nodes", error, StringComparison.Ordinal);
        Assert.Empty((await node.Admin.ListItemsAsync(new AdminListItemsRequest())).Items);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10081")]
    public async Task DrillStart_WithinOutOfRange_UsageErrorBeforeAnyCall(string minutes)
    {
        await using var node = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), "nisc", _dir.Combine("nisc"), s => s["Node:Role"] = "nisc");

        var (code, _, error) = await RunAsync(node, "en", "drill", "start", "--within", minutes, "--instruction-ja", "確認してください。", "--instruction-en", "Acknowledge.");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains($"--within {minutes}: give 1 to 10080 minutes", error, StringComparison.Ordinal);
        Assert.Empty((await node.Admin.ListItemsAsync(new AdminListItemsRequest())).Items);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(TestNode node, string language, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--lang", language, "--socket", node.Ready.AdminSocket], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
