using System.Text;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Ceptoar.Node.Tests.Rest;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Interchange;

/// <summary>
/// The member Export/Import and admin ExportItems/ImportItems doors on a real node (docs/INTERCHANGE.md §5): exact status
/// and field for every refusal, nothing stored by a refused import, a repeated import stored once, and an export that
/// shows only what the member's Get would, never a withdrawn body.
/// </summary>
public sealed class InterchangeDoorTests : IAsyncLifetime
{
    private const string SecretTitle = "Wire fraud at a named customer";

    // A bundle as a STIX 2.1 producer writes it, independent of this node's exporter: a GREEN report naming one indicator.
    private const string GreenBundle = """
        {"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[
         {"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2026-12-01T00:00:00.000Z",
          "modified":"2026-12-01T00:00:00.000Z","name":"C2 server","pattern":"[ipv4-addr:value = '198.51.100.7']","pattern_type":"stix",
          "valid_from":"2026-12-01T00:00:00Z","object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]},
         {"type":"report","spec_version":"2.1","id":"report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3","created":"2026-12-01T00:00:00.000Z",
          "modified":"2026-12-01T00:00:00.000Z","name":"Phishing wave against regional banks","description":"Mails imitating a payment notice lead to a credential page.",
          "published":"2026-12-01T00:00:00Z","report_types":["threat-report"],"object_refs":["indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"],
          "object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}]}
        """;

    // A report and its indicator with no TLP marking anywhere.
    private const string UnmarkedBundle = """
        {"type":"bundle","id":"bundle--0c6e3a52-2f5e-4d43-9a43-7d0f3f9b6d10","objects":[
         {"type":"indicator","spec_version":"2.1","id":"indicator--1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d","created":"2026-12-01T00:00:00.000Z",
          "modified":"2026-12-01T00:00:00.000Z","pattern":"[domain-name:value = 'pay-notice.example']","pattern_type":"stix","valid_from":"2026-12-01T00:00:00Z"},
         {"type":"report","spec_version":"2.1","id":"report--2f1b6d0e-9a43-4c55-8b0e-3c1e4f7a9d21","created":"2026-12-01T00:00:00.000Z",
          "modified":"2026-12-01T00:00:00.000Z","name":"Unlabelled report","description":"No marking on it.","published":"2026-12-01T00:00:00Z",
          "report_types":["threat-report"],"object_refs":["indicator--1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d"]}]}
        """;

    // A MISP event as MISP exports it: GREEN, one IP attribute.
    private const string GreenEvent = """
        {"Event":{"uuid":"5e6b3e1c-0c5a-4b8e-9d1f-2a3b4c5d6e7f","info":"Scanning from a hosting range","date":"2026-12-01","threat_level_id":"2",
         "analysis":"1","distribution":"2","published":true,"timestamp":"1764547200","Tag":[{"name":"tlp:green"}],
         "Attribute":[{"uuid":"7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f","type":"ip-dst","category":"Network activity","value":"198.51.100.9","to_ids":true,
          "comment":"scanner","distribution":"5","timestamp":"1764547200"}]}}
        """;

