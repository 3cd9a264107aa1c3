using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Envelopes;
using Ceptoar.Federation.V1;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ceptoar.Core.Pki;

/// <summary>A federation root CA (ECDSA P-256) that certifies nodes' TLS, signing (Ed25519) and encryption (X25519) keys.</summary>
public sealed class FederationCa : IDisposable
{
    public const string CertificateFileName = "root.crt.pem";
    public const string KeyFileName = "root.key.pem";

    /// <summary>Node certificates start this long before "now", so a peer whose clock is slightly behind accepts them.</summary>
    public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    /// <summary>Names every TLS certificate carries so nodes on one machine (the demo, tests) can reach each other.</summary>
    public static readonly IReadOnlyList<string> LoopbackNames = ["localhost", "127.0.0.1", "::1"];

    private readonly ECDsa _key;
    private readonly BcCertificate _bcCertificate;
    private readonly AsymmetricKeyParameter _bcKey;

    private FederationCa(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        _key = key;
        _bcCertificate = new BcCertificate(certificate.RawData);
        _bcKey = PrivateKeyFactory.CreateKey(key.ExportPkcs8PrivateKey());
    }

    /// <summary>The root certificate (public part).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A new self-signed root with the given common name, valid from now for validity.</summary>
    public static FederationCa CreateRoot(string commonName, TimeSpan validity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validity, TimeSpan.Zero);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = WholeSeconds(DateTimeOffset.UtcNow);
        var bcCertificate = CertificateBuilder.BuildRoot(
            commonName,
            SubjectPublicKeyInfo.GetInstance(key.ExportSubjectPublicKeyInfo()),
            PrivateKeyFactory.CreateKey(key.ExportPkcs8PrivateKey()),
            (now - ClockSkewAllowance).UtcDateTime,
            (now + validity).UtcDateTime);
        return new FederationCa(X509CertificateLoader.LoadCertificate(bcCertificate.GetEncoded()), key);
    }

    /// <summary>Loads a root from its PEM certificate and PEM PKCS#8 private key.</summary>
    /// <param name="passphrase">Gives the key's passphrase; asked only when the key is encrypted.</param>
    public static FederationCa Load(string certificatePemPath, string keyPemPath, Func<string>? passphrase = null)
    {
        const string WhatToDo = "create a root with `ceptoar-admin pki init-root` or point to the directory that holds root.crt.pem and root.key.pem";
        var certificate = PemFiles.ReadCertificate(certificatePemPath, WhatToDo);
        var basic = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (basic is not { CertificateAuthority: true } || !NodeCertificateKeys.IsP256(certificate))
        {
            throw new InvalidOperationException($"{certificatePemPath} is not a federation root (it must be an ECDSA P-256 CA certificate); {WhatToDo}");
        }

        var (der, encrypted) = PemFiles.ReadPrivateKeyBlock(keyPemPath, WhatToDo);
        var key = ECDsa.Create();
        try
        {
            if (encrypted)
            {
                ImportEncrypted(key, der, keyPemPath, passphrase);
            }
            else
            {
                key.ImportPkcs8PrivateKey(der, out _);
            }
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new InvalidOperationException($"{keyPemPath} is not an ECDSA private key ({e.Message}); {WhatToDo}", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }

        if (!key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(certificate.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            key.Dispose();
            throw new InvalidOperationException($"{keyPemPath} is not the private key of {certificatePemPath}; keep each root's key next to its own certificate");
        }

        return new FederationCa(certificate, key);
    }

    /// <summary>Loads root.crt.pem and root.key.pem from a directory.</summary>
    /// <param name="passphrase">Gives the key's passphrase; asked only when the key is encrypted.</param>
    public static FederationCa Load(string directory, Func<string>? passphrase = null) =>
        Load(Path.Combine(directory, CertificateFileName), Path.Combine(directory, KeyFileName), passphrase);

    /// <summary>
    /// Writes root.crt.pem and root.key.pem (owner-only) into directory; with a passphrase the key is encrypted PKCS#8
    /// (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC), without it plain PKCS#8 (sample and test roots).
    /// </summary>
    public void Save(string directory, string? passphrase = null)
    {
        if (passphrase is { Length: 0 })
        {
            throw new ArgumentException("an empty passphrase protects nothing: give one, or none for an unencrypted key", nameof(passphrase));
        }

        var keyPem = passphrase is null ? _key.ExportPkcs8PrivateKeyPem() : _key.ExportEncryptedPkcs8PrivateKeyPem(passphrase, PemFiles.KeyEncryption);
        OwnerOnlyFiles.EnsureDirectory(directory);
        OwnerOnlyFiles.WriteSecret(Path.Combine(directory, KeyFileName), keyPem + "\n");
        OwnerOnlyFiles.WritePublic(Path.Combine(directory, CertificateFileName), PemFiles.CertificatePem(Certificate.RawData));
    }

    /// <summary>
    /// Issues a node's three certificates (TLS: ECDSA P-256, server+client auth; signing: Ed25519; encryption: X25519),
    /// each with SAN URI urn:ceptoar:node:&lt;nodeId&gt; and, when a role is given, urn:ceptoar:role:&lt;role&gt; (see
    /// <see cref="NodeRoles"/>), and writes them with their private keys (owner-only) as NodeKeyFiles.
    /// notBefore/notAfter default to now-5min / now+validity; tests pass explicit times to make expired certificates.
    /// </summary>
    /// <remarks>
    /// Existing files are replaced. notAfter is capped at the root's own expiry: a certificate cannot outlive its issuer.
    /// The TLS certificate always names localhost, 127.0.0.1 and ::1 besides dnsNames (names that parse as IPs become IP SANs).
    /// </remarks>
    public NodeKeyFiles IssueNode(string nodeId, string directory, TimeSpan validity, IEnumerable<string>? dnsNames = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, NodeRole? role = null)
    {
        if (!NodeUri.IsValidNodeId(nodeId))
        {
            throw new ArgumentException($"'{nodeId}' is not a valid node id: use 2 to 63 characters of a-z, 0-9 and '-', starting with a letter.", nameof(nodeId));
        }

        if (role is { } r && NodeRoles.Parse(NodeRoles.Name(r)) == NodeRole.Unspecified)
        {
            throw new ArgumentException($"'{r}' is not a role a node can hold: use one of {string.Join(", ", NodeRoles.Names)}.", nameof(role));
        }

        GeneralName[] roleNames = role is { } certified ? [new GeneralName(GeneralName.UniformResourceIdentifier, NodeRoles.UriFor(certified))] : [];

        var now = WholeSeconds(DateTimeOffset.UtcNow);
        var from = WholeSeconds(notBefore ?? now - ClockSkewAllowance);
        var until = WholeSeconds(notAfter ?? now + validity);
        var rootExpiry = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        if (until > rootExpiry)
        {
            until = rootExpiry;
        }

        if (until <= from)
        {
            throw new ArgumentException($"the certificates would expire ({until:u}) before they start ({from:u}); give a positive validity (and check the root's expiry, {rootExpiry:u})", nameof(validity));
        }

        var files = new NodeKeyFiles(directory);
        OwnerOnlyFiles.EnsureDirectory(directory);
        foreach (var kind in new[] { NodeKeyKind.Tls, NodeKeyKind.Signing, NodeKeyKind.Encryption })
        {
            WriteKey(kind, nodeId, files, from, until, roleNames, dnsNames);
        }

        return files;
    }

    /// <summary>
    /// Issues one new key of a node (a rotation, docs/LIFECYCLE.md §2) over that kind's two files in files.Directory,
    /// with the same node URI, certified role and, for TLS, host names as the caller gives; valid from now-5min for
    /// validity, capped at the root's expiry.
    /// </summary>
    public void IssueKey(NodeKeyKind kind, string nodeId, NodeKeyFiles files, TimeSpan validity, NodeRole? role, IEnumerable<string>? dnsNames = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var now = WholeSeconds(DateTimeOffset.UtcNow);
        var from = now - ClockSkewAllowance;
        var rootExpiry = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        var until = WholeSeconds(now + validity) > rootExpiry ? rootExpiry : WholeSeconds(now + validity);
        if (until <= from)
        {
            throw new ArgumentException($"the certificate would expire ({until:u}) before it starts ({from:u}); give a positive validity (and check the root's expiry, {rootExpiry:u})", nameof(validity));
        }

        GeneralName[] roleNames = role is { } certified ? [new GeneralName(GeneralName.UniformResourceIdentifier, NodeRoles.UriFor(certified))] : [];
        WriteKey(kind, nodeId, files, from, until, roleNames, dnsNames);
    }

    private void WriteKey(NodeKeyKind kind, string nodeId, NodeKeyFiles files, DateTimeOffset from, DateTimeOffset until, GeneralName[] roleNames, IEnumerable<string>? dnsNames)
    {
        switch (kind)
        {
            case NodeKeyKind.Tls:
                using (var tlsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    var tls = Issue(nodeId, tlsKey.ExportSubjectPublicKeyInfo(), from, until, KeyUsage.DigitalSignature,
                        [KeyPurposeID.id_kp_serverAuth, KeyPurposeID.id_kp_clientAuth],
                        [.. roleNames, .. CertificateBuilder.HostNames(LoopbackNames.Concat(dnsNames ?? []))]);
                    OwnerOnlyFiles.WriteSecret(files.TlsKey, tlsKey.ExportPkcs8PrivateKeyPem() + "\n");
                    OwnerOnlyFiles.WritePublic(files.TlsCertificate, PemFiles.CertificatePem(tls.GetEncoded()));
                }

                break;
            case NodeKeyKind.Signing:
                var signingKey = new Ed25519PrivateKeyParameters(Ed25519KeyPair.Generate().ExportPrivateKey());
                var signing = Issue(nodeId, SpkiOf(signingKey.GeneratePublicKey()), from, until, KeyUsage.DigitalSignature, extraNames: roleNames);
                OwnerOnlyFiles.WriteSecret(files.SigningKey, Pkcs8Pem(EdECObjectIdentifiers.id_Ed25519, signingKey.GetEncoded()));
                OwnerOnlyFiles.WritePublic(files.SigningCertificate, PemFiles.CertificatePem(signing.GetEncoded()));
                break;
            default:
                var encryptionKey = new X25519PrivateKeyParameters(RandomNumberGenerator.GetBytes(X25519PrivateKeyParameters.KeySize));
                var encryption = Issue(nodeId, SpkiOf(encryptionKey.GeneratePublicKey()), from, until, KeyUsage.KeyAgreement, extraNames: roleNames);
                OwnerOnlyFiles.WriteSecret(files.EncryptionKey, Pkcs8Pem(EdECObjectIdentifiers.id_X25519, encryptionKey.GetEncoded()));
                OwnerOnlyFiles.WritePublic(files.EncryptionCertificate, PemFiles.CertificatePem(encryption.GetEncoded()));
                break;
        }
    }

    /// <summary>An ECDSA P-256 / SHA-256 signature (IEEE P1363, 64 bytes) with the root's key: what a revocation list is signed with.</summary>
    public byte[] SignData(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    private static void ImportEncrypted(ECDsa key, byte[] der, string keyPemPath, Func<string>? passphrase)
    {
        if (passphrase is null)
        {
            throw new InvalidOperationException($"{keyPemPath} is encrypted with a passphrase, and none was given: give the passphrase the root was created with");
        }

        try
        {
            key.ImportEncryptedPkcs8PrivateKey(passphrase(), der, out _);
        }
        catch (CryptographicException e)
        {
            // A wrong passphrase and a damaged file fail alike: the decrypted bytes do not parse.
            throw new InvalidOperationException(
                $"{keyPemPath} cannot be decrypted with the passphrase given: check the passphrase (the one given when the root was created); if it is right, the file is damaged: restore it from your offline copy", e);
        }
    }

    private BcCertificate Issue(string nodeId, byte[] spki, DateTimeOffset from, DateTimeOffset until, int keyUsage, KeyPurposeID[]? extendedKeyUsages = null, IEnumerable<GeneralName>? extraNames = null) =>
        CertificateBuilder.BuildNode(_bcCertificate, _bcKey, nodeId, SubjectPublicKeyInfo.GetInstance(spki), from.UtcDateTime, until.UtcDateTime, keyUsage, extendedKeyUsages, extraNames);

    private static byte[] SpkiOf(AsymmetricKeyParameter publicKey) =>
        Org.BouncyCastle.X509.SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey).GetEncoded();

    /// <summary>
    /// RFC 8410 PKCS#8 v1 (no embedded public key): BouncyCastle's own encoder writes v2 with the public key, which
    /// OpenSSL 3.0 refuses to read, and the keys should open with standard tools.
    /// </summary>
    private static string Pkcs8Pem(DerObjectIdentifier algorithm, byte[] rawPrivateKey) =>
        PemFiles.PrivateKeyPem(new PrivateKeyInfo(new AlgorithmIdentifier(algorithm), new DerOctetString(rawPrivateKey)).GetEncoded());

    // Certificates hold whole seconds; rounding here keeps the written times equal to the ones computed.
    private static DateTimeOffset WholeSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
