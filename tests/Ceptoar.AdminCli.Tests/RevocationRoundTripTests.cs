namespace Ceptoar.AdminCli.Tests;

/// <summary>`status` and `pki publish-revocations` against a fake node over a real Unix socket (docs/LIFECYCLE.md §3).</summary>
public sealed class RevocationRoundTripTests : IAsyncLifetime
{
    private AdminSocketServer _server = null!;
    private string _file = "";

    public async Task InitializeAsync()
    {
        _server = await AdminSocketServer.StartAsync();
        _file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(_file, [0x0a, 0x01, 0x41]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        File.Delete(_file);
    }

    [Fact]
    public async Task Status_ListHeld_VersionAgeAndEntries()
    {
        _server.Service.RevocationList = FakeAdminService.RevocationListAt(DateTimeOffset.UtcNow.AddHours(-50), replaced: true);

        var result = await _server.RunAsync("status", "--lang", "en");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Revocation list", result.Out);
        Assert.Matches(@"version 3, issued .* \(2d 2h ago\), 3 entries", result.Out);
    }

    [Fact]
    public async Task Status_NoList_None()
    {
        var result = await _server.RunAsync("status", "--lang", "en");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"Revocation list\s*│\s*none", result.Out);
    }

    [Fact]
    public async Task PublishRevocations_File_SentAsIs_TheListHeldShownInJapanese()
    {
        _server.Service.RevocationList = FakeAdminService.RevocationListAt(DateTimeOffset.UtcNow, replaced: true);

        var result = await _server.RunAsync("pki", "publish-revocations", _file, "--lang", "ja");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(new byte[] { 0x0a, 0x01, 0x41 }, _server.Service.LastPublish!.Envelope.ToByteArray());
        Assert.Contains("ノードは失効リストのバージョン 3", result.Out);
        Assert.Contains("失効: 証明書 1 件、署名鍵 2 件。", result.Out);
    }

    [Fact]
    public async Task PublishRevocations_FileMissing_ExitOneNamingIt_NothingSent()
    {
        var result = await _server.RunAsync("pki", "publish-revocations", _file + ".missing", "--lang", "en");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot read " + _file + ".missing", result.Error);
        Assert.Null(_server.Service.LastPublish);
    }
}
