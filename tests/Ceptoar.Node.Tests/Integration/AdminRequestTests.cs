using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>The admin API's members, keys, items, audit and status calls at the real admin socket: bad requests and what status shows.</summary>
public sealed class AdminRequestTests : IAsyncLifetime
{
    private const string MemberId = "careful-bank";

    private readonly TestDirectory _dir = new();
    private TestNode _node = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(federation, "bank-ceptoar", _dir.Combine("data"));
        _key = await _node.AddMemberWithKeyAsync(MemberId);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("disable-without-reason", "reason")]
    [InlineData("disable-with-501-character-reason", "reason")]
    [InlineData("disable-without-member", "member_id")]
    [InlineData("issue-with-101-character-label", "label")]
    [InlineData("issue-for-blank-member", "member_id")]
    [InlineData("revoke-without-reason", "reason")]
    [InlineData("revoke-without-key", "key_id")]
    [InlineData("show-member-without-id", "member_id")]
    [InlineData("show-item-with-bad-id", "item_id")]
    [InlineData("audit-page-of-1001", "limit")]
    public async Task AdminCall_InvalidRequest_InvalidArgumentNamingTheFieldAndNothingChanged(string problem, string field)
    {
        var keyId = (await _node.Admin.ListApiKeysAsync(new ListApiKeysRequest { MemberId = MemberId })).Keys.Single().KeyId;
        Func<Task> call = problem switch
        {
            "disable-without-reason" => () => _node.Admin.DisableMemberAsync(new DisableMemberRequest { MemberId = MemberId, Reason = " " }).ResponseAsync,
            "disable-with-501-character-reason" => () => _node.Admin.DisableMemberAsync(new DisableMemberRequest { MemberId = MemberId, Reason = new string('x', 501) }).ResponseAsync,
            "disable-without-member" => () => _node.Admin.DisableMemberAsync(new DisableMemberRequest { Reason = "left the council" }).ResponseAsync,
            "issue-with-101-character-label" => () => _node.Admin.IssueApiKeyAsync(new IssueApiKeyRequest { MemberId = MemberId, Label = new string('k', 101) }).ResponseAsync,
            "issue-for-blank-member" => () => _node.Admin.IssueApiKeyAsync(new IssueApiKeyRequest { MemberId = "  ", Label = "soc" }).ResponseAsync,
            "revoke-without-reason" => () => _node.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = keyId }).ResponseAsync,
            "revoke-without-key" => () => _node.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { Reason = "leaked" }).ResponseAsync,
            "show-member-without-id" => () => _node.Admin.GetMemberAsync(new GetMemberRequest()).ResponseAsync,
            "show-item-with-bad-id" => () => _node.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = "not-an-item-id" }).ResponseAsync,
            "audit-page-of-1001" => () => _node.Admin.ListAuditAsync(new ListAuditRequest { Limit = 1001 }).ResponseAsync,
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };

        var error = await Assert.ThrowsAsync<RpcException>(call);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail, StringComparison.Ordinal);
        var member = await _node.Admin.GetMemberAsync(new GetMemberRequest { MemberId = MemberId });
        Assert.False(member.Disabled);
        var keys = await _node.Admin.ListApiKeysAsync(new ListApiKeysRequest { MemberId = MemberId });
        Assert.False(Assert.Single(keys.Keys).Revoked);
        Assert.Equal(MemberId, (await _node.Member(_key).WhoAmIAsync(new WhoAmIRequest())).MemberId);
    }

    [Fact]
    public async Task AdminCall_UnknownMemberOrKey_NotFoundNamingIt()
    {
        var member = await Assert.ThrowsAsync<RpcException>(() =>
            _node.Admin.DisableMemberAsync(new DisableMemberRequest { MemberId = "no-such-bank", Reason = "left" }).ResponseAsync);
        var key = await Assert.ThrowsAsync<RpcException>(() =>
            _node.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = "no-such-key", Reason = "leaked" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, member.StatusCode);
        Assert.Contains("no-such-bank", member.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, key.StatusCode);
        Assert.Contains("no-such-key", key.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatus_RunningNode_ShowsItsIdentityMembersAndTheEndpointItListensOn()
    {
        var status = await _node.Admin.GetStatusAsync(new GetStatusRequest());

        Assert.Equal("bank-ceptoar", status.NodeId);
        Assert.Equal("secretariat", status.Role);
        Assert.Equal(1ul, status.Members);
        Assert.Equal(_dir.Combine("data"), status.DataDir);
        Assert.Equal([_node.Ready.MemberEndpoint!], status.MemberEndpoints);
        Assert.True(status.TlsCertificateExpires.ToDateTimeOffset() > DateTimeOffset.UtcNow);
    }
}
