using System.Text.Json;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

/// <summary>ceptoar-admin against a real gRPC server on a real Unix socket: what the node answers is what the operator sees.</summary>
public sealed class AdminRoundTripTests : IAsyncLifetime
{
    private AdminSocketServer _server = null!;

    public async Task InitializeAsync() => _server = await AdminSocketServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task MembersList_Table_ShowsWhatTheNodeReturned()
    {
        AddMembers();

        var result = await _server.RunAsync("members", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("mizuho-bank", result.Out);
        Assert.Contains("株式会社みずほ銀行", result.Out);
        Assert.Contains("Mizuho Bank, Ltd.", result.Out);
        Assert.Contains("finance", result.Out);
        Assert.Contains("tokyo, megabank", result.Out);
        Assert.Contains("2025-04-01 18:30:00 +09:00", result.Out);
        Assert.DoesNotContain("old-bank", result.Out);
        Assert.DoesNotContain("\u001b[", result.Out);
    }

    [Fact]
    public async Task MembersListAll_Table_IncludesDisabledMembers()
    {
        AddMembers();

        var result = await _server.RunAsync("members", "list", "--all");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("old-bank", result.Out);
        Assert.Contains("disabled", result.Out);
    }

    [Fact]
    public async Task MembersList_Json_IsOneDocumentWithTheNodesFields()
    {
        AddMembers();

        var result = await _server.RunAsync("members", "list", "--all", "--json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        var members = document.RootElement.GetProperty("members");
        Assert.Equal(2, members.GetArrayLength());
        var first = members[0];
        Assert.Equal("mizuho-bank", first.GetProperty("memberId").GetString());
        Assert.Equal("株式会社みずほ銀行", first.GetProperty("nameJa").GetString());
        Assert.Equal("2025-04-01T09:30:00Z", first.GetProperty("createdAt").GetString());
        Assert.False(first.GetProperty("disabled").GetBoolean());
        Assert.True(members[1].GetProperty("disabled").GetBoolean());
    }

    [Fact]
    public async Task MembersAdd_SendsWhatWasTyped_AndShowsTheMember()
    {
        var result = await _server.RunAsync(
            "members", "add", "tepco", "--name-ja", "東京電力", "--name-en", "TEPCO", "--sector", "electricity",
            "--tag", "kanto", "--tag", "grid", "--email", "soc@tepco.example");

        Assert.Equal(0, result.ExitCode);
        var sent = _server.Service.LastAddMember!;
        Assert.Equal("tepco", sent.MemberId);
        Assert.Equal("東京電力", sent.NameJa);
        Assert.Equal("electricity", sent.Sector);
        Assert.Equal(["kanto", "grid"], sent.Tags);
        Assert.Equal("soc@tepco.example", sent.ContactEmail);
        Assert.Contains("member tepco added", result.Out);
        Assert.Contains("keys issue tepco", result.Out);
    }

    [Fact]
    public async Task MembersAdd_NodeRefusesWithFieldViolations_ExitsSixPrintingEachField()
    {
        _server.Service.AddMemberFailure = FakeAdminService.InvalidArgument(
            "the member is invalid; fix the fields below and retry",
            ("sector", "unknown sector 'fin'; known: finance, electricity, gas"),
            ("contact_email", "the domain has no MX record"));

        var result = await _server.RunAsync("members", "add", "mizuho-bank", "--name-ja", "みずほ", "--name-en", "Mizuho", "--sector", "fin");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("the node refused the request: the member is invalid; fix the fields below and retry", lines[0]);
        Assert.Equal("sector: unknown sector 'fin'; known: finance, electricity, gas", lines[1]);
        Assert.Equal("contact_email: the domain has no MX record", lines[2]);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task MembersShow_UnknownMember_ExitsFourWithTheNodesMessage()
    {
        var result = await _server.RunAsync("members", "show", "nobody");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("not found: no member 'nobody' on this node", result.Error);
    }

    [Fact]
    public async Task KeysIssue_PrintsTheSecretAndTheShownOnceWarning()
    {
        var result = await _server.RunAsync("keys", "issue", "mizuho-bank", "--label", "soc-integration");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("mizuho-bank", _server.Service.LastIssueApiKey!.MemberId);
        Assert.Equal("soc-integration", _server.Service.LastIssueApiKey.Label);
        var secret = result.Out.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("ck_", StringComparison.Ordinal));
        Assert.Matches("^ck_k[0-9a-f]{10}_[0-9A-F]{32}$", secret);
        Assert.Contains("Store this key now; it cannot be shown again.", result.Out);
    }

    [Fact]
    public async Task KeysIssue_Json_KeepsStdoutOneDocumentAndWarnsOnStderr()
    {
        var result = await _server.RunAsync("keys", "issue", "mizuho-bank", "--json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        Assert.StartsWith("ck_", document.RootElement.GetProperty("apiKey").GetString(), StringComparison.Ordinal);
        Assert.Equal("mizuho-bank", document.RootElement.GetProperty("key").GetProperty("memberId").GetString());
        Assert.Contains("Store this key now; it cannot be shown again.", result.Error);
    }

    [Fact]
    public async Task AuditVerify_IntactLog_ExitsZero()
    {
        _server.Service.AuditVerdict = new VerifyAuditResponse { Valid = true, EntriesChecked = 1532 };

        var result = await _server.RunAsync("audit", "verify");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("audit log intact: 1532 entries", result.Out.Trim());
    }

    [Fact]
    public async Task AuditVerify_BrokenLog_ExitsThreeNamingTheEntry()
    {
        _server.Service.AuditVerdict = new VerifyAuditResponse
        {
            Valid = false,
            EntriesChecked = 41,
            FirstBadSeq = 42,
            Problem = "hash mismatch: the entry was edited",
        };

        var result = await _server.RunAsync("audit", "verify");

        Assert.Equal(ExitCodes.AuditBroken, result.ExitCode);
        Assert.Equal("audit log BROKEN at entry 42: hash mismatch: the entry was edited", result.Out.Trim());
        Assert.Contains("Keep the database file as evidence", result.Error);
    }

    [Fact]
    public async Task AuditVerify_BrokenLogAsJson_StillExitsThree()
    {
        _server.Service.AuditVerdict = new VerifyAuditResponse { Valid = false, FirstBadSeq = 7, Problem = "entry missing" };

        var result = await _server.RunAsync("audit", "verify", "--json");

        Assert.Equal(ExitCodes.AuditBroken, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        Assert.False(document.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal("7", document.RootElement.GetProperty("firstBadSeq").GetString());
    }

    [Fact]
    public async Task ItemsList_FriendlyFilters_ReachTheNodeAsEnums()
    {
        _server.Service.Items.Add(FakeAdminService.Item("01890a5d-ac96-774b-bcce-b302099a8057", "Phishing wave against net banking", valid: true));

        var result = await _server.RunAsync(
            "items", "list", "--kind", "early-warning", "--kind", "INCIDENT_REPORT", "--tlp", "amber+strict,green",
            "--from", "2025-04-01T09:00:00+09:00", "--limit", "50", "--member", "mizuho-bank");

        Assert.Equal(0, result.ExitCode);
        var sent = _server.Service.LastListItems!;
        Assert.Equal([ItemKind.EarlyWarning, ItemKind.IncidentReport], sent.Kinds);
        Assert.Equal([Tlp.AmberStrict, Tlp.Green], sent.Labels);
        Assert.Equal(new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero), sent.CreatedFrom.ToDateTimeOffset());
        Assert.Null(sent.CreatedTo);
        Assert.Equal(50u, sent.PageSize);
        Assert.Equal("mizuho-bank", sent.SubmittedByMember);
        Assert.Contains("Phishing wave against net banking", result.Out);
        Assert.Contains("TLP:AMBER+STRICT", result.Out);
        Assert.Contains("early-warning", result.Out);
    }

    [Fact]
    public async Task ItemsShow_InvalidSignature_ShowsTheProblem()
    {
        const string id = "01890a5d-ac96-774b-bcce-b302099a8057";
        _server.Service.Items.Add(FakeAdminService.Item(id, "Tampered", valid: false, problem: "signature does not verify with key ceptoar-finance/ab12"));

        var result = await _server.RunAsync("items", "show", id);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("INVALID: signature does not verify with key ceptoar-finance/ab12", result.Out);
        Assert.Contains("application/vnd.ceptoar.item.v1+protobuf", result.Out);
        Assert.Contains("\"originNode\": \"ceptoar-finance\"", result.Out);
    }

    [Fact]
    public async Task ItemsShowRaw_PrintsTheStoredEnvelopeBytesAsBase64()
    {
        const string id = "01890a5d-ac96-774b-bcce-b302099a8057";
        var item = FakeAdminService.Item(id, "Raw", valid: true);
        _server.Service.Items.Add(item);

        var result = await _server.RunAsync("items", "show", id, "--raw");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(item.EnvelopeBytes.ToByteArray(), Convert.FromBase64String(result.Out.Trim()));
    }

    [Fact]
    public async Task ItemsShow_UnknownItem_ExitsFour()
    {
        var result = await _server.RunAsync("items", "show", "01890a5d-ac96-774b-bcce-b302099a8057");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("no item 01890a5d-ac96-774b-bcce-b302099a8057 on this node", result.Error);
    }

    [Fact]
    public async Task Status_Table_ShowsNodeIdentity()
    {
        var result = await _server.RunAsync("status");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ceptoar-finance", result.Out);
        Assert.Contains("secretariat", result.Out);
        Assert.Contains("1,234", result.Out);
        Assert.Contains("2025-04-01 18:30:00 +09:00", result.Out);
    }

    [Fact]
    public async Task Status_NodeDoesNotAnswerInTime_ExitsTwo()
    {
        _server.Service.StatusHangs = true;

        var result = await _server.RunAsync("status", "--timeout", "0.3");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("node did not answer within 0.3 s", result.Error);
    }

    [Fact]
    public async Task Status_GlobalOptionsBeforeTheCommand_AreAccepted()
    {
        var result = await CliResult.RunAsync("members", "--socket", _server.SocketPath, "list", "--json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        Assert.Equal(0, document.RootElement.GetProperty("members").GetArrayLength());
    }

    private void AddMembers()
    {
        var active = new Member
        {
            MemberId = "mizuho-bank",
            NameJa = "株式会社みずほ銀行",
            NameEn = "Mizuho Bank, Ltd.",
            Sector = "finance",
            ContactEmail = "soc@mizuho.example",
            CreatedAt = FakeAdminService.CreatedAt,
        };
        active.Tags.Add(["tokyo", "megabank"]);
        _server.Service.Members.Add(active);
        _server.Service.Members.Add(new Member
        {
            MemberId = "old-bank",
            NameJa = "旧銀行",
            NameEn = "Old Bank",
            Sector = "finance",
            Disabled = true,
            CreatedAt = FakeAdminService.CreatedAt,
            DisabledAt = FakeAdminService.CreatedAt,
            DisabledReason = "merged",
        });
    }
}
