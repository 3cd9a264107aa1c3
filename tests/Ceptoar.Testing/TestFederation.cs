using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;

namespace Ceptoar.Testing;

/// <summary>A throw-away federation root and node certificates made with the real PKI code, in a test directory.</summary>
internal sealed class TestFederation
{
    private readonly FederationCa _ca;

    public TestFederation(string directory)
    {
        Directory = directory;
        _ca = FederationCa.CreateRoot("Test Federation Root", TimeSpan.FromDays(30));
        _ca.Save(Path.Combine(directory, "root"));
        RootCertificatePath = Path.Combine(directory, "root", "root.crt.pem");
    }

    public string Directory { get; }

    public string RootCertificatePath { get; }

    /// <summary>The root itself, for tests that need odd certificates (expired, unconfigured nodes).</summary>
    public FederationCa Ca => _ca;

    public System.Security.Cryptography.X509Certificates.X509Certificate2 RootCertificate => _ca.Certificate;

    /// <summary>
    /// Issues (once) and returns the certificate directory of a node. Its certified role follows the test federations'
    /// naming: "council" and "nisc" are the hubs of those roles, every other node is a secretariat.
    /// </summary>
    public string NodeCertificates(string nodeId) => NodeCertificates(nodeId, RoleOf(nodeId));

    /// <summary>Issues (once) and returns the certificate directory of a node certified for the given role.</summary>
    public string NodeCertificates(string nodeId, NodeRole role)
    {
        var dir = Path.Combine(Directory, "nodes", nodeId);
        if (!System.IO.Directory.Exists(dir))
        {
            _ca.IssueNode(nodeId, dir, TimeSpan.FromDays(30), role: role);
        }

        return dir;
    }

    /// <summary>The role the test federations certify for a node id.</summary>
    public static NodeRole RoleOf(string nodeId) => nodeId switch
    {
        "council" => NodeRole.Council,
        "nisc" => NodeRole.Nisc,
        _ => NodeRole.Secretariat,
    };
}
