using Ceptoar.AdminCli.Query;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

/// <summary>The summary lines and notes of `query …` and `directory`, built from responses directly.</summary>
public sealed class QueryViewsTests
{
    [Fact]
    public void Summary_FourOfFiveAnswered_CountsTheUnreachableOne()
    {
        var response = Response(812, items: 23, "answered", "answered", "answered", "unreachable", "answered");

        Assert.Equal("answered by 4 of 5 nodes (1 unreachable) in 812 ms; 23 items", QueryViews.Summary(response));
    }

    [Fact]
    public void Summary_EveryOutcome_InAFixedOrderWithUnknownOnesLast()
    {
        var response = Response(60000, items: 1, "refused", "withdrawn", "timed_out", "answered", "unreachable", "refused", "");

        Assert.Equal(
            "answered by 1 of 7 nodes (1 unreachable, 1 timed out, 2 refused, 1 unknown, 1 withdrawn) in 60000 ms; 1 item",
            QueryViews.Summary(response));
    }

    [Fact]
    public void Summary_OneNode_IsSingular()
    {
        Assert.Equal("answered by 1 of 1 node in 3 ms; 0 items", QueryViews.Summary(Response(3, items: 0, "answered")));
    }

    [Fact]
    public void PartialNote_AllAnswered_IsNull()
    {
        Assert.Null(QueryViews.PartialNote(Response(10, items: 2, "answered", "answered"), 5));
    }

    [Fact]
    public void PartialNote_TimedOut_SuggestsALargerDeadline()
    {
        var note = QueryViews.PartialNote(Response(5000, items: 0, "answered", "timed_out"), 5);

        Assert.Equal(
            "note: partial result: 1 node did not answer: node-1 (timed out). Items only they hold are not in this list. "
            + "Retry later, or with a --deadline above 5 s.",
            note);
    }

    [Fact]
    public void IndicatorSummary_CountsDistinctNodesInOrder()
    {
        var response = Response(10, items: 0, "answered");
        response.Items.Add(Seen("b-node", "a-node"));
        response.Items.Add(Seen("a-node"));
        var indicator = new IndicatorValue(IndicatorType.Sha256, new string('a', 64));

        Assert.Equal(
            $"{new string('a', 64)} (SHA-256) seen in 2 items from 2 nodes: a-node, b-node",
            QueryViews.IndicatorSummary(indicator, response));
    }

    [Fact]
    public void SignatureWarning_AllValid_IsNull()
    {
        var response = Response(1, items: 3, "answered");

        Assert.Null(QueryViews.SignatureWarning(response));
    }

    [Fact]
    public void DirectorySummary_CountsVerifiedEntries_AndNamesTheOthers()
    {
        var directory = new DirectoryView();
        directory.Nodes.Add([
            new DirectoryEntryView { NodeId = "nisc", Verified = true },
            new DirectoryEntryView { NodeId = "council", Verified = false },
            new DirectoryEntryView { NodeId = "bank-ceptoar", Verified = false },
        ]);

        Assert.Equal("3 nodes in the directory; 1 verified against this node's trusted roots.", DirectoryCommand.Summary(directory));
        Assert.StartsWith("warning: the descriptors of council, bank-ceptoar do not verify", DirectoryCommand.Unverified(directory));
    }

    [Fact]
    public void DirectoryRow_EmptyLists_ShowADash()
    {
        var row = DirectoryCommand.Row(new DirectoryEntryView { NodeId = "nisc", Role = "nisc", Verified = true });

        Assert.Equal(["nisc", "nisc", "", "", "-", "-", "", "-", "yes"], row);
    }

    private static QueryItemsResponse Response(uint elapsedMs, int items, params string[] statuses)
    {
        var response = new QueryItemsResponse { ElapsedMs = elapsedMs };
        response.Statuses.Add(statuses.Select((s, i) => new NodeQueryStatus { NodeId = $"node-{i}", Status = s }));
        response.Items.Add(Enumerable.Range(0, items).Select(i => new FederatedItem { Item = new Item { Id = $"item-{i}" }, SignatureValid = true }));
        return response;
    }

    private static FederatedItem Seen(params string[] nodes)
    {
        var item = new FederatedItem { Item = new Item(), SignatureValid = true };
        item.SeenAt.Add(nodes);
        return item;
    }
}
