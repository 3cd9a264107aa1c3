using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Composition;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// A node's role is certified by the federation root in its certificates, never asserted: a peer whose descriptor claims
/// a role its certificates do not certify is refused at the real federation door, and a node does not start with a
/// Node:Role its own certificates do not certify.
/// </summary>
public sealed class RoleCertificationTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestFederation _federation = null!;
    private TestNode _council = null!;

    public async Task InitializeAsync()
    {
        _federation = new TestFederation(_dir.Combine("pki"));
        _council = await TestNode.StartAsync(_federation, "council", _dir.Combine("council"), s =>
        {
            s["Node:Role"] = "council";
            s["Node:FederationListen"] = "127.0.0.1:0";
        });
        await _council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "bank-ceptoar", Endpoint = "https://127.0.0.1:9" });
    }

    public async Task DisposeAsync()
    {
        await _council.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(NodeRole.Council)]
    [InlineData(NodeRole.Nisc)]
    public async Task Hello_SecretariatClaimsAHubRole_InvalidArgumentAuditedAndNotInTheDirectory(NodeRole claimed)
    {
        // bank-ceptoar's certificates certify "secretariat" (TestFederation issues every non-hub id so).
        using var peer = Peer("bank-ceptoar");

        var error = await Assert.ThrowsAsync<RpcException>(() => peer.Client.HelloAsync(new HelloRequest { NodeDescriptor = Descriptor("bank-ceptoar", claimed) },
            deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains($"claims the role '{NodeRoles.Name(claimed)}'", error.Status.Detail);
        Assert.Contains("certifies the role 'secretariat'", error.Status.Detail);
        var audit = await _council.Admin.ListAuditAsync(new ListAuditRequest { Action = "descriptor.receive", Limit = 100 });
        Assert.Contains(audit.Entries, e => e.Actor == "peer:bank-ceptoar" && e.Outcome == "rejected" && e.Detail.Contains("certifies the role 'secretariat'", StringComparison.Ordinal));
        var directory = await _council.Admin.GetDirectoryAsync(new GetDirectoryRequest());
        Assert.DoesNotContain(directory.Nodes, n => n.NodeId == "bank-ceptoar");
    }

    [Fact]
    public async Task Hello_SecretariatClaimsItsCertifiedRole_Accepted()
    {
        using var peer = Peer("bank-ceptoar");

        var response = await peer.Client.HelloAsync(new HelloRequest { NodeDescriptor = Descriptor("bank-ceptoar", NodeRole.Secretariat) },
            deadline: DateTime.UtcNow.AddSeconds(10));

        Assert.NotNull(response.NodeDescriptor);
        var directory = await _council.Admin.GetDirectoryAsync(new GetDirectoryRequest());
        Assert.Contains(directory.Nodes, n => n.NodeId == "bank-ceptoar" && n.Role == "secretariat");
    }

    [Fact]
    public async Task Build_NodeRoleNotCertifiedByItsCertificates_RefusedNamingNodeRole()
    {
        // electricity-ceptoar's certificates certify "secretariat"; configured as a hub it must not start.
        var settings = NodeArguments.For(_federation, "electricity-ceptoar", _dir.Combine("electricity"));
        settings["Node:Role"] = "nisc";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeApp.BuildAsync(NodeArguments.ToArgs(settings)));

        Assert.Contains("Node:Role is 'nisc'", error.Message);
        Assert.Contains("certifies the role 'secretariat'", error.Message);
    }

    private RawPeer Peer(string nodeId) =>
        new(_council.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(_federation.NodeCertificates(nodeId)), _federation.RootCertificate);

    /// <summary>
    /// A descriptor signed with the node's real key (a valid signature) claiming the given role: signing checks nothing
    /// about the role, as a hostile node's software would not.
    /// </summary>
    private Envelope Descriptor(string nodeId, NodeRole role)
    {
        var credentials = NodeCredentials.Load(new NodeKeyFiles(_federation.NodeCertificates(nodeId)), nodeId, TrustBundle.Load([_federation.RootCertificatePath]), DateTimeOffset.UtcNow);
        return NodeDescriptors.Sign(credentials, new NodeDescriptor
        {
            Role = role,
            Sectors = { "finance" },
            ValidUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
        });
    }
}
