using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>An open Subscribe stream ends as soon as its key is revoked or its member disabled: nothing committed after reaches it.</summary>
public sealed class MemberStreamEndTests : OneNodeTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Subscribe_KeyRevokedWhileOpen_EndsUnauthenticatedNothingSubmittedAfterArrivesAndAudited()
    {
        using var feed = await OpenLiveFeedAsync();
        var keyId = feed.KeyId;

        await Node.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = keyId, Reason = "laptop stolen" });
        var after = await feed.Writer.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "after the revoke")));

        var (received, error) = await ReadToTheEndAsync(feed.Stream);
        Assert.DoesNotContain(after.ItemId, received);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains($"API key {keyId} was revoked", error.Status.Detail);
        Assert.Contains("ask your secretariat for a new key", error.Status.Detail);
        var audit = await Node.Admin.ListAuditAsync(new ListAuditRequest { Action = "call.end", Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Actor == "member:reader-bank" && e.Outcome == "denied"
            && e.Subject.EndsWith("/Subscribe", StringComparison.Ordinal) && e.Detail.Contains(keyId, StringComparison.Ordinal) && e.Detail.Contains("laptop stolen", StringComparison.Ordinal));
        // A new call with the key is refused too, and the item itself was stored: only the revoked key was cut off.
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => feed.Reader.WhoAmIAsync(new WhoAmIRequest()).ResponseAsync)).StatusCode);
        Assert.Equal(after.ItemId, (await feed.Writer.GetAsync(new GetItemRequest { ItemId = after.ItemId })).Item.Id);
    }

    [Fact]
    public async Task Subscribe_MemberDisabledWhileOpen_EndsPermissionDeniedNothingSubmittedAfterArrivesAndAudited()
    {
        using var feed = await OpenLiveFeedAsync();

        await Node.Admin.DisableMemberAsync(new DisableMemberRequest { MemberId = "reader-bank", Reason = "contract ended" });
        var after = await feed.Writer.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "after the disable")));

        var (received, error) = await ReadToTheEndAsync(feed.Stream);
        Assert.DoesNotContain(after.ItemId, received);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("member 'reader-bank' is disabled", error.Status.Detail);
        Assert.Contains("contact your secretariat", error.Status.Detail);
        var audit = await Node.Admin.ListAuditAsync(new ListAuditRequest { Action = "call.end", Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Actor == "member:reader-bank" && e.Outcome == "denied"
            && e.Detail.Contains(feed.KeyId, StringComparison.Ordinal) && e.Detail.Contains("contract ended", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Subscribe_AnotherKeyOfTheSameMemberRevoked_StreamKeepsDelivering()
    {
        using var feed = await OpenLiveFeedAsync();
        var other = await Node.Admin.IssueApiKeyAsync(new IssueApiKeyRequest { MemberId = "reader-bank", Label = "second" });

        await Node.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = other.Key.KeyId, Reason = "not needed" });
        var after = await feed.Writer.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "after the other key's revoke")));

        Assert.True(await feed.Stream.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(after.ItemId, feed.Stream.ResponseStream.Current.Item.Id);
    }

    /// <summary>A reader's Subscribe that has delivered one item (so it is open and past authentication), and a writer.</summary>
    [Fact]
    public async Task Subscribe_NodeStopsWhileOpen_EndsUnavailableSayingWhereToResume()
    {
        using var feed = await OpenLiveFeedAsync();

        var stopping = Node.DisposeAsync().AsTask();
        var (_, error) = await ReadToTheEndAsync(feed.Stream);
        await stopping;

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("bank-ceptoar is stopping: subscribe again after it restarts", error.Status.Detail);
    }

    private async Task<LiveFeed> OpenLiveFeedAsync()
    {
        var reader = Node.Member(await Node.AddMemberWithKeyAsync("reader-bank"));
        var writer = Node.Member(await Node.AddMemberWithKeyAsync("writer-bank"));
        var keyId = (await reader.WhoAmIAsync(new WhoAmIRequest())).KeyId;
        var before = await writer.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "before the change")));
        var stream = reader.Subscribe(new SubscribeRequest { AfterCursor = 0 }, deadline: DateTime.UtcNow + Deadline);
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(before.ItemId, stream.ResponseStream.Current.Item.Id);
        return new LiveFeed(reader, keyId, stream, writer);
    }

    /// <summary>Every item the stream still gives, and the error that ends it (DeadlineExceeded if it never ends).</summary>
    private static async Task<(List<string> Received, RpcException Error)> ReadToTheEndAsync(AsyncServerStreamingCall<MemberItem> stream)
    {
        var received = new List<string>();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await stream.ResponseStream.MoveNext(CancellationToken.None))
            {
                received.Add(stream.ResponseStream.Current.Item.Id);
            }
        });
        return (received, error);
    }

    private sealed record LiveFeed(MemberService.MemberServiceClient Reader, string KeyId, AsyncServerStreamingCall<MemberItem> Stream, MemberService.MemberServiceClient Writer)
        : IDisposable
    {
        public void Dispose() => Stream.Dispose();
    }
}
