using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Lifecycle;

/// <summary>
/// A hub's signing, TLS and encryption keys rotated while items flow through it, on five real nodes with mutual TLS
/// (docs/LIFECYCLE.md §2): nothing lost, nothing refused, old items still verify, items sealed to the old key still open.
/// </summary>
public sealed class KeyRotationTests : IAsyncLifetime
{
    private const string SealedMarker = "ROTATION-SEALED-3c9e sealed to the council's old key";
    private readonly TestDirectory _dir = new();
    private TestCluster _cluster = null!;
    private MemberService.MemberServiceClient _bank = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(_dir.Path, processes: false);
        _bank = _cluster["bank-ceptoar"].Member(await _cluster["bank-ceptoar"].AddMemberWithKeyAsync("mizuho-bank", "finance"));
        // The bank and the council then reach each other only through NISC, so what the bank sends the council is sealed
        // to the council's key (docs/PROTOCOL.md: only a direct peer gets an AMBER+STRICT item in clear).
        await _cluster["bank-ceptoar"].Admin.RemovePeerAsync(new RemovePeerRequest { NodeId = "council" });
        await _cluster["council"].Admin.RemovePeerAsync(new RemovePeerRequest { NodeId = "bank-ceptoar" });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task RotateHubKeys_WhileItemsFlow_NothingLostOrRefused_OldItemsVerify_SealedToOldKeyOpens()
    {
        var councilBefore = await StaffGreenAsync("council", "Council notice signed before the rotation");
        await WaitStoredAsync("electricity-ceptoar", councilBefore);
        var oldSigningKeyId = (await _cluster["electricity-ceptoar"].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = councilBefore })).Verification.KeyId;

        var greens = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            greens.Add(await BankGreenAsync($"before rotation {i}"));
        }

        var files = new NodeKeyFiles(_cluster.Federation.NodeCertificates("council"));
        var oldTls = File.ReadAllText(files.TlsCertificate);
        string sealedToOld = "";
        await _cluster.RestartAsync("council", async () =>
        {
            // While the council is down the bank keeps sending: NISC keeps the items for it, sealed to its old key.
            sealedToOld = (await _bank.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.AmberStrict, SealedMarker)))).ItemId;
            for (var i = 0; i < 3; i++)
            {
                greens.Add(await BankGreenAsync($"while the council is down {i}"));
            }

            foreach (var kind in new[] { NodeKeyKind.Signing, NodeKeyKind.Tls, NodeKeyKind.Encryption })
            {
                RetiredKeyFiles.Rotate(_cluster.Federation.Ca, files, kind, "council", NodeRole.Council, null, TimeSpan.FromDays(30), DateTimeOffset.UtcNow);
            }
        });

        for (var i = 0; i < 3; i++)
        {
            greens.Add(await BankGreenAsync($"after rotation {i}"));
        }

        var councilAfter = await StaffGreenAsync("council", "Council notice signed after the rotation");

        // Nothing lost, nothing refused: every node the bank addressed reports each item delivered.
        foreach (var item in greens)
        {
            var last = "";
            try
            {
                await Until.TrueAsync(async () =>
                {
                    var status = await _cluster["bank-ceptoar"].Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = item });
                    last = string.Join(", ", status.Recipients.Select(r => $"{r.NodeId}={r.State} {r.Reason}"));
                    return new[] { "council", "nisc", "electricity-ceptoar", "local-gov-ceptoar" }.All(n => status.Recipients.Any(r => r.NodeId == n && r.State == "delivered"));
                }, TimeSpan.FromSeconds(60), $"every node received GREEN item {item}");
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}; {greens.IndexOf(item)}: {last}", e);
            }
        }

        // The item sealed to the council's old encryption key opens there after the rotation.
        await Until.TrueAsync(async () =>
        {
            var status = await _cluster["bank-ceptoar"].Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = sealedToOld });
            return status.Recipients.Any(r => r.NodeId == "council" && r.State == "delivered");
        }, TimeSpan.FromSeconds(60), "the council received the item sealed to its old key");
        var opened = await _cluster["council"].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = sealedToOld });
        Assert.Equal(SealedMarker, opened.Item.Body.Title);
        Assert.True(opened.Verification.Valid, opened.Verification.Problem);

        // The council's item signed with its old key still verifies everywhere, the council included.
        foreach (var node in new[] { "council", "nisc", "bank-ceptoar", "electricity-ceptoar", "local-gov-ceptoar" })
        {
            var copy = await _cluster[node].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = councilBefore });
            Assert.True(copy.Verification.Valid, $"{node}: {copy.Verification.Problem}");
            Assert.Equal(oldSigningKeyId, copy.Verification.KeyId);
        }

        // Its item signed with the new key verifies at the others: its new descriptor reached them, over the new TLS certificate.
        foreach (var node in new[] { "nisc", "bank-ceptoar", "electricity-ceptoar", "local-gov-ceptoar" })
        {
            await WaitStoredAsync(node, councilAfter);
            var copy = await _cluster[node].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = councilAfter });
            Assert.True(copy.Verification.Valid, $"{node}: {copy.Verification.Problem}");
            Assert.NotEqual(oldSigningKeyId, copy.Verification.KeyId);
        }

        Assert.NotEqual(oldTls, File.ReadAllText(files.TlsCertificate));
    }

    private async Task<string> BankGreenAsync(string title)
    {
        var draft = Drafts.Incident(Tlp.Green, "Rotation flow: " + title);
        draft.Audience = new Audience { WholeFederation = true };
        return (await _bank.SubmitAsync(Drafts.Request(draft))).ItemId;
    }

    private async Task<string> StaffGreenAsync(string nodeId, string title)
    {
        var draft = Drafts.Incident(Tlp.Green, title);
        draft.Audience = new Audience { WholeFederation = true };
        var answer = await _cluster[nodeId].Admin.SubmitItemAsync(new AdminSubmitRequest { ClientRequestId = Guid.NewGuid().ToString(), Draft = draft, StaffName = "佐藤" });
        return answer.ItemId;
    }

    private Task WaitStoredAsync(string nodeId, string itemId) =>
        Until.TrueAsync(async () => (await _cluster[nodeId].Admin.ListItemsAsync(new AdminListItemsRequest())).Items.Any(i => i.ItemId == itemId),
            TimeSpan.FromSeconds(60), $"{nodeId} stored item {itemId}");
}
