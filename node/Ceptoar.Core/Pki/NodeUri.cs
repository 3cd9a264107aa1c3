using System.Security.Cryptography.X509Certificates;

namespace Ceptoar.Core.Pki;

/// <summary>The SAN URI that binds a certificate to a node: urn:ceptoar:node:&lt;node-id&gt;.</summary>
public static class NodeUri
{
    public const string Prefix = "urn:ceptoar:node:";

    public static string For(string nodeId) => Prefix + nodeId;

    /// <summary>The node id in the certificate's SAN URI, or null when it has none (or more than one).</summary>
    public static string? NodeIdOf(X509Certificate2 certificate) => throw new NotImplementedException();

    /// <summary>Node ids: 2 to 63 characters of a-z, 0-9 and '-', starting with a letter.</summary>
    public static bool IsValidNodeId(string nodeId) => throw new NotImplementedException();
}
