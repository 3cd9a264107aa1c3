using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Rules;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.Lifecycle;

/// <summary>
/// The new doors of docs/LIFECYCLE.md §1 under hostile and mistaken input, on a real node: member Revoke and Correct, admin
/// RevokeItem and CorrectItem. Every refusal has its exact status, names the field and says what to do, in English and
/// Japanese; nothing is stored by a refused call, and a refusal about another member's report says nothing of its content.
/// </summary>
public sealed class WithdrawRequestTests : IAsyncLifetime
{
    private const string SecretTitle = "Wire fraud at a named customer";
    private readonly TestDirectory _dir = new();
    private TestNode _node = null!;
    private MemberService.MemberServiceClient _mufg = null!;
    private MemberService.MemberServiceClient _resona = null!;
    private string _own = "";
    private string _other = "";

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), "bank-ceptoar", _dir.Combine("data"));
        _mufg = _node.Member(await _node.AddMemberWithKeyAsync("mufg-bank"));
        _resona = _node.Member(await _node.AddMemberWithKeyAsync("resona-bank"));
        _own = (await _mufg.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green)))).ItemId;
        // AMBER to the finance sector reaches no member by default (docs/TLP.md §2): resona-bank cannot see it.
        _other = (await _node.Member(await _node.AddMemberWithKeyAsync("mizuho-bank")).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Amber, SecretTitle)))).ItemId;
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("", "OWN", "because", StatusCode.InvalidArgument, "client_request_id")]
    [InlineData("r", "", "because", StatusCode.InvalidArgument, "item_id")]
    [InlineData("r", "not-an-item-id", "because", StatusCode.InvalidArgument, "item_id")]
    [InlineData("r", "'; DROP TABLE items; --", "because", StatusCode.InvalidArgument, "item_id")]
    [InlineData("r", "OWN", "", StatusCode.InvalidArgument, "reason")]
    [InlineData("r", "OWN", "LONG", StatusCode.InvalidArgument, "reason")]
    [InlineData("r", "UNKNOWN", "because", StatusCode.NotFound, "no item")]
    public async Task Revoke_BadRequest_ExactStatusNamingTheField_NothingStored(string requestId, string itemId, string reason, StatusCode expected, string named)
    {
        var before = await CountAsync();
        var request = new RevokeRequest
        {
            ClientRequestId = requestId,
            ItemId = itemId switch { "OWN" => _own, "UNKNOWN" => Core.Items.UuidV7.NewId(), _ => itemId },
            Reason = reason == "LONG" ? new string('x', 2_001) : reason,
        };

        var e = await Assert.ThrowsAsync<RpcException>(() => _mufg.RevokeAsync(request).ResponseAsync);

        Assert.Equal(expected, e.StatusCode);
        Assert.Contains(named, e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
        Assert.Null((await _mufg.GetAsync(new GetItemRequest { ItemId = _own })).Withdrawn);
    }

    [Fact]
    public async Task Revoke_AnotherMembersReport_PermissionDeniedInTheCallersLanguage_NothingOfItsContent_Audited()
    {
        var english = await Assert.ThrowsAsync<RpcException>(() => _resona.RevokeAsync(new RevokeRequest { ClientRequestId = "a", ItemId = _other, Reason = "x" }).ResponseAsync);
        var japanese = await Assert.ThrowsAsync<RpcException>(() => _resona.RevokeAsync(
            new RevokeRequest { ClientRequestId = "b", ItemId = _other, Reason = "x" }, new Metadata { { "accept-language", "ja" } }).ResponseAsync);
        var correct = await Assert.ThrowsAsync<RpcException>(() => _resona.CorrectAsync(
            new CorrectRequest { ClientRequestId = "c", ItemId = _own, Draft = Drafts.Incident(Tlp.Green) }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, english.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, correct.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, japanese.StatusCode);
        Assert.Contains("only its own reports", english.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("自分の報告だけ", japanese.Status.Detail, StringComparison.Ordinal);
        foreach (var e in new[] { english, japanese, correct })
        {
            Assert.DoesNotContain(SecretTitle, e.Status.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("AMBER", e.Status.Detail, StringComparison.Ordinal);
        }

        var audit = await _node.Admin.ListAuditAsync(new ListAuditRequest { Limit = 1000 });
        Assert.Equal(2, audit.Entries.Count(x => x.Action == "item.revoke" && x.Outcome == "denied" && x.Actor == "member:resona-bank"));
        Assert.Single(audit.Entries, x => x.Action == "item.correct" && x.Outcome == "denied" && x.Actor == "member:resona-bank");
        Assert.Null((await _node.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = _other })).Withdrawn);
    }

    [Theory]
    [InlineData("no-draft", StatusCode.InvalidArgument, "draft")]
    [InlineData("other-label", StatusCode.InvalidArgument, "draft.tlp")]
    [InlineData("other-kind", StatusCode.InvalidArgument, "draft.kind")]
    [InlineData("other-audience", StatusCode.InvalidArgument, "draft.audience")]
    [InlineData("supersedes-another", StatusCode.InvalidArgument, "draft.references.supersedes")]
    [InlineData("empty-title", StatusCode.InvalidArgument, "draft.body.title")]
    public async Task Correct_BadDraft_InvalidArgumentNamingTheField_OriginalStands(string spoil, StatusCode expected, string field)
    {
        var draft = Drafts.Incident(Tlp.Green, "Corrected");
        switch (spoil)
        {
            case "no-draft": draft = null; break;
            case "other-label": draft.Tlp = Tlp.Amber; break;
            case "other-kind": draft.Kind = ItemKind.EarlyWarning; break;
            case "other-audience": draft.Audience = new Audience { Sectors = { "electricity" } }; break;
            case "supersedes-another": draft.References = new References { Supersedes = { Core.Items.UuidV7.NewId() } }; break;
            case "empty-title": draft.Body.Title = ""; break;
        }

        var e = await Assert.ThrowsAsync<RpcException>(() => _mufg.CorrectAsync(new CorrectRequest { ClientRequestId = "c-" + spoil, ItemId = _own, Draft = draft }).ResponseAsync);

        Assert.Equal(expected, e.StatusCode);
        Assert.Contains(field, e.Status.Detail, StringComparison.Ordinal);
        Assert.Null((await _mufg.GetAsync(new GetItemRequest { ItemId = _own })).Withdrawn);
    }

    [Fact]
    public async Task Submit_DraftSupersedingAReport_InvalidArgument_OnlyCorrectMaySupersede()
    {
        var draft = Drafts.Incident(Tlp.Green);
        draft.References = new References { Supersedes = { _own } };

        var e = await Assert.ThrowsAsync<RpcException>(() => _resona.SubmitAsync(Drafts.Request(draft)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("draft.references.supersedes", e.Status.Detail, StringComparison.Ordinal);
        Assert.Null((await _mufg.GetAsync(new GetItemRequest { ItemId = _own })).Withdrawn);
    }

    [Fact]
    public async Task Revoke_ARevocationOrAHeldReport_FailedPrecondition_SayingWhatToDo()
    {
        var revoked = await _mufg.RevokeAsync(new RevokeRequest { ClientRequestId = "r", ItemId = _own, Reason = "wrong label" });
        var ofRevocation = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.RevokeItemAsync(
            new RevokeItemRequest { ClientRequestId = "r2", ItemId = revoked.RevocationId, Reason = "x", StaffName = "sato" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, ofRevocation.StatusCode);
        Assert.Contains("only reports can be revoked", ofRevocation.Status.Detail, StringComparison.Ordinal);
        var correctRevoked = await Assert.ThrowsAsync<RpcException>(() => _mufg.CorrectAsync(
            new CorrectRequest { ClientRequestId = "c", ItemId = _own, Draft = Drafts.Incident(Tlp.Green) }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, correctRevoked.StatusCode);
        Assert.Contains(revoked.RevocationId, correctRevoked.Status.Detail, StringComparison.Ordinal);

        var (rules, errors) = RuleFile.Parse("""
            rule secretariat-checks-incidents
              when direction=submitted kind=incident-report
              then hold=yes
            """);
        Assert.True(rules is not null, string.Join("; ", errors));
        Assert.True(await _node.Services.GetRequiredService<ActiveRules>().ReplaceAsync(rules, null, "admin", "test rules", CancellationToken.None));
        var held = (await _mufg.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green)))).ItemId;
        var ofHeld = await Assert.ThrowsAsync<RpcException>(() => _mufg.RevokeAsync(new RevokeRequest { ClientRequestId = "h", ItemId = held, Reason = "x" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, ofHeld.StatusCode);
        Assert.Contains("ask the secretariat to reject it", ofHeld.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeItem_StaffNameInvalid_InvalidArgumentNamingStaffName()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.RevokeItemAsync(
            new RevokeItemRequest { ClientRequestId = "r", ItemId = _own, Reason = "x", StaffName = "bad\nname" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("staff_name", e.Status.Detail, StringComparison.Ordinal);
    }

    private async Task<int> CountAsync() => (await _node.Admin.ListItemsAsync(new AdminListItemsRequest { PageSize = 500 })).Items.Count;
}