    private readonly TestDirectory _dir = new();
    private TestNode _node = null!;
    private MemberService.MemberServiceClient _mufg = null!;
    private MemberService.MemberServiceClient _resona = null!;
    private string _resonaKey = "";
    private string _own = "";
    private string _amber = "";

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), "bank-ceptoar", _dir.Combine("data"));
        _mufg = _node.Member(await _node.AddMemberWithKeyAsync("mufg-bank"));
        _resonaKey = await _node.AddMemberWithKeyAsync("resona-bank");
        _resona = _node.Member(_resonaKey);
        _own = (await _mufg.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green)))).ItemId;
        // AMBER to the finance sector reaches no member but its submitter by default (docs/TLP.md §2): resona-bank may not see it.
        _amber = (await _mufg.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Amber, SecretTitle)))).ItemId;
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(InterchangeFormat.Stix, "application/stix+json;version=2.1")]
    [InlineData(InterchangeFormat.Misp, "application/json")]
    public async Task Export_VisibleItem_DocumentNamesItAndItsTitle(InterchangeFormat format, string mediaType)
    {
        var document = await _resona.ExportAsync(new ExportRequest { Format = format, ItemIds = { _own } });

        Assert.Equal(mediaType, document.MediaType);
        Assert.Equal(1u, document.Items);
        var text = document.Document.ToStringUtf8();
        Assert.Contains(_own, text, StringComparison.Ordinal);
        Assert.Contains("Unusual logins at internet banking", text, StringComparison.Ordinal);
        Assert.Contains("203.0.113.7", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(InterchangeFormat.Stix)]
    [InlineData(InterchangeFormat.Misp)]
    public async Task Export_ItemNotSharedWithTheMember_PermissionDeniedNothingOfItsContent(InterchangeFormat format)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _resona.ExportAsync(new ExportRequest { Format = format, ItemIds = { _own, _amber } }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.DoesNotContain(SecretTitle, e.Status.Detail, StringComparison.Ordinal);
        // Its submitter may.
        var own = await _mufg.ExportAsync(new ExportRequest { Format = format, ItemIds = { _amber } });
        Assert.Contains(SecretTitle, own.Document.ToStringUtf8(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(InterchangeFormat.Stix)]
    [InlineData(InterchangeFormat.Misp)]
    public async Task Export_RevokedItem_TombstoneOnlyNeverItsBody(InterchangeFormat format)
    {
        await _mufg.RevokeAsync(new RevokeRequest { ClientRequestId = "withdraw", ItemId = _own, Reason = "sent in error" });

        var text = (await _resona.ExportAsync(new ExportRequest { Format = format, ItemIds = { _own } })).Document.ToStringUtf8();

        Assert.Contains(_own, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Unusual logins", text, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.7", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Credential-stuffing", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FORMAT", "format")]
    [InlineData("NONE", "item_ids")]
    [InlineData("MANY", "item_ids")]
    [InlineData("BAD", "item_ids[1]")]
    public async Task Export_BadRequest_InvalidArgumentNamingTheField(string what, string field)
    {
        var request = new ExportRequest { Format = what == "FORMAT" ? InterchangeFormat.Unspecified : InterchangeFormat.Stix };
        request.ItemIds.AddRange(what switch
        {
            "NONE" => [],
            "MANY" => Enumerable.Range(0, 1001).Select(_ => _own),
            "BAD" => [_own, "'; DROP TABLE items; --"],
            _ => [_own],
        });

        var e = await Assert.ThrowsAsync<RpcException>(() => _resona.ExportAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains(field, e.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(InterchangeFormat.Stix, GreenBundle, "Phishing wave against regional banks", "198.51.100.7")]
    [InlineData(InterchangeFormat.Misp, GreenEvent, "Scanning from a hosting range", "198.51.100.9")]
    public async Task Import_Document_SubmittedAsTheMembersGreenReport_ImportedAgainStoredOnce(InterchangeFormat format, string document, string title, string indicator)
    {
        var before = await CountAsync();
        var request = new ImportRequest { Format = format, Document = ByteString.CopyFromUtf8(document) };

        var first = await _resona.ImportAsync(request);
        var again = await _resona.ImportAsync(request);

        var imported = Assert.Single(first.Items);
        Assert.False(imported.Submitted.Duplicate);
        Assert.Empty(first.Refused);
        Assert.True(Assert.Single(again.Items).Submitted.Duplicate);
        Assert.Equal(imported.Submitted.ItemId, again.Items[0].Submitted.ItemId);
        Assert.Equal(before + 1, await CountAsync());
        var item = await _resona.GetAsync(new GetItemRequest { ItemId = imported.Submitted.ItemId });
        Assert.True(item.OwnSubmission);
        Assert.Equal(Tlp.Green, item.Item.Tlp);
        Assert.Equal(title, item.Item.Body.Title);
        Assert.Contains(item.Item.Body.Indicators, i => i.Value == indicator);
        // Another member at the node sees a GREEN report of the federation.
        Assert.Equal(title, (await _mufg.GetAsync(new GetItemRequest { ItemId = imported.Submitted.ItemId })).Item.Body.Title);
    }

    [Fact]
    public async Task Import_NoTlpMarking_RefusedNamingItUnlessAFallbackIsGiven()
    {
        var before = await CountAsync();
        var request = new ImportRequest { Format = InterchangeFormat.Stix, Document = ByteString.CopyFromUtf8(UnmarkedBundle) };

        var e = await Assert.ThrowsAsync<RpcException>(() => _resona.ImportAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("document", e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("no_tlp", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());

        // AMBER needs recipients, which STIX does not carry: without an audience the draft is refused saying where to give one.
        request.FallbackTlp = Tlp.Amber;
        var noAudience = await Assert.ThrowsAsync<RpcException>(() => _resona.ImportAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noAudience.StatusCode);
        Assert.Contains("ImportRequest.audience", noAudience.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());

        request.Audience = new Audience { Sectors = { "finance" } };
        var answer = await _resona.ImportAsync(request);
        var item = await _resona.GetAsync(new GetItemRequest { ItemId = Assert.Single(answer.Items).Submitted.ItemId });
        Assert.Equal(Tlp.Amber, item.Item.Tlp);
        Assert.Equal(["finance"], item.Item.Audience.Sectors);
        Assert.Contains(item.Item.Body.Indicators, i => i.Value == "pay-notice.example");
    }

    [Theory]
    [InlineData(InterchangeFormat.Stix, "")]
    [InlineData(InterchangeFormat.Stix, "not json at all")]
    [InlineData(InterchangeFormat.Stix, "{\"type\":\"bundle\"")]
    [InlineData(InterchangeFormat.Stix, "[1,2,3]")]
    [InlineData(InterchangeFormat.Stix, "{\"type\":\"indicator\",\"id\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\"}")]
    [InlineData(InterchangeFormat.Misp, "{\"Event\":42}")]
    [InlineData(InterchangeFormat.Misp, "DEEP")]
    [InlineData(InterchangeFormat.Stix, "DEEP")]
    [InlineData(InterchangeFormat.Unspecified, "{}")]
    public async Task Import_HostileDocument_InvalidArgumentInBothLanguages_NothingStored(InterchangeFormat format, string document)
    {
        var before = await CountAsync();
        var bytes = document == "DEEP" ? Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000)) : Encoding.UTF8.GetBytes(document);
        var request = new ImportRequest { Format = format, Document = ByteString.CopyFrom(bytes) };

        var english = await Assert.ThrowsAsync<RpcException>(() => _resona.ImportAsync(request).ResponseAsync);
        var japanese = await Assert.ThrowsAsync<RpcException>(() => _resona.ImportAsync(request, new Metadata { { "accept-language", "ja" } }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, english.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, japanese.StatusCode);
        Assert.Contains(format == InterchangeFormat.Unspecified ? "format" : "document", english.Status.Detail, StringComparison.Ordinal);
        Assert.NotEqual(english.Status.Detail, japanese.Status.Detail);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Import_OverTheRequestLimit_ResourceExhaustedNothingStored()
    {
        var before = await CountAsync();
        var huge = "{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\",\"objects\":[],\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";

        var e = await Assert.ThrowsAsync<RpcException>(() => _resona.ImportAsync(new ImportRequest { Format = InterchangeFormat.Stix, Document = ByteString.CopyFromUtf8(huge) }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Export_DocumentOverMaxExportBytes_ResourceExhaustedNamingTheSetting_FewerItemsPass()
    {
        await using var small = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki-small")), "bank-ceptoar", _dir.Combine("data-small"),
            s => s["Limits:MaxExportBytes"] = "65536");
        var member = small.Member(await small.AddMemberWithKeyAsync("mufg-bank"));
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var draft = Drafts.Incident(Tlp.Green, $"Long report {i}");
            draft.Body.What = new string('w', 15_000);
            ids.Add((await member.SubmitAsync(Drafts.Request(draft))).ItemId);
        }

        var e = await Assert.ThrowsAsync<RpcException>(() => member.ExportAsync(new ExportRequest { Format = InterchangeFormat.Stix, ItemIds = { ids } }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("Limits:MaxExportBytes", e.Status.Detail, StringComparison.Ordinal);
        var two = await member.ExportAsync(new ExportRequest { Format = InterchangeFormat.Stix, ItemIds = { ids.Take(2) } });
        Assert.Equal(2u, two.Items);
    }

    [Fact]
    public async Task AdminImportThenExport_StaffSubmissionNamedInTheAudit_ExportHoldsIt_SealedOrBadStaffRefused()
    {
        var answer = await _node.Admin.ImportItemsAsync(new AdminImportRequest
        {
            Format = InterchangeFormat.Misp,
            Document = ByteString.CopyFromUtf8(GreenEvent),
            StaffName = "sato",
        });
        var itemId = Assert.Single(answer.Items).Submitted.ItemId;

        var exported = await _node.Admin.ExportItemsAsync(new AdminExportRequest { Format = InterchangeFormat.Stix, ItemIds = { itemId, _amber } });
        var text = exported.Document.ToStringUtf8();
        Assert.Contains("Scanning from a hosting range", text, StringComparison.Ordinal);
        Assert.Contains(SecretTitle, text, StringComparison.Ordinal);
        var audit = await _node.Admin.ListAuditAsync(new ListAuditRequest { Limit = 1000, Action = "item.import" });
        Assert.Contains(audit.Entries, e => e.Actor == "staff:sato" && e.Action == "item.import" && e.Outcome == "accepted");

        var badStaff = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.ImportItemsAsync(new AdminImportRequest
        {
            Format = InterchangeFormat.Misp,
            Document = ByteString.CopyFromUtf8(GreenEvent),
            StaffName = "sato\u0007",
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badStaff.StatusCode);
        Assert.Contains("staff_name", badStaff.Status.Detail, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.ExportItemsAsync(new AdminExportRequest { Format = InterchangeFormat.Misp, ItemIds = { Core.Items.UuidV7.NewId() } }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task RestImportThenExport_SameDoorsAsGrpc_DocumentAsBase64_RefusalAsStatusJson(string version)
    {
        using var rest = new RestClient(_node.Ready.MemberEndpoint!, _node.Root, _resonaKey, RestClient.Parse(version));
        var before = await CountAsync();

        var imported = await rest.PostAsync("/v1/items:import",
            $$"""{"format":"INTERCHANGE_FORMAT_MISP","document":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes(GreenEvent))}}"}""");
        Assert.Equal(200, imported.Status);
        var itemId = imported.Json.GetProperty("items")[0].GetProperty("submitted").GetProperty("itemId").GetString()!;
        Assert.Equal(before + 1, await CountAsync());

        var exported = await rest.PostAsync("/v1/items:export", $$"""{"format":"INTERCHANGE_FORMAT_STIX","itemIds":["{{itemId}}"]}""");
        Assert.Equal(200, exported.Status);
        Assert.Equal("application/stix+json;version=2.1", exported.Json.GetProperty("mediaType").GetString());
        var bundle = Encoding.UTF8.GetString(Convert.FromBase64String(exported.Json.GetProperty("document").GetString()!));
        Assert.Contains("Scanning from a hosting range", bundle, StringComparison.Ordinal);

        var denied = await rest.PostAsync("/v1/items:export", $$"""{"format":"INTERCHANGE_FORMAT_STIX","itemIds":["{{_amber}}"]}""");
        Assert.Equal(403, denied.Status);
        Assert.Equal((int)StatusCode.PermissionDenied, denied.Code);
        Assert.DoesNotContain(SecretTitle, denied.Body, StringComparison.Ordinal);

        var broken = await rest.PostAsync("/v1/items:import", $$"""{"format":"INTERCHANGE_FORMAT_STIX","document":"{{Convert.ToBase64String("not json"u8.ToArray())}}"}""");
        Assert.Equal(400, broken.Status);
        Assert.Contains(broken.Violations.Keys, k => k.StartsWith("document", StringComparison.Ordinal));
        Assert.Equal(before + 1, await CountAsync());
    }

    private async Task<int> CountAsync() => (await _node.Admin.ListItemsAsync(new AdminListItemsRequest { PageSize = 500 })).Items.Count;
}
