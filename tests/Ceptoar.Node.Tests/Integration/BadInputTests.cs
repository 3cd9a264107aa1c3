using Ceptoar.Federation.V1;
using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>Every kind of bad input gets its exact status code, field-level details, an audit entry, and stores nothing.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestNode _node = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(federation, "bank-ceptoar", _dir.Combine("data"));
        _key = await _node.AddMemberWithKeyAsync("careless-bank");
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    public static TheoryData<string, string> InvalidDrafts() => new()
    {
        { "missing-label", "draft.tlp" },
        { "unknown-label", "draft.tlp" },
        { "unknown-kind", "draft.kind" },
        { "missing-title", "draft.body.title" },
        { "oversized-title", "draft.body.title" },
        { "bad-ipv4", "draft.body.indicators[0].value" },
        { "short-sha256", "draft.body.indicators[1].value" },
        { "bad-cve", "draft.body.indicators[2].value" },
        { "missing-body", "draft.body" },
        { "amber-without-recipients", "draft.audience" },
        { "missing-draft", "draft" },
        { "missing-request-id", "client_request_id" },
    };

    [Theory]
    [MemberData(nameof(InvalidDrafts))]
    public async Task Submit_InvalidField_InvalidArgumentNamingTheFieldAndNothingStored(string problem, string field)
    {
        var request = Drafts.Request(Drafts.Incident(Tlp.Green));
        var draft = request.Draft;
        switch (problem)
        {
            case "missing-label": draft.Tlp = Tlp.Unspecified; break;
            case "unknown-label": draft.Tlp = (Tlp)99; break;
            case "unknown-kind": draft.Kind = (ItemKind)77; break;
            case "missing-title": draft.Body.Title = ""; break;
            case "oversized-title": draft.Body.Title = new string('x', 201); break;
            case "bad-ipv4": draft.Body.Indicators[0].Value = "300.1.2.3"; break;
            case "short-sha256": draft.Body.Indicators[1].Value = new string('a', 63); break;
            case "bad-cve": draft.Body.Indicators.Add(new Indicator { Type = IndicatorType.Cve, Value = "CVE-14-12" }); break;
            case "missing-body": draft.Body = null; break;
            case "amber-without-recipients": draft.Tlp = Tlp.Amber; draft.Audience = new Audience(); break;
            case "missing-draft": request.Draft = null; break;
            case "missing-request-id": request.ClientRequestId = ""; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Member(_key).SubmitAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var details = error.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(details);
        Assert.Contains(details.FieldViolations, v => v.Field.StartsWith(field, StringComparison.Ordinal) && v.Description.Length > 10);
        Assert.Contains(field, error.Status.Detail);
        var stored = await _node.Admin.ListItemsAsync(new AdminListItemsRequest());
        Assert.Empty(stored.Items);
        var audit = await _node.Admin.ListAuditAsync(new ListAuditRequest { Action = "item.submit" });
        Assert.Contains(audit.Entries, e => e.Outcome == "rejected" && e.Actor == "member:careless-bank");
    }

    [Fact]
    public async Task Submit_OverTheSizeLimit_ResourceExhausted()
    {
        var request = Drafts.Request(Drafts.Incident(Tlp.Green));
        request.Draft.Body.What = new string('x', 1_100_000);

        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Member(_key).SubmitAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Empty((await _node.Admin.ListItemsAsync(new AdminListItemsRequest())).Items);
    }

    [Fact]
    public async Task Call_WithoutKey_Unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Member(null).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("authorization: Bearer", error.Status.Detail);
    }

    [Fact]
    public async Task Call_WrongKey_UnauthenticatedAndAudited()
    {
        var wrong = _key[..^4] + "AAAA";
        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Member(wrong).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green))).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        var audit = await _node.Admin.ListAuditAsync(new ListAuditRequest { Action = "auth.denied" });
        Assert.Contains(audit.Entries, e => e.Detail.Contains("unknown API key"));
        Assert.DoesNotContain(audit.Entries, e => e.Detail.Contains(wrong));
        Assert.Empty((await _node.Admin.ListItemsAsync(new AdminListItemsRequest())).Items);
    }

    [Fact]
    public async Task Call_WrongKeyHammered_EveryCallRefused_AuditedOnceNotFiftyTimes()
    {
        var wrong = _node.Member(_key[..^4] + "BBBB");
        for (var i = 0; i < 50; i++)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => wrong.WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        }

        var audit = await _node.Admin.ListAuditAsync(new ListAuditRequest { Action = "auth.denied", Limit = 1000 });
        Assert.Single(audit.Entries, e => e.Detail.Contains("unknown API key"));
    }

    [Fact]
    public async Task Call_RevokedKey_Unauthenticated()
    {
        var key = await _node.AddMemberWithKeyAsync("revoked-bank");
        var keys = await _node.Admin.ListApiKeysAsync(new ListApiKeysRequest { MemberId = "revoked-bank" });
        await _node.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = keys.Keys.Single().KeyId, Reason = "laptop lost" });

        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Member(key).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("revoked", error.Status.Detail);
    }

    [Fact]
    public async Task Call_DisabledMember_PermissionDenied()
    {
        var key = await _node.AddMemberWithKeyAsync("disabled-bank");
        Assert.Equal("disabled-bank", (await _node.Member(key).WhoAmIAsync(new WhoAmIRequest())).MemberId);
        await _node.Admin.DisableMemberAsync(new DisableMemberRequest { MemberId = "disabled-bank", Reason = "left the CEPTOAR" });

        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Member(key).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("disabled", error.Status.Detail);
    }

    [Fact]
    public async Task Get_MalformedAndUnknownIds_InvalidArgumentThenNotFound()
    {
        var member = _node.Member(_key);
        var malformed = await Assert.ThrowsAsync<RpcException>(() => member.GetAsync(new GetItemRequest { ItemId = "../etc/passwd" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => member.GetAsync(new GetItemRequest { ItemId = Core.Items.UuidV7.NewId() }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task List_BadPagingAndFilters_InvalidArgument()
    {
        var member = _node.Member(_key);
        foreach (var request in new[]
        {
            new ListItemsRequest { PageSize = 501 },
            new ListItemsRequest { PageToken = "not-a-token" },
            new ListItemsRequest { Labels = { (Tlp)42 } },
            new ListItemsRequest { Sector = "no-such-sector" },
        })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => member.ListAsync(request).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        }
    }

    [Fact]
    public async Task AddMember_InvalidFields_InvalidArgumentWithFields()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.AddMemberAsync(new AddMemberRequest
        {
            MemberId = "Bad Id!",
            Sector = "banking",
            ContactEmail = "not-an-email",
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToList();
        Assert.Contains("member_id", fields);
        Assert.Contains("sector", fields);
        Assert.Contains("contact_email", fields);
        Assert.Contains("name_ja", fields);
    }

    [Fact]
    public async Task AdminApi_OnTheMemberPort_Unimplemented()
    {
        var channel = Clients.MemberChannel(_node.Ready.MemberEndpoint!, _node.Root, _key);
        var admin = new AdminService.AdminServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => admin.ListMembersAsync(new ListMembersRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }
}
