using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>A member's whole path through one real node: submit, get, list, subscribe and resume, acknowledge.</summary>
public sealed class MemberFlowTests : OneNodeTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    [Fact]
    public async Task SubmitGetListSubscribeAcknowledge_OneMember_EachStepSeesTheItem()
    {
        var key = await Node.AddMemberWithKeyAsync("mizuho-bank");
        var member = Node.Member(key);

        var submitted = await member.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green)));
        Assert.False(submitted.Duplicate);
        Assert.True(Ceptoar.Core.Items.UuidV7.IsValid(submitted.ItemId));

        var got = await member.GetAsync(new GetItemRequest { ItemId = submitted.ItemId });
        Assert.Equal(submitted.ItemId, got.Item.Id);
        Assert.Equal("bank-ceptoar", got.Item.OriginNode);
        Assert.True(got.OwnSubmission);
        Assert.Equal(submitted.Cursor, got.Cursor);
        Assert.Equal(Core.Envelopes.PayloadTypes.Item, got.Envelope.PayloadType);

        var listed = await member.ListAsync(new ListItemsRequest());
        Assert.Contains(listed.Items, i => i.Item.Id == submitted.ItemId);

        using var stream = member.Subscribe(new SubscribeRequest { AfterCursor = 0 }, deadline: DateTime.UtcNow + Deadline);
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(submitted.ItemId, stream.ResponseStream.Current.Item.Id);

        var ack = await member.AcknowledgeAsync(new AcknowledgeRequest { ItemId = submitted.ItemId, Note = "read by SOC" });
        Assert.False(ack.AlreadyAcknowledged);
        var again = await member.AcknowledgeAsync(new AcknowledgeRequest { ItemId = submitted.ItemId });
        Assert.True(again.AlreadyAcknowledged);
        Assert.Equal(ack.AcknowledgedAt, again.AcknowledgedAt);
        var afterAck = await member.GetAsync(new GetItemRequest { ItemId = submitted.ItemId });
        Assert.Equal(ack.AcknowledgedAt, afterAck.AcknowledgedAt);
    }

    [Fact]
    public async Task Subscribe_EmptyFeed_HeadersArriveBeforeAnyItemThenTheFirstItemFollows()
    {
        var reader = Node.Member(await Node.AddMemberWithKeyAsync("reader-bank"));
        using var stream = reader.Subscribe(new SubscribeRequest(), deadline: DateTime.UtcNow + Deadline);

        // With nothing to send, the headers alone tell the member system its subscription is live.
        var headers = await stream.ResponseHeadersAsync.WaitAsync(Deadline);
        Assert.NotNull(headers);

        var writer = Node.Member(await Node.AddMemberWithKeyAsync("writer-bank"));
        var submitted = await writer.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "after the headers")));
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(submitted.ItemId, stream.ResponseStream.Current.Item.Id);
    }

    [Fact]
    public async Task Subscribe_ReconnectFromLastCursor_NoGapNoDuplicate()
    {
        var reader = Node.Member(await Node.AddMemberWithKeyAsync("reader-bank"));
        var writer = Node.Member(await Node.AddMemberWithKeyAsync("writer-bank"));
        var expected = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            expected.Add((await writer.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, $"first batch {i}")))).ItemId);
        }

        var received = new List<MemberItem>();
        using (var first = reader.Subscribe(new SubscribeRequest(), deadline: DateTime.UtcNow + Deadline))
        {
            // Read part of the feed, then drop the connection mid-stream.
            while (received.Count < 7 && await first.ResponseStream.MoveNext(CancellationToken.None))
            {
                received.Add(first.ResponseStream.Current);
            }
        }

        // Items committed while the subscriber is away must arrive after it resumes.
        for (var i = 0; i < 20; i++)
        {
            expected.Add((await writer.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, $"second batch {i}")))).ItemId);
        }

        using (var second = reader.Subscribe(new SubscribeRequest { AfterCursor = received[^1].Cursor }, deadline: DateTime.UtcNow + Deadline))
        {
            var live = Task.Run(async () =>
            {
                // And items committed while it is connected arrive live.
                for (var i = 0; i < 5; i++)
                {
                    expected.Add((await writer.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, $"live {i}")))).ItemId);
                }
            });
            while (received.Count < 45 && await second.ResponseStream.MoveNext(CancellationToken.None))
            {
                received.Add(second.ResponseStream.Current);
            }

            await live;
        }

        Assert.Equal(expected, received.Select(r => r.Item.Id));
        Assert.Equal(received.Select(r => r.Cursor).Order(), received.Select(r => r.Cursor));
    }

    [Fact]
    public async Task Submit_SameClientRequestIdTwice_StoredOnceAndSameAnswer()
    {
        var member = Node.Member(await Node.AddMemberWithKeyAsync("retry-bank"));
        var request = Drafts.Request(Drafts.Incident(Tlp.Green), "report-2026-0001");
        var first = await member.SubmitAsync(request);
        var second = await member.SubmitAsync(request);

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first.ItemId, second.ItemId);
        Assert.Equal(first.Cursor, second.Cursor);
        var all = await Node.Admin.ListItemsAsync(new AdminListItemsRequest { SubmittedByMember = "retry-bank" });
        Assert.Single(all.Items);
    }

    [Fact]
    public async Task Get_AmberStrictOfAnotherMember_PermissionDeniedAndAudited()
    {
        var author = Node.Member(await Node.AddMemberWithKeyAsync("author-bank"));
        var other = Node.Member(await Node.AddMemberWithKeyAsync("other-bank"));
        var secret = await author.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.AmberStrict)));
        var open = await author.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green)));

        var denied = await Assert.ThrowsAsync<RpcException>(() => other.GetAsync(new GetItemRequest { ItemId = secret.ItemId }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Contains("AMBER+STRICT", denied.Status.Detail);

        var listed = await other.ListAsync(new ListItemsRequest());
        Assert.DoesNotContain(listed.Items, i => i.Item.Id == secret.ItemId);
        Assert.Contains(listed.Items, i => i.Item.Id == open.ItemId);

        using var feed = other.Subscribe(new SubscribeRequest(), deadline: DateTime.UtcNow + Deadline);
        Assert.True(await feed.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(open.ItemId, feed.ResponseStream.Current.Item.Id);

        var ownView = await author.GetAsync(new GetItemRequest { ItemId = secret.ItemId });
        Assert.True(ownView.OwnSubmission);

        var audit = await Node.Admin.ListAuditAsync(new ListAuditRequest { Action = "item.read" });
        Assert.Contains(audit.Entries, e => e.Subject == secret.ItemId && e.Actor == "member:other-bank" && e.Outcome == "denied");
    }

    [Fact]
    public async Task List_PagesAndFilters_NoGapNoRepeat()
    {
        var member = Node.Member(await Node.AddMemberWithKeyAsync("paging-bank"));
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var draft = Drafts.Incident(Tlp.Green, i % 3 == 0 ? $"ransomware wave {i}" : $"phishing {i}");
            ids.Add((await member.SubmitAsync(Drafts.Request(draft))).ItemId);
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await member.ListAsync(new ListItemsRequest { PageSize = 5, PageToken = token });
            seen.AddRange(page.Items.Select(i => i.Item.Id));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        ids.Reverse();
        Assert.Equal(ids, seen);

        var ransomware = await member.ListAsync(new ListItemsRequest { Text = "RANSOMWARE" });
        Assert.Equal(4, ransomware.Items.Count);
        Assert.All(ransomware.Items, i => Assert.Contains("ransomware", i.Item.Body.Title));
    }

    [Fact]
    public async Task WhoAmI_ValidKey_NamesTheMember()
    {
        var member = Node.Member(await Node.AddMemberWithKeyAsync("whoami-bank", "finance", "region:kanto"));
        var me = await member.WhoAmIAsync(new WhoAmIRequest());
        Assert.Equal("whoami-bank", me.MemberId);
        Assert.Equal("bank-ceptoar", me.NodeId);
        Assert.Equal(["region:kanto"], me.Tags);
    }
}
