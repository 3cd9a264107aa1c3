using System.Net;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ceptoar.Core.Pki;

/// <summary>
/// Builds the federation's certificates with BouncyCastle: .NET's CertificateRequest cannot put Ed25519 or X25519
/// keys in a certificate. Every certificate is signed by a P-256 root with ECDSA-SHA256.
/// </summary>
internal static class CertificateBuilder
{
    public const string Organization = "CEPTOAR Federation";
    private const string SignatureAlgorithm = "SHA256WITHECDSA";
    private const int SerialBytes = 16;

    public static X509Name NameFor(string commonName) =>
        new(new List<DerObjectIdentifier> { X509Name.O, X509Name.CN }, new List<string> { Organization, commonName });

    public static BcCertificate BuildRoot(string commonName, SubjectPublicKeyInfo publicKey, AsymmetricKeyParameter privateKey, DateTime notBefore, DateTime notAfter)
    {
        var name = NameFor(commonName);
        var generator = Start(name, name, publicKey, notBefore, notAfter);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(true));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        return generator.Generate(new Asn1SignatureFactory(SignatureAlgorithm, privateKey));
    }

    /// <summary>A node certificate: CN=nodeId, SAN URI urn:ceptoar:node:nodeId (plus extraNames), not a CA.</summary>
    public static BcCertificate BuildNode(
        BcCertificate issuer,
        AsymmetricKeyParameter issuerKey,
        string nodeId,
        SubjectPublicKeyInfo publicKey,
        DateTime notBefore,
        DateTime notAfter,
        int keyUsage,
        KeyPurposeID[]? extendedKeyUsages = null,
        IEnumerable<GeneralName>? extraNames = null)
    {
        var generator = Start(issuer.SubjectDN, NameFor(nodeId), publicKey, notBefore, notAfter);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(keyUsage));
        if (extendedKeyUsages is not null)
        {
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(extendedKeyUsages));
        }

        var names = new List<GeneralName> { new(GeneralName.UniformResourceIdentifier, NodeUri.For(nodeId)) };
        names.AddRange(extraNames ?? []);
        generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(names.ToArray()));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(KeyIdentifierOf(issuer)));
        return generator.Generate(new Asn1SignatureFactory(SignatureAlgorithm, issuerKey));
    }

    /// <summary>SAN entries for the TLS certificate: each name as an IP address if it parses as one, else as a DNS name.</summary>
    public static IEnumerable<GeneralName> HostNames(IEnumerable<string> hosts) =>
        hosts.Distinct(StringComparer.OrdinalIgnoreCase).Select(host => IPAddress.TryParse(host, out _)
            ? new GeneralName(GeneralName.IPAddress, host)
            : new GeneralName(GeneralName.DnsName, host));

    private static X509V3CertificateGenerator Start(X509Name issuer, X509Name subject, SubjectPublicKeyInfo publicKey, DateTime notBefore, DateTime notAfter)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(RandomSerial());
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(notBefore);
        generator.SetNotAfter(notAfter);
        generator.SetSubjectPublicKeyInfo(publicKey);
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(publicKey));
        return generator;
    }

    private static byte[] KeyIdentifierOf(BcCertificate issuer)
    {
        var value = issuer.GetExtensionValue(X509Extensions.SubjectKeyIdentifier);
        return value is null
            ? X509ExtensionUtilities.CreateSubjectKeyIdentifier(issuer.SubjectPublicKeyInfo).GetKeyIdentifier()
            : SubjectKeyIdentifier.GetInstance(X509ExtensionUtilities.FromExtensionValue(value)).GetKeyIdentifier();
    }

    /// <summary>A random positive 128-bit serial (at most 17 bytes in DER, within RFC 5280's 20).</summary>
    private static BigInteger RandomSerial() => new(1, RandomNumberGenerator.GetBytes(SerialBytes));
}
