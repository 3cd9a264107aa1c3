using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Tests.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Core.Tests.Descriptors;

/// <summary>Two federation roots and node certificates issued into a fresh temp directory, deleted at teardown.</summary>
internal sealed class DescriptorFixture : IDisposable
{
    public const string Bank = "bank-ceptoar";
    public const string Council = "council";

    private int _issued;

    public DescriptorFixture()
    {
        Now = DateTimeOffset.UtcNow;
        CouncilRoot = FederationCa.CreateRoot("Council Federation Root", TimeSpan.FromDays(3650));
        NiscRoot = FederationCa.CreateRoot("NISC Federation Root", TimeSpan.FromDays(3650));
        Trust = new TrustBundle([CouncilRoot.Certificate]);
    }

    public DateTimeOffset Now { get; }

    public TempDirectory Directory { get; } = new();

    public FederationCa CouncilRoot { get; }

    public FederationCa NiscRoot { get; }

    /// <summary>Trusts the Council root only.</summary>
    public TrustBundle Trust { get; }

    /// <summary>Issues a node's three certificates and loads them as its credentials.</summary>
    public NodeCredentials Issue(string nodeId, FederationCa? root = null, TimeSpan? validity = null, NodeRole? role = null)
    {
        var ca = root ?? CouncilRoot;
        var files = IssueFiles(nodeId, ca, validity ?? TimeSpan.FromDays(365), role);
        return NodeCredentials.Load(files, nodeId, new TrustBundle([ca.Certificate]), Now);
    }

    /// <param name="role">The role certified in the certificates; null issues them without one (as before roles were certified).</param>
    public NodeKeyFiles IssueFiles(string nodeId, FederationCa root, TimeSpan validity, NodeRole? role = null) =>
        root.IssueNode(nodeId, Directory.Combine($"{nodeId}-{++_issued}"), validity, role: role);

    public static NodeDescriptor NewDescriptor(DateTimeOffset validUntil) => new()
    {
        Role = NodeRole.Secretariat,
        NameJa = "金融CEPTOAR",
        NameEn = "Bank CEPTOAR",
        Sectors = { "finance" },
        Endpoints = { "https://127.0.0.1:7301" },
        Peers = { Council, "nisc" },
        ValidUntil = Timestamp.FromDateTimeOffset(validUntil),
        ContactMeans = { "email:ceptoar@bank.example" },
    };

    /// <summary>A descriptor for credentials, signed by them (the normal case).</summary>
    public Envelope Signed(NodeCredentials credentials, Action<NodeDescriptor>? change = null)
    {
        var descriptor = NewDescriptor(Now.AddDays(7));
        change?.Invoke(descriptor);
        return NodeDescriptors.Sign(credentials, descriptor, Now);
    }

    /// <summary>The descriptor Sign would produce for credentials (certificates filled in), for a test to change and SignRaw.</summary>
    public NodeDescriptor Completed(NodeCredentials credentials) =>
        NodeDescriptor.Parser.ParseFrom(Signed(credentials).Payload);

    /// <summary>Signs with the credentials' key as it is, skipping Sign's checks: what a faulty or hostile node could send.</summary>
    public static Envelope SignRaw(NodeCredentials credentials, NodeDescriptor descriptor) =>
        credentials.CreateEnvelopeSigner().Sign(PayloadTypes.Descriptor, descriptor.ToByteString());

    public DescriptorCheck Verify(Envelope envelope, TrustBundle? trust = null, DateTimeOffset? now = null) =>
        NodeDescriptors.Verify(envelope, trust ?? Trust, now ?? Now, TimePolicy.Default);

    public void Dispose()
    {
        CouncilRoot.Dispose();
        NiscRoot.Dispose();
        Directory.Dispose();
    }
}
