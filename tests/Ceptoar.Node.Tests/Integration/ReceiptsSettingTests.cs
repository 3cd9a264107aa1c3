using Ceptoar.Node.Composition;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>Receipts:ShareMemberIdentity is checked at start: a value that is not a choice stops the node, naming the setting.</summary>
public sealed class ReceiptsSettingTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("everyone")]
    [InlineData("")]
    [InlineData("name")]
    public async Task Build_ShareMemberIdentityNotAChoice_RefusedNamingTheSettingAndChoices(string value)
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        var settings = NodeArguments.For(federation, "bank-ceptoar", _dir.Combine("data"));
        settings["Receipts:ShareMemberIdentity"] = value;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NodeApp.BuildAsync(NodeArguments.ToArgs(settings)));

        Assert.Equal("Receipts", error.OptionsName);
        var failure = Assert.Single(error.Failures);
        Assert.StartsWith($"Receipts:ShareMemberIdentity '{value}' is not a choice: use 'count'", failure, StringComparison.Ordinal);
        Assert.Contains("'names'", failure, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Combine("data")), "a refused configuration must not create the data directory");
    }
}
