using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

/// <summary>`items export` and `items import` (docs/INTERCHANGE.md): what they send, what they print, exit codes.</summary>
public sealed class InterchangeCliTests : IAsyncLifetime
{
    private const string ItemA = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    private const string ItemB = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c";
    private AdminSocketServer _server = null!;
    private string _dir = "";

    public async Task InitializeAsync()
    {
        _server = await AdminSocketServer.StartAsync();
        _dir = Directory.CreateTempSubdirectory("interchange-cli").FullName;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Export_StixTwoIdsToStdout_SendsFormatAndIdsPrintsTheDocument()
    {
        var result = await _server.RunAsync("items", "export", "--format", "stix", ItemA, ItemB, "--lang", "en");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(InterchangeFormat.Stix, _server.Service.LastExport!.Format);
        Assert.Equal([ItemA, ItemB], _server.Service.LastExport.ItemIds);
        Assert.Contains(FakeAdminService.ExportedText, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_ToAnExistingFileWithoutForce_RefusedFileKept_WithForceReplaced()
    {
        var path = Path.Combine(_dir, "out.json");
        await File.WriteAllTextAsync(path, "keep");

        var refused = await _server.RunAsync("items", "export", "--format", "misp", ItemA, "--out", path, "--lang", "en");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("keep", await File.ReadAllTextAsync(path));

        var forced = await _server.RunAsync("items", "export", "--format", "misp", ItemA, "--out", path, "--force", "--lang", "ja");
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(InterchangeFormat.Misp, _server.Service.LastExport!.Format);
        Assert.Equal(FakeAdminService.ExportedText, await File.ReadAllTextAsync(path));
        Assert.Contains("1 件の項目を " + path + " に書き出しました", forced.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "taxii", ItemA)]
    [InlineData("--format", "stix", "not-an-id")]
    [InlineData("--format", "stix")]
    public async Task Export_BadArguments_UsageErrorNothingSent(string option, string value, params string[] ids)
    {
        var result = await _server.RunAsync(["items", "export", option, value, .. ids, "--lang", "en"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Null(_server.Service.LastExport);
    }

    [Fact]
    public async Task Import_FileWithFallbackLabelPartial_SendsTheBytesAndOptions_PrintsTableAndRefusal_ExitSix()
    {
        var path = Path.Combine(_dir, "bundle.json");
        var bytes = "{\"type\":\"bundle\",\"id\":\"bundle--1\",\"objects\":[\"日本語\"]}"u8.ToArray();
        await File.WriteAllBytesAsync(path, bytes);

        var result = await _server.RunAsync("items", "import", "--format", "stix", path, "--tlp", "amber", "--partial", "--accept-copies", "--sector", "finance", "--node", "council", "--node", "nisc", "--as", "sato", "--lang", "en");

        Assert.Equal(6, result.ExitCode);
        var sent = _server.Service.LastImport!;
        Assert.Equal(bytes, sent.Document.ToByteArray());
        Assert.Equal(Tlp.Amber, sent.FallbackTlp);
        Assert.True(sent.Partial);
        Assert.True(sent.AcceptCopies);
        Assert.Equal("sato", sent.StaffName);
        Assert.Equal(["finance"], sent.Audience.Sectors);
        Assert.Equal(["council", "nisc"], sent.Audience.Nodes);
        Assert.Contains("report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3", result.Out, StringComparison.Ordinal);
        Assert.Contains(ItemA, result.Out, StringComparison.Ordinal);
        Assert.Contains("Not imported: malware--31b940d4-6f7f-459a-80ea-9c1f17b58abc: malware objects are not imported (unsupported_type)", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 report(s) submitted (0 already imported before), 1 object(s) not imported.", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_AllSubmittedNoLabel_ExitZeroNoFallbackSent()
    {
        var path = Path.Combine(_dir, "event.json");
        await File.WriteAllTextAsync(path, "{\"Event\":{}}");
        _server.Service.ImportAnswer = new ImportResponse
        {
            Items = { new ImportedItem { SourceId = "5e6b3e1c-0c5a-4b8e-9d1f-2a3b4c5d6e7f", Submitted = new SubmitResponse { ItemId = ItemB, Duplicate = true } } },
        };

        var result = await _server.RunAsync("items", "import", "--format", "misp", path, "--as", "sato", "--lang", "ja");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(InterchangeFormat.Misp, _server.Service.LastImport!.Format);
        Assert.Equal(Tlp.Unspecified, _server.Service.LastImport.FallbackTlp);
        Assert.False(_server.Service.LastImport.Partial);
        Assert.Null(_server.Service.LastImport.Audience);
        Assert.Contains("取り込み済み", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.json", "--tlp", "green")]
    [InlineData("bundle.json", "--tlp", "purple")]
    public async Task Import_MissingFileOrBadLabel_UsageErrorNothingSent(string file, string option, string value)
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "bundle.json"), "{}");

        var result = await _server.RunAsync("items", "import", "--format", "stix", Path.Combine(_dir, file), option, value, "--as", "sato", "--lang", "en");

        Assert.Equal(1, result.ExitCode);
        Assert.Null(_server.Service.LastImport);
        Assert.Contains(value == "purple" ? "--tlp" : file, result.Error, StringComparison.Ordinal);
    }
}
