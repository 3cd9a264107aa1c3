using Ceptoar.Core.Pki;

namespace Ceptoar.Core.Tests.Pki;

public sealed class NodeUriTests
{
    [Theory]
    [InlineData("ab")]
    [InlineData("nisc")]
    [InlineData("bank-ceptoar")]
    [InlineData("a1")]
    [InlineData("x-")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789-abcdefghijklmnopqrstuvwxyz")]
    public void IsValidNodeId_Valid_True(string nodeId)
    {
        Assert.True(NodeUri.IsValidNodeId(nodeId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("1a")]
    [InlineData("-a")]
    [InlineData("Nisc")]
    [InlineData("a_b")]
    [InlineData("a.b")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("日本")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789-abcdefghijklmnopqrstuvwxyz0")]
    public void IsValidNodeId_Invalid_False(string nodeId)
    {
        Assert.False(NodeUri.IsValidNodeId(nodeId));
    }

    [Fact]
    public void For_NodeId_UrnWithPrefix()
    {
        Assert.Equal("urn:ceptoar:node:council", NodeUri.For("council"));
    }

    [Fact]
    public void NodeIdOf_NodeAndRootCertificates_IdOrNull()
    {
        using var pki = new PkiFixture();
        using var signing = PemTestFiles.Certificate(pki.Node.SigningCertificate);

        Assert.Equal(PkiFixture.NodeId, NodeUri.NodeIdOf(signing));
        Assert.Null(NodeUri.NodeIdOf(pki.Root.Certificate));
    }
}
