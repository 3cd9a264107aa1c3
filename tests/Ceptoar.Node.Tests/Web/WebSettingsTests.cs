using Ceptoar.Node.Composition;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Tests.Web;

/// <summary>The console's settings are checked at start like every other, each refusal naming the setting and the fix (docs/CONSOLE.md §1).</summary>
public sealed class WebSettingsTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("Node:WebListen", "localhost:7543", "Node:WebListen 'localhost:7543' is not an address: use host:port with an IP address")]
    [InlineData("Node:WebListen", "7543", "Node:WebListen '7543' is not an address")]
    [InlineData("Web:SessionMinutes", "0", "Web:SessionMinutes is 0: use 1 to 1440 minutes")]
    [InlineData("Web:SessionMaxHours", "1000", "Web:SessionMaxHours is 1000: use 1 to 168 hours")]
    [InlineData("Web:SessionMinutes", "1440", "Web:SessionMaxHours is 12 hours, shorter than Web:SessionMinutes (1440): make the absolute cap at least the sliding session")]
    public async Task Build_BadWebSetting_RefusedNamingTheSetting(string key, string value, string message)
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        var settings = NodeArguments.For(federation, "bank-ceptoar", _dir.Combine("data"));
        settings[key] = value;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NodeApp.BuildAsync(NodeArguments.ToArgs(settings)));

        Assert.StartsWith(message, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WebListenNotSet_NoWebEndpointAndNoConsole()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        await using var node = await TestNode.StartAsync(federation, "bank-ceptoar", _dir.Combine("data"));
        using var http = new HttpClient(Clients.TlsHandler(node.Root)) { BaseAddress = new Uri(node.Ready.MemberEndpoint!) };

        using var answer = await http.GetAsync("/sign-in");

        Assert.Null(node.Ready.WebEndpoint);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, answer.StatusCode);
    }
}
