using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>Whole-store and whole-feed reads the fault tests compare against what they expect.</summary>
internal static class FederationReads
{
    /// <summary>Every item the node stores, by id; a second row for one id fails the test.</summary>
    public static async Task<Dictionary<string, AdminItemSummary>> StoredAsync(RunningNode node)
    {
        var items = new Dictionary<string, AdminItemSummary>(StringComparer.Ordinal);
        var token = "";
        do
        {
            var page = await node.Admin.ListItemsAsync(new AdminListItemsRequest { PageSize = 500, PageToken = token });
            foreach (var item in page.Items)
            {
                Assert.True(items.TryAdd(item.ItemId, item), $"{item.ItemId} stored twice at {node.Ready.NodeId}");
            }

            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return items;
    }

    /// <summary>
    /// The member's feed through Subscribe from the start, in order, until it holds <paramref name="count"/> items or the
    /// deadline passes (then it returns what came: the caller reports what is missing).
    /// </summary>
    public static async Task<List<string>> FeedAsync(MemberService.MemberServiceClient member, int count, TimeSpan deadline)
    {
        var ids = new List<string>();
        using var stop = new CancellationTokenSource(deadline);
        using var stream = member.Subscribe(new SubscribeRequest(), cancellationToken: stop.Token);
        try
        {
            while (ids.Count < count && await stream.ResponseStream.MoveNext(stop.Token))
            {
                ids.Add(stream.ResponseStream.Current.Item.Id);
            }
        }
        catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.Cancelled && stop.IsCancellationRequested)
        {
            // Late: what arrived is the answer.
        }

        return ids;
    }

    /// <summary>Every item the member may see now, through List (a check on Subscribe that does not wait for a count).</summary>
    public static async Task<List<string>> ListedAsync(MemberService.MemberServiceClient member)
    {
        var ids = new List<string>();
        var token = "";
        do
        {
            var page = await member.ListAsync(new ListItemsRequest { PageSize = 500, PageToken = token });
            ids.AddRange(page.Items.Select(i => i.Item.Id));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return ids;
    }
}
