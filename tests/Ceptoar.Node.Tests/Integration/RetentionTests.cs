using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Rules;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>Items past the retention period their handling rule set are purged by the background sweep, with an audit entry.</summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestNode _node = null!;

    public async Task InitializeAsync() =>
        _node = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), "bank-ceptoar", _dir.Combine("data"));

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Sweep_AfterTheRulesRetentionPeriod_PurgesOnlyThoseItems_AndAudits()
    {
        var (rules, errors) = RuleFile.Parse("""
            rule short-lived-warnings
              when kind=early-warning
              then retain=1d
            """);
        Assert.True(rules is not null, string.Join("; ", errors));
        Assert.True(await _node.Services.GetRequiredService<ActiveRules>().ReplaceAsync(rules, null, "admin", "test", CancellationToken.None));
        var member = _node.Member(await _node.AddMemberWithKeyAsync("mizuho-bank"));
        var warning = Drafts.Incident(Tlp.Green, "short-lived warning");
        warning.Kind = ItemKind.EarlyWarning;
        var shortLived = await member.SubmitAsync(Drafts.Request(warning));
        var kept = await member.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "kept for the default 365 days")));
        var sweeper = _node.Services.GetRequiredService<RetentionSweeper>();

        Assert.Equal(0, await sweeper.SweepAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(1, await sweeper.SweepAsync(DateTimeOffset.UtcNow.AddDays(2), CancellationToken.None));

        var gone = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = shortLived.ItemId }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        Assert.Equal(kept.ItemId, (await _node.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = kept.ItemId })).Item.Id);
        var audit = await _node.Admin.ListAuditAsync(new ListAuditRequest { Action = "retention.purge" });
        Assert.Contains(audit.Entries, e => e.Detail.Contains(shortLived.ItemId));
        Assert.True((await _node.Admin.VerifyAuditAsync(new VerifyAuditRequest())).Valid);
    }
}
