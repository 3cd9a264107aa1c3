using System.Text.Json;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

/// <summary>
/// `directory` showing how to reach each node's people, against a real gRPC server on a real Unix socket: contact means and
/// the emergency contact with its hours, in Japanese and in English, in --json, and as a node that predates them sends them.
/// </summary>
public sealed class DirectoryContactsTests : IAsyncLifetime
{
    private AdminSocketServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await AdminSocketServer.StartAsync();
        _server.Service.DirectoryAnswer = Directory();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Directory_LangEn_ContactMeansAndEmergencyContactWithHoursInEnglish()
    {
        var result = await _server.RunAsync("directory", "--lang", "en");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("Contact means", result.Out);
        Assert.Contains("Emergency contact", result.Out);
        Assert.Contains("E-mail: ceptoar@bank.example.jp (Secretariat)", result.Out);
        Assert.Contains("Phone: 03-0000-0101", result.Out);
        Assert.Contains("Satellite phone: +8816-0000-0001 (Disaster", result.Out);
        Assert.Contains("Meetings: convened", result.Out);
        Assert.Contains("Duty officer", result.Out);
        Assert.Contains("Phone: 03-0000-0199", result.Out);
        Assert.Contains("Hours: 24/7", result.Out);
        Assert.Contains("Since 2007-04", result.Out);
        Assert.DoesNotContain("事務局", result.Out);
        Assert.DoesNotContain("受付時間", result.Out);
    }

    [Fact]
    public async Task Directory_LangJa_ContactMeansAndEmergencyContactWithHoursInJapanese()
    {
        var result = await _server.RunAsync("directory", "--lang", "ja");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("連絡手段", result.Out);
        Assert.Contains("緊急連絡先", result.Out);
        Assert.Contains("メール: ceptoar@bank.example.jp（事務局）", result.Out);
        Assert.Contains("電話: 03-0000-0101", result.Out);
        Assert.Contains("衛星電話: +8816-0000-0001（災害時）", result.Out);
        Assert.Contains("会合: convened", result.Out);
        Assert.Contains("事務局 当番", result.Out);
        Assert.Contains("電話: 03-0000-0199", result.Out);
        Assert.Contains("受付時間: 24時間365日", result.Out);
        Assert.Contains("2007-04 開設", result.Out);
        Assert.DoesNotContain("Duty officer", result.Out);
        Assert.DoesNotContain("Hours", result.Out);
    }

    [Fact]
    public async Task Directory_NodeThatPredatesStructuredContacts_ShowsItsReadableContacts()
    {
        var result = await _server.RunAsync("directory", "--lang", "en");

        Assert.Contains("e-mail old@water.example.jp, tel 03-0000-0701", result.Out);
        Assert.Contains("tel 03-0000-0799 (24h)", result.Out);
    }

    [Fact]
    public async Task Directory_ContactTextWithTerminalEscapes_ShownWithoutThem()
    {
        var rogue = _server.Service.DirectoryAnswer.Nodes[1];
        rogue.EmergencyContact = "call \u001b[2J03-0000-0799";

        var result = await _server.RunAsync("directory", "--lang", "en");

        Assert.DoesNotContain("\u001b", result.Out, StringComparison.Ordinal);
        Assert.Contains("call \uFFFD[2J03-0000-0799", result.Out);
    }

    [Fact]
    public async Task Directory_Json_CarriesTheStructuredContactsAndTheReadableOnes()
    {
        var result = await _server.RunAsync("directory", "--json", "--lang", "ja");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        var bank = document.RootElement.GetProperty("nodes")[0];
        var points = bank.GetProperty("contactPoints");
        Assert.Equal(4, points.GetArrayLength());
        Assert.Equal("email", points[0].GetProperty("kind").GetString());
        Assert.Equal("ceptoar@bank.example.jp", points[0].GetProperty("value").GetString());
        Assert.Equal("事務局", points[0].GetProperty("labelJa").GetString());
        Assert.Equal("Secretariat", points[0].GetProperty("labelEn").GetString());
        var desk = bank.GetProperty("emergencyDesk");
        Assert.Equal("03-0000-0199", desk.GetProperty("phone").GetString());
        Assert.Equal("24時間365日", desk.GetProperty("hoursJa").GetString());
        Assert.Equal("24/7", desk.GetProperty("hoursEn").GetString());
        Assert.Equal("2007-04", desk.GetProperty("since").GetString());
        Assert.Equal("email: ceptoar@bank.example.jp (事務局 / Secretariat)", bank.GetProperty("contactMeans")[0].GetString());
        var water = document.RootElement.GetProperty("nodes")[1];
        Assert.Equal(0, water.GetProperty("contactPoints").GetArrayLength());
        Assert.False(water.TryGetProperty("emergencyDesk", out _), "a node without the structured emergency contact has none in the JSON");
        Assert.Equal("tel 03-0000-0799 (24h)", water.GetProperty("emergencyContact").GetString());
    }

    private static DirectoryView Directory()
    {
        var bank = new DirectoryEntryView
        {
            NodeId = "bank-ceptoar",
            Role = "secretariat",
            NameJa = "銀行等セプター",
            NameEn = "Banks CEPTOAR",
            Verified = true,
            EmergencyContact = "緊急窓口 / Emergency: 事務局 当番 / Duty officer; tel 03-0000-0199",
            EmergencyDesk = new EmergencyDesk
            {
                NameJa = "事務局 当番", NameEn = "Duty officer", Phone = "03-0000-0199", HoursJa = "24時間365日", HoursEn = "24/7", Since = "2007-04",
            },
        };
        bank.ContactPoints.Add(new ContactPoint { Kind = "email", Value = "ceptoar@bank.example.jp", LabelJa = "事務局", LabelEn = "Secretariat" });
        bank.ContactPoints.Add(new ContactPoint { Kind = "phone", Value = "03-0000-0101" });
        bank.ContactPoints.Add(new ContactPoint { Kind = "satellite-phone", Value = "+8816-0000-0001", LabelJa = "災害時", LabelEn = "Disaster use" });
        bank.ContactPoints.Add(new ContactPoint { Kind = "other", Value = "convened by the secretariat", LabelJa = "会合", LabelEn = "Meetings" });
        bank.ContactMeans.Add("email: ceptoar@bank.example.jp (事務局 / Secretariat)");
        var water = new DirectoryEntryView
        {
            NodeId = "water-ceptoar",
            Role = "secretariat",
            NameEn = "Water CEPTOAR",
            Verified = true,
            EmergencyContact = "tel 03-0000-0799 (24h)",
        };
        water.ContactMeans.Add(["e-mail old@water.example.jp", "tel 03-0000-0701"]);
        var directory = new DirectoryView();
        directory.Nodes.Add([bank, water]);
        return directory;
    }
}
