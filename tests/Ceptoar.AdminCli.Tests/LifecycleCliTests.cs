using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

/// <summary>`backup` and `audit verify --against-peers` against a real gRPC server on a real Unix socket (docs/LIFECYCLE.md §4, §5).</summary>
public sealed class LifecycleCliTests : IAsyncLifetime
{
    private AdminSocketServer _server = null!;

    public async Task InitializeAsync() => _server = await AdminSocketServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Backup_RelativeFile_SentAsTheAbsolutePathAndTheAuditHeadTimesAndRestoreCommandShown()
    {
        var result = await _server.RunAsync("backup", "copies/bank.db", "--lang", "en", "--time-zone", "Asia/Tokyo");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "copies", "bank.db"), _server.Service.LastBackup!.Path);
        Assert.Contains("Backup written: " + Path.Combine(Environment.CurrentDirectory, "copies", "bank.db") + " (4096 bytes)", result.Out, StringComparison.Ordinal);
        Assert.Contains("entry 1532, hash " + new string('c', 64), result.Out, StringComparison.Ordinal);
        Assert.Contains("2025-04-01 18:30:00 +09:00", result.Out, StringComparison.Ordinal);
        Assert.Contains("2025-04-01 18:15:00 +09:00", result.Out, StringComparison.Ordinal);
        Assert.Contains("ceptoar-admin restore " + Path.Combine(Environment.CurrentDirectory, "copies", "bank.db") + " --data-dir " + _server.DataDir, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerifyAgainstPeers_OneHubMismatchedOneUnreachable_ExitThreeTableAndAWarningNamingTheSilentHub()
    {
        _server.Service.AuditVerdict = new VerifyAuditResponse
        {
            Valid = false,
            EntriesChecked = 120,
            FirstBadSeq = 40,
            Problem = "the checkpoint of entry 40 signed at … and held by council records hash aaa…, but entry 40 here has hash bbb….",
            CheckpointsChecked = 3,
            Peers =
            {
                new PeerCheckpoints { NodeId = "council", Outcome = "mismatch", Checkpoints = 3, FirstMismatchSeq = 40, Detail = "entry 40 differs" },
                new PeerCheckpoints { NodeId = "nisc", Outcome = "unreachable", Detail = "Unavailable: connection refused" },
            },
        };

        var result = await _server.RunAsync("audit", "verify", "--against-peers", "--lang", "ja");

        Assert.Equal(ExitCodes.AuditBroken, result.ExitCode);
        Assert.True(_server.Service.LastVerifyAudit!.AgainstPeers);
        Assert.Contains("council", result.Out, StringComparison.Ordinal);
        Assert.Contains("不一致", result.Out, StringComparison.Ordinal);
        Assert.Contains("到達不能", result.Out, StringComparison.Ordinal);
        Assert.Contains("3 件のチェックポイント", result.Out, StringComparison.Ordinal);
        Assert.Contains("警告: nisc が応答しなかった", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_WithoutAgainstPeers_TheNodeIsNotAskedToAskTheHubs()
    {
        var result = await _server.RunAsync("audit", "verify");

        Assert.Equal(0, result.ExitCode);
        Assert.False(_server.Service.LastVerifyAudit!.AgainstPeers);
        Assert.DoesNotContain("checkpoints", result.Out, StringComparison.Ordinal);
    }
}
