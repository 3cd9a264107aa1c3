using System.Net;
using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Web;

/// <summary>
/// The web console is served on Node:WebListen only, and nothing else is served there (docs/CONSOLE.md §1): gRPC, REST,
/// TAXII, health and metrics answer 404 on the web listener; the console's paths answer 404 on every other listener.
/// </summary>
public sealed class WebListenerTests(WebNode web) : IClassFixture<WebNode>
{
    private const string ConsoleName = "CEPTOAR web console";

    [Theory]
    [InlineData("/v1/items")]
    [InlineData("/taxii2/")]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/metrics")]
    [InlineData("/ceptoar.federation.v1.MemberService/List")]
    [InlineData("/grpc.health.v1.Health/Check")]
    public async Task WebListener_OtherDoorsPaths_404ConsolePage(string path)
    {
        using var client = web.Client("en");
        client.Cookies.Add(client.BaseAddress, new Cookie("unused", "x"));

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", web.ApiKey);
        var page = await client.SendAsync(request);

        Assert.Equal(404, page.Status);
        Assert.Equal("Page not found", page.Document.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task WebListener_GrpcMemberCall_Refused()
    {
        var member = Clients.Member(web.WebEndpoint, web.Node.Root, web.ApiKey);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await member.ListAsync(new ListItemsRequest()));

        // grpc-dotnet reports an HTTP 404 answer as Unimplemented.
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task MemberListener_GrpcAndRest_StillServed()
    {
        var list = await web.Node.Member(web.ApiKey).ListAsync(new ListItemsRequest());
        using var http = new HttpClient(Clients.TlsHandler(web.Node.Root)) { BaseAddress = new Uri(web.Node.Ready.MemberEndpoint!) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", web.ApiKey);

        using var rest = await http.GetAsync("/v1/items");

        Assert.Empty(list.Items);
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
    }

    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/")]
    [InlineData("/password")]
    [InlineData("/console.css")]
    [InlineData("/console.js")]
    [InlineData("/NotFound")]
    public async Task MemberListener_ConsolePaths_404NotTheConsole(string path)
    {
        using var http = new HttpClient(Clients.TlsHandler(web.Node.Root)) { BaseAddress = new Uri(web.Node.Ready.MemberEndpoint!) };

        using var answer = await http.GetAsync(path);
        var body = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.DoesNotContain(ConsoleName, body, StringComparison.Ordinal);
        Assert.False(answer.Headers.Contains("Set-Cookie"), path);
    }

    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/console.css")]
    public async Task MemberListener_ConsolePost_404NotTheConsole(string path)
    {
        using var http = new HttpClient(Clients.TlsHandler(web.Node.Root)) { BaseAddress = new Uri(web.Node.Ready.MemberEndpoint!) };

        using var answer = await http.PostAsync(path, new FormUrlEncodedContent([new("Login", "x")]));

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.DoesNotContain(ConsoleName, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/console.css")]
    public async Task MonitoringListener_ConsolePaths_404(string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(web.Node.Ready.MonitoringEndpoint!) };

        using var answer = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.DoesNotContain(ConsoleName, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebListener_Http2AndHttp11_BothServeTheConsole()
    {
        foreach (var version in new[] { HttpVersion.Version11, HttpVersion.Version20 })
        {
            using var http = new HttpClient(Clients.TlsHandler(web.Node.Root))
            {
                BaseAddress = new Uri(web.WebEndpoint),
                DefaultRequestVersion = version,
                DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };

            using var answer = await http.GetAsync("/sign-in");

            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(version, answer.Version);
        }
    }

    [Fact]
    public void ReadyFile_NamesTheWebEndpoint()
    {
        var ready = web.Node.Ready;

        Assert.StartsWith("https://127.0.0.1:", ready.WebEndpoint, StringComparison.Ordinal);
        Assert.NotEqual(ready.MemberEndpoint, ready.WebEndpoint);
    }
}
