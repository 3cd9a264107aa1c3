using System.Net;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Rest;

/// <summary>
/// Subscribe over REST (docs/INTERCHANGE.md §4) on a real node: server-sent events with the cursor as id and resume by
/// Last-Event-ID with no gap and no duplicate; newline-delimited JSON without the SSE header; a revoked key ends the
/// stream as gRPC Subscribe ends.
/// </summary>
public sealed class RestSubscribeTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly TestDirectory _dir = new();
    private TestNode _node = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(federation, "bank-ceptoar", _dir.Combine("data"));
        _key = await _node.AddMemberWithKeyAsync("mizuho-bank");
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Subscribe_EventStream_ResumeByLastEventId_NoGapNoDuplicate(string version)
    {
        using var rest = new RestClient(_node.Ready.MemberEndpoint!, _node.Root, _key, RestClient.Parse(version));
        using var deadline = new CancellationTokenSource(Deadline);
        var first = await SubmitAsync("a", "b", "c");

        List<ServerEvent> seen;
        using (var events = await EventReader.OpenAsync(rest.Http, "/v1/items:subscribe"))
        {
            Assert.Equal(200, events.Status);
            Assert.Equal("text/event-stream", events.MediaType);
            seen = [await Next(events, deadline.Token), await Next(events, deadline.Token), await Next(events, deadline.Token)];
        }

        var later = await SubmitAsync("d", "e");
        using var resumed = await EventReader.OpenAsync(rest.Http, "/v1/items:subscribe?after_cursor=0", lastEventId: seen[1].Id);
        var again = new List<ServerEvent> { await Next(resumed, deadline.Token), await Next(resumed, deadline.Token), await Next(resumed, deadline.Token) };
        var last = await SubmitAsync("f");
        var afterLast = await Next(resumed, deadline.Token);

        Assert.Equal(first, seen.Select(e => e.ItemId));
        Assert.All(seen, e => Assert.Equal("item", e.Event));
        Assert.All(seen, e => Assert.Equal(e.Json.GetProperty("cursor").GetString(), e.Id));
        Assert.Equal([first[2], .. later], again.Select(e => e.ItemId));
        // The next event after the three is the item submitted after them: nothing repeated, nothing skipped.
        Assert.Equal(last[0], afterLast.ItemId);
    }

    [Fact]
    public async Task Subscribe_WithoutEventStreamHeader_NewlineDelimitedJson()
    {
        using var rest = new RestClient(_node.Ready.MemberEndpoint!, _node.Root, _key, HttpVersion.Version20);
        using var deadline = new CancellationTokenSource(Deadline);
        var ids = await SubmitAsync("one", "two");

        using var stream = await EventReader.OpenAsync(rest.Http, "/v1/items:subscribe?exclude_exercise=true", accept: "application/json");
        var lines = new[] { await stream.NextLineAsync(deadline.Token), await stream.NextLineAsync(deadline.Token) };

        Assert.Equal("application/json", stream.MediaType);
        Assert.Equal(ids, lines.Select(l => System.Text.Json.JsonDocument.Parse(l!).RootElement.GetProperty("item").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Subscribe_EventStream_KeyRevoked_EndsWithErrorEvent()
    {
        using var rest = new RestClient(_node.Ready.MemberEndpoint!, _node.Root, _key, HttpVersion.Version11);
        using var deadline = new CancellationTokenSource(Deadline);
        var keyId = (await _node.Member(_key).WhoAmIAsync(new WhoAmIRequest())).KeyId;
        var before = await SubmitAsync("before");
        using var events = await EventReader.OpenAsync(rest.Http, "/v1/items:subscribe");
        var first = await Next(events, deadline.Token);

        await _node.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = keyId, Reason = "leaked" });
        await SubmitAsOtherAsync("after the revocation");
        var end = await Next(events, deadline.Token);
        var closed = await events.NextAsync(deadline.Token);

        Assert.Equal(before[0], first.ItemId);
        Assert.Equal("error", end.Event);
        Assert.Equal(16, end.Json.GetProperty("code").GetInt32());
        Assert.Null(closed);
    }

    [Fact]
    public async Task Subscribe_EventStream_MemberDisabled_EndsWithPermissionDenied()
    {
        using var rest = new RestClient(_node.Ready.MemberEndpoint!, _node.Root, _key, HttpVersion.Version20);
        using var deadline = new CancellationTokenSource(Deadline);
        var before = await SubmitAsync("before");
        using var events = await EventReader.OpenAsync(rest.Http, "/v1/items:subscribe");
        var first = await Next(events, deadline.Token);

        await _node.Admin.DisableMemberAsync(new DisableMemberRequest { MemberId = "mizuho-bank", Reason = "contract ended" });
        await SubmitAsOtherAsync("after the member was disabled");
        var end = await Next(events, deadline.Token);

        Assert.Equal(before[0], first.ItemId);
        Assert.Equal("error", end.Event);
        Assert.Equal(7, end.Json.GetProperty("code").GetInt32());
        Assert.DoesNotContain("after the member was disabled", end.Data, StringComparison.Ordinal);
        Assert.Null(await events.NextAsync(deadline.Token));
    }

    [Fact]
    public async Task Subscribe_EventStream_NoKey_401JsonNotAStream()
    {
        using var rest = new RestClient(_node.Ready.MemberEndpoint!, _node.Root, null, HttpVersion.Version20);

        using var events = await EventReader.OpenAsync(rest.Http, "/v1/items:subscribe");
        var body = await events.ReadToEndAsync();

        Assert.Equal(401, events.Status);
        Assert.Equal("application/json", events.MediaType);
        Assert.Contains("\"code\":16", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("99999999999999999999999")]
    public async Task Subscribe_EventStream_BadLastEventId_400NamingTheHeader(string lastEventId)
    {
        using var rest = new RestClient(_node.Ready.MemberEndpoint!, _node.Root, _key, HttpVersion.Version11);

        using var events = await EventReader.OpenAsync(rest.Http, "/v1/items:subscribe", lastEventId);
        var body = await events.ReadToEndAsync();

        Assert.Equal(400, events.Status);
        Assert.Contains("Last-Event-ID", body, StringComparison.Ordinal);
    }

    private static async Task<ServerEvent> Next(EventReader events, CancellationToken cancellationToken) =>
        await events.NextAsync(cancellationToken) ?? throw new InvalidOperationException("the event stream ended early");

    private async Task<List<string>> SubmitAsync(params string[] titles)
    {
        var member = _node.Member(_key);
        var ids = new List<string>();
        foreach (var title in titles)
        {
            ids.Add((await member.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, title)))).ItemId);
        }

        return ids;
    }

    private async Task SubmitAsOtherAsync(string title)
    {
        var other = await _node.AddMemberWithKeyAsync("mufg-bank");
        await _node.Member(other).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, title)));
    }
}
