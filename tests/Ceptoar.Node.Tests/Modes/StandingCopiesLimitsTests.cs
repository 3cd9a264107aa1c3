using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Modes;

/// <summary>ListStandingCopies is a member call like the others: over the member's rate it is ResourceExhausted, a disabled member is refused.</summary>
public sealed class StandingCopiesLimitsTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(federation, "bank-ceptoar", _dir.Combine("data"), settings =>
        {
            settings["Limits:MemberRequestsPerSecond"] = "1";
            settings["Limits:MemberBurst"] = "1";
        });
        await _node.Admin.ImportRulesAsync(new ImportRulesRequest { Text = "rule up\n  when direction=submitted\n  then copy=nisc\n" });
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task ListStandingCopies_OverTheMembersRate_ResourceExhausted()
    {
        var client = _node.Member(await _node.AddMemberWithKeyAsync("busy-bank"));

        // One token a second: of a few calls in a row, one finds the bucket empty (the first may still find its token).
        RpcException? refused = null;
        for (var i = 0; i < 20 && refused is null; i++)
        {
            try
            {
                await client.ListStandingCopiesAsync(new ListStandingCopiesRequest());
            }
            catch (RpcException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("busy-bank", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListStandingCopies_DisabledMember_PermissionDenied()
    {
        var client = _node.Member(await _node.AddMemberWithKeyAsync("former-bank"));
        await _node.Admin.DisableMemberAsync(new DisableMemberRequest { MemberId = "former-bank", Reason = "contract ended" });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListStandingCopiesAsync(new ListStandingCopiesRequest()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}
