using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Ceptoar.Core.Pki;

/// <summary>The SAN URI that binds a certificate to a node: urn:ceptoar:node:&lt;node-id&gt;.</summary>
public static class NodeUri
{
    public const string Prefix = "urn:ceptoar:node:";

    private const string SubjectAltNameOid = "2.5.29.17";
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    public static string For(string nodeId) => Prefix + nodeId;

    /// <summary>The node id in the certificate's SAN URI, or null when it has none (or more than one).</summary>
    public static string? NodeIdOf(X509Certificate2 certificate)
    {
        var ids = NodeIdsOf(certificate);
        return ids.Count == 1 && IsValidNodeId(ids[0]) ? ids[0] : null;
    }

    /// <summary>Node ids: 2 to 63 characters of a-z, 0-9 and '-', starting with a letter (the rule lives in Identifiers).</summary>
    public static bool IsValidNodeId(string nodeId) => Items.Identifiers.IsValidNodeId(nodeId);

    /// <summary>Every urn:ceptoar:node: SAN URI's id (unvalidated), so callers can tell "none" from "several".</summary>
    internal static IReadOnlyList<string> NodeIdsOf(X509Certificate2 certificate) =>
        SanUrisOf(certificate) is { } uris ? [.. uris.Where(u => u.StartsWith(Prefix, StringComparison.Ordinal)).Select(u => u[Prefix.Length..])] : [];

    /// <summary>Every SAN URI of the certificate; null when its SAN is malformed (which binds the certificate to nothing).</summary>
    internal static IReadOnlyList<string>? SanUrisOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var uris = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAltNameOid)
            {
                continue;
            }

            try
            {
                // .NET's X509SubjectAlternativeNameExtension enumerates DNS names and IPs only, so GeneralNames is read here.
                var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
                while (names.HasData)
                {
                    var tag = names.PeekTag();
                    if (!tag.HasSameClassAndValue(UriTag))
                    {
                        names.ReadEncodedValue();
                        continue;
                    }

                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
                }
            }
            catch (AsnContentException)
            {
                return null;
            }
        }

        return uris;
    }
}
