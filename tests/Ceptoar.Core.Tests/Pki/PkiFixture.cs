using Ceptoar.Core.Pki;

namespace Ceptoar.Core.Tests.Pki;

/// <summary>A root and a node issued into a fresh temp directory: the common starting point of the PKI tests.</summary>
internal sealed class PkiFixture : IDisposable
{
    public const string NodeId = "bank-ceptoar";

    public PkiFixture()
    {
        Root = FederationCa.CreateRoot("Test Federation Root", TimeSpan.FromDays(3650));
        Root.Save(Directory.Combine("root"));
        Node = Root.IssueNode(NodeId, Directory.Combine("nodes", NodeId), TimeSpan.FromDays(365));
        Trust = TrustBundle.Load([Directory.Combine("root", FederationCa.CertificateFileName)]);
    }

    public TempDirectory Directory { get; } = new();

    public FederationCa Root { get; }

    public NodeKeyFiles Node { get; }

    public TrustBundle Trust { get; }

    public void Dispose()
    {
        Root.Dispose();
        Directory.Dispose();
    }
}
