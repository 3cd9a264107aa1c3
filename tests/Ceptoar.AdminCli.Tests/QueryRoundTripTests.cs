using System.Text.Json;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.AdminCli.Tests;

/// <summary>`query items`, `query indicator` and `directory` against a real gRPC server on a real Unix socket.</summary>
public sealed class QueryRoundTripTests : IAsyncLifetime
{
    private const string FirstId = "01890a5d-ac96-774b-bcce-b302099a8057";
    private const string SecondId = "01890a5e-1111-7abc-8def-0123456789ab";
    private const string ThirdId = "01890a5f-2222-7abc-8def-0123456789ab";
    private static readonly Timestamp Created = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 4, 1, 9, 30, 0, TimeSpan.Zero));

    private AdminSocketServer _server = null!;

    public async Task InitializeAsync() => _server = await AdminSocketServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task QueryItems_Table_ShowsMergedItemsNodeStatusesAndSummary()
    {
        _server.Service.QueryAnswer = PartialAnswer();

        var result = await _server.RunAsync("query", "items", "--kind", "early-warning");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var first = Line(result.Out, FirstId);
        Assert.Contains("bank-ceptoar", first);
        Assert.Contains("TLP:AMBER", first);
        Assert.Contains("early-warning", first);
        Assert.Contains("2025-04-01 18:30:00 +09:00", first);
        Assert.Contains("Phishing wave", first);
        Assert.Contains("bank-ceptoar, nisc", first);
        Assert.Contains("valid", first);
        Assert.Contains("[EXERCISE] Drill: DDoS", Line(result.Out, SecondId));
        Assert.Contains("answered", Line(StatusTable(result.Out), "nisc"));
        var unreachable = Line(result.Out, "local-gov-ceptoar");
        Assert.Contains("unreachable", unreachable);
        Assert.Contains("connection refused", unreachable);
        var refused = Line(StatusTable(result.Out), "electricity-ceptoar");
        Assert.Contains("refused", refused);
        Assert.Contains("not entitled to query", refused);
        Assert.Contains("answered by 2 of 4 nodes (1 unreachable, 1 refused) in 812 ms; 2 items", result.Out);
        Assert.Contains("note: partial result: 2 nodes did not answer: local-gov-ceptoar (unreachable: connection refused), "
            + "electricity-ceptoar (refused: not entitled to query)", result.Out);
        Assert.DoesNotContain("\u001b[", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryItems_PartialResult_ExitsZero()
    {
        var answer = new QueryItemsResponse { QueryId = "q1", ElapsedMs = 5003 };
        answer.Statuses.Add(Status("nisc", "timed_out", 0, "no answer before the deadline"));
        _server.Service.QueryAnswer = answer;

        var result = await _server.RunAsync("query", "items", "--deadline", "5");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("no items match at the nodes that answered.", result.Out);
        Assert.Contains("answered by 0 of 1 node (1 timed out) in 5003 ms; 0 items", result.Out);
        Assert.Contains("Retry later, or with a --deadline above 5 s.", result.Out);
    }

    [Fact]
    public async Task QueryItems_EveryFilter_IsSentAsTheQuerySpec()
    {
        var result = await _server.RunAsync(
            "query", "items", "--kind", "incident-report,early-warning", "--tlp", "green", "--tlp", "amber+strict",
            "--sector", " finance ", "--threat", "attack.*", "--text", " ransomware ", "--from", "2025-04-01", "--to", "2025-04-02T09:00:00+09:00",
            "--limit", "50", "--exclude-exercise", "--scope", "peers", "--deadline", "12");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var request = _server.Service.LastQueryItems!;
        Assert.Equal([ItemKind.IncidentReport, ItemKind.EarlyWarning], request.Spec.Kinds);
        Assert.Equal([Tlp.Green, Tlp.AmberStrict], request.Spec.Labels);
        Assert.Equal("finance", request.Spec.Sector);
        Assert.Equal("attack.*", request.Spec.ThreatType);
        Assert.Equal("ransomware", request.Spec.Text);
        Assert.Equal(new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero), request.Spec.CreatedFrom.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2025, 4, 2, 0, 0, 0, TimeSpan.Zero), request.Spec.CreatedTo.ToDateTimeOffset());
        Assert.Equal(50u, request.Spec.Limit);
        Assert.True(request.Spec.ExcludeExercise);
        Assert.Equal(string.Empty, request.Spec.Indicator);
        Assert.Equal(QueryScope.Peers, request.Scope);
        Assert.Equal(12000u, request.DeadlineMs);

        // The node may wait the whole query deadline for others; the CLI must not give up on it before then.
        Assert.True(_server.Service.LastQueryCallDeadline - DateTime.UtcNow > TimeSpan.FromSeconds(12));
    }

    [Fact]
    public async Task QueryItems_NoOptions_SendsFederationScopeAndFiveSeconds()
    {
        var result = await _server.RunAsync("query", "items");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var request = _server.Service.LastQueryItems!;
        Assert.Equal(QueryScope.Federation, request.Scope);
        Assert.Equal(5000u, request.DeadlineMs);
        Assert.Equal(0u, request.Spec.Limit);
        Assert.Empty(request.Spec.Kinds);
        Assert.Null(request.Spec.CreatedFrom);
    }

    [Fact]
    public async Task QueryItems_NoNodeTookPart_SaysToCheckThePeers()
    {
        var result = await _server.RunAsync("query", "items");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("answered by 0 of 0 nodes in 0 ms; 0 items", result.Out);
        Assert.Contains("note: no node took part in this query. Check that this node has peers (ceptoar-admin peers list)", result.Out);
    }

    [Fact]
    public async Task QueryItems_AllAnswered_HasNoPartialNote()
    {
        var answer = PartialAnswer();
        answer.Statuses.RemoveAt(3);
        answer.Statuses.RemoveAt(2);
        _server.Service.QueryAnswer = answer;

        var result = await _server.RunAsync("query", "items");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("answered by 2 of 2 nodes in 812 ms; 2 items", result.Out);
        Assert.DoesNotContain("note:", result.Out);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public async Task QueryItems_SignatureInvalid_MarksTheItemAndWarns()
    {
        var answer = PartialAnswer();
        answer.Items[1].SignatureValid = false;
        _server.Service.QueryAnswer = answer;

        var result = await _server.RunAsync("query", "items");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("INVALID", Line(result.Out, SecondId));
        Assert.Contains($"warning: the origin signature of 1 item did not verify at this node: {SecondId}. Do not act on them", result.Out);
    }

    [Fact]
    public async Task QueryItems_Json_IsOneDocumentWithStatuses_AndTheNoteOnStderr()
    {
        _server.Service.QueryAnswer = PartialAnswer();

        var result = await _server.RunAsync("query", "items", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        var root = document.RootElement;
        Assert.Equal("q-0001", root.GetProperty("queryId").GetString());
        Assert.Equal(812, root.GetProperty("elapsedMs").GetInt32());
        var items = root.GetProperty("items");
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal(FirstId, items[0].GetProperty("item").GetProperty("id").GetString());
        Assert.Equal(["bank-ceptoar", "nisc"], items[0].GetProperty("seenAt").EnumerateArray().Select(e => e.GetString()));
        Assert.True(items[0].GetProperty("signatureValid").GetBoolean());
        var statuses = root.GetProperty("statuses");
        Assert.Equal(4, statuses.GetArrayLength());
        Assert.Equal("unreachable", statuses[2].GetProperty("status").GetString());
        Assert.Contains("note: partial result: 2 nodes did not answer", result.Error);
    }

    [Fact]
    public async Task QueryItems_NodeDoesNotAnswer_ExitsTwoNamingDeadlineAndTimeout()
    {
        _server.Service.QueryHangs = true;

        var result = await _server.RunAsync("query", "items", "--deadline", "1", "--timeout", "0.5");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("this node did not answer within 1.5 s (--deadline 1 s for the other nodes plus --timeout 0.5 s for it)", result.Error);
    }

    [Fact]
    public async Task QueryIndicator_SendsTheValueOnly_AndSaysWhoHasSeenIt()
    {
        var answer = new QueryItemsResponse { QueryId = "q-0002", ElapsedMs = 640 };
        answer.Items.Add(Federated(FirstId, "bank-ceptoar", "Phishing wave", ["bank-ceptoar"]));
        answer.Items.Add(Federated(SecondId, "electricity-ceptoar", "Scan from 203.0.113.77", ["electricity-ceptoar", "bank-ceptoar"]));
        answer.Items.Add(Federated(ThirdId, "local-gov-ceptoar", "Login attempts", ["local-gov-ceptoar"]));
        answer.Statuses.Add(Status("bank-ceptoar", "answered", 2, string.Empty));
        answer.Statuses.Add(Status("electricity-ceptoar", "answered", 1, string.Empty));
        answer.Statuses.Add(Status("local-gov-ceptoar", "answered", 1, string.Empty));
        _server.Service.QueryAnswer = answer;

        var result = await _server.RunAsync("query", "indicator", " 203.0.113.77 ", "--scope", "peers");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var request = _server.Service.LastQueryItems!;
        Assert.Equal(new QuerySpec { Indicator = "203.0.113.77" }, request.Spec);
        Assert.Equal(QueryScope.Peers, request.Scope);
        var second = Line(result.Out, SecondId);
        Assert.Contains("electricity-ceptoar", second);
        Assert.Contains("TLP:AMBER", second);
        Assert.Contains("Scan from 203.0.113.77", second);
        Assert.Contains("2025-04-01 18:30:00 +09:00", second);
        Assert.Contains("electricity-ceptoar, bank-ceptoar", second);
        Assert.Contains("203.0.113.77 (IPv4) seen in 3 items from 3 nodes: bank-ceptoar, electricity-ceptoar, local-gov-ceptoar", result.Out);
        Assert.Contains("answered by 3 of 3 nodes in 640 ms; 3 items", result.Out);
    }

    [Fact]
    public async Task QueryIndicator_LowerCaseCve_IsSentUpperCase()
    {
        var result = await _server.RunAsync("query", "indicator", "cve-2021-44228");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("CVE-2021-44228", _server.Service.LastQueryItems!.Spec.Indicator);
    }

    [Fact]
    public async Task QueryIndicator_NotSeenAnywhere_SaysSoWithTheNodesThatAnswered()
    {
        var answer = new QueryItemsResponse { QueryId = "q-0003", ElapsedMs = 91 };
        answer.Statuses.Add(Status("nisc", "answered", 0, string.Empty));
        answer.Statuses.Add(Status("council", "answered", 0, string.Empty));
        answer.Statuses.Add(Status("bank-ceptoar", "unreachable", 0, "no route"));
        _server.Service.QueryAnswer = answer;

        var result = await _server.RunAsync("query", "indicator", "evil.example.com");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("evil.example.com (domain) seen in no item at the 2 nodes that answered.", result.Out);
        Assert.Contains("answered by 2 of 3 nodes (1 unreachable) in 91 ms; 0 items", result.Out);
        Assert.Contains("bank-ceptoar (unreachable: no route)", result.Out);
    }

    [Fact]
    public async Task QueryIndicator_Json_IsTheResponse()
    {
        _server.Service.QueryAnswer = PartialAnswer();

        var result = await _server.RunAsync("query", "indicator", "d41d8cd98f00b204e9800998ecf8427e", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        Assert.Equal(2, document.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", _server.Service.LastQueryItems!.Spec.Indicator);
    }

    [Fact]
    public async Task Directory_Table_ShowsEachNodeAndHowToReachIt()
    {
        _server.Service.DirectoryAnswer = SampleDirectory();

        var result = await _server.RunAsync("directory");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var bank = Line(result.Out, "bank-ceptoar");
        Assert.Contains("secretariat", bank);
        Assert.Contains("金融CEPTOAR", bank);
        Assert.Contains("Finance CEPTOAR", bank);
        Assert.Contains("finance", bank);
        Assert.Contains("e-mail, phone", bank);
        Assert.Contains("+81-3-0000-0000", bank);
        Assert.Contains("https://bank.example:7304", bank);
        Assert.Contains("yes", bank);
        Assert.Contains("NO", Line(result.Out, "rogue-node"));
        Assert.Contains("2 nodes in the directory; 1 verified against this node's trusted roots.", result.Out);
        Assert.Contains("warning: the descriptors of rogue-node do not verify", result.Out);
    }

    [Fact]
    public async Task Directory_Json_IsTheDirectoryView()
    {
        _server.Service.DirectoryAnswer = SampleDirectory();

        var result = await _server.RunAsync("directory", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        var nodes = document.RootElement.GetProperty("nodes");
        Assert.Equal(2, nodes.GetArrayLength());
        Assert.Equal("bank-ceptoar", nodes[0].GetProperty("nodeId").GetString());
        Assert.Equal(["e-mail", "phone"], nodes[0].GetProperty("contactMeans").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("2026-04-01T09:30:00Z", nodes[0].GetProperty("validUntil").GetString());
        Assert.False(nodes[1].GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task Directory_Empty_SaysWhereEntriesComeFrom()
    {
        var result = await _server.RunAsync("directory");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("the directory is empty", result.Out);
        Assert.Contains("ceptoar-admin peers list", result.Out);
    }

    private static QueryItemsResponse PartialAnswer()
    {
        var answer = new QueryItemsResponse { QueryId = "q-0001", ElapsedMs = 812 };
        answer.Items.Add(Federated(FirstId, "bank-ceptoar", "Phishing wave", ["bank-ceptoar", "nisc"]));
        var drill = Federated(SecondId, "nisc", "Drill: DDoS", ["nisc"]);
        drill.Item.Exercise = true;
        answer.Items.Add(drill);
        answer.Statuses.Add(Status("bank-ceptoar", "answered", 1, string.Empty));
        answer.Statuses.Add(Status("nisc", "answered", 2, string.Empty));
        answer.Statuses.Add(Status("local-gov-ceptoar", "unreachable", 0, "connection refused"));
        answer.Statuses.Add(Status("electricity-ceptoar", "refused", 0, "not entitled to query"));
        return answer;
    }

    private static FederatedItem Federated(string id, string origin, string title, string[] seenAt)
    {
        var federated = new FederatedItem
        {
            Item = new Item
            {
                Id = id,
                OriginNode = origin,
                CreatedAt = Created,
                Tlp = Tlp.Amber,
                Kind = ItemKind.EarlyWarning,
                Body = new Body { Title = title },
            },
            SignatureValid = true,
        };
        federated.SeenAt.Add(seenAt);
        return federated;
    }

    private static NodeQueryStatus Status(string node, string status, uint items, string reason) =>
        new() { NodeId = node, Status = status, Items = items, Reason = reason };

    private static DirectoryView SampleDirectory()
    {
        var bank = new DirectoryEntryView
        {
            NodeId = "bank-ceptoar",
            Role = "secretariat",
            NameJa = "金融CEPTOAR",
            NameEn = "Finance CEPTOAR",
            EmergencyContact = "+81-3-0000-0000",
            ValidUntil = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 4, 1, 9, 30, 0, TimeSpan.Zero)),
            IssuedAt = Created,
            Verified = true,
        };
        bank.Sectors.Add("finance");
        bank.ContactMeans.Add(["e-mail", "phone"]);
        bank.Endpoints.Add("https://bank.example:7304");
        var rogue = new DirectoryEntryView { NodeId = "rogue-node", Role = "agency", NameEn = "Unknown", Verified = false };
        var directory = new DirectoryView();
        directory.Nodes.Add([bank, rogue]);
        return directory;
    }

    // The per-node table follows the "Nodes:" heading; node ids also appear in the item table above it.
    private static string StatusTable(string text) => text[text.IndexOf("Nodes:", StringComparison.Ordinal)..];

    private static string Line(string text, string containing) =>
        text.Split('\n').FirstOrDefault(l => l.Contains(containing, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no line contains '{containing}' in:\n{text}");
}
