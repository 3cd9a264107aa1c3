using Ceptoar.Federation.V1;
using Ceptoar.Node.Tests.Taxii;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Interchange;

/// <summary>
/// The leak matrix of <see cref="LeakMatrix"/> run through every door a member reads by (DESIGN: "nothing is ever widened by
/// a door"): gRPC Get and List, STIX and MISP export one item at a time and all at once, and the member's TAXII collection.
/// Each shows exactly the items the table entitles the member to — the same its gRPC List shows — and nothing of the rest.
/// REST has its own run of the same table (RestLeakTests), with its event stream.
/// </summary>
public sealed class DoorLeakMatrixTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private Dictionary<string, string> _keys = [];
    private Dictionary<string, string> _ids = [];
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), LeakMatrix.Node, _dir.Combine("data"));
        (_keys, _ids) = await LeakMatrix.FillAsync(_node);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("mizuho-bank")]
    [InlineData("mufg-bank")]
    [InlineData("tepco")]
    [InlineData("jr-east")]
    public async Task ExportDoors_EachMember_ExactlyWhatItIsEntitledTo(string member)
    {
        var client = _node.Member(_keys[member]);
        var entitled = LeakMatrix.Entitled[member].ToHashSet(StringComparer.Ordinal);
        var listed = (await client.ListAsync(new ListItemsRequest { PageSize = 500 })).Items.Select(i => i.Item.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(entitled.Select(n => _ids[n]).ToHashSet(StringComparer.Ordinal), listed);

        foreach (var format in new[] { InterchangeFormat.Stix, InterchangeFormat.Misp })
        {
            foreach (var (name, id) in _ids)
            {
                if (entitled.Contains(name))
                {
                    var text = (await client.ExportAsync(new ExportRequest { Format = format, ItemIds = { id } })).Document.ToStringUtf8();
                    Assert.Contains(name, text, StringComparison.Ordinal);
                    Assert.DoesNotContain(LeakMatrix.Items.Select(i => i.Name), other => other != name && text.Contains(other, StringComparison.Ordinal));
                }
                else
                {
                    var e = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(new ExportRequest { Format = format, ItemIds = { id } }).ResponseAsync);
                    Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
                    Assert.DoesNotContain(name, e.Status.Detail, StringComparison.Ordinal);
                }
            }

            // All it may see at once: each entitled item's name, none of the others'.
            var all = (await client.ExportAsync(new ExportRequest { Format = format, ItemIds = { listed } })).Document.ToStringUtf8();
            Assert.Equal(entitled, Shown(all));
        }

        // The member's TAXII feed collection, every page.
        using var taxii = new TaxiiHttp(_node, _keys[member]);
        var (feed, _) = await taxii.CollectionsAsync();
        var objects = await taxii.AllObjectsAsync(feed, limit: 3);
        Assert.Equal(entitled, Shown(string.Join('\n', objects.Select(o => o.ToJsonString()))));
    }

    /// <summary>The names of the matrix's items a door's output shows.</summary>
    private static HashSet<string> Shown(string output) =>
        LeakMatrix.Items.Select(i => i.Name).Where(n => output.Contains(n, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
}
