using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Envelopes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Ceptoar.Core.Pki;

/// <summary>A node's own keys and certificates, loaded from its certificate directory and checked against the trust bundle.</summary>
public sealed class NodeCredentials
{
    public required string NodeId { get; init; }

    /// <summary>The TLS certificate with its private key, ready for Kestrel and for client connections.</summary>
    public required X509Certificate2 TlsCertificate { get; init; }

    public required X509Certificate2 SigningCertificate { get; init; }

    public required Ed25519KeyPair SigningKey { get; init; }

    public required X509Certificate2 EncryptionCertificate { get; init; }

    /// <summary>The raw 32-byte X25519 private key.</summary>
    public required byte[] EncryptionPrivateKey { get; init; }

    /// <summary>Signing certificates of keys rotated away from (newest first), for the descriptor's retired keys (docs/LIFECYCLE.md §2).</summary>
    public IReadOnlyList<RetiredCertificate> RetiredSigningCertificates { get; init; } = [];

    /// <summary>Encryption keys rotated away from (newest first), still tried for items sealed to them during the overlap.</summary>
    public IReadOnlyList<RetiredSealingKey> RetiredEncryptionKeys { get; init; } = [];

    /// <summary>A signer for this node's envelopes (key id derived from the signing key).</summary>
    public EnvelopeSigner CreateEnvelopeSigner() => new(NodeId, SigningKey);

    /// <summary>
    /// Loads all six files, checks each certificate against the bundle, that all three name nodeId, and that each
    /// private key matches its certificate. Throws InvalidOperationException naming the file and what to do.
    /// </summary>
    public static NodeCredentials Load(NodeKeyFiles files, string nodeId, TrustBundle trust, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(nodeId);
        ArgumentNullException.ThrowIfNull(trust);
        var reissue = $"issue this node's certificates with `ceptoar-admin pki issue-node --id {nodeId} --role <role> --out <dir>` and copy them to {files.Directory}";

        var tlsPublic = LoadCertificate(files.TlsCertificate, nodeId, trust, now, reissue);
        var signingCertificate = LoadCertificate(files.SigningCertificate, nodeId, trust, now, reissue);
        var encryptionCertificate = LoadCertificate(files.EncryptionCertificate, nodeId, trust, now, reissue);
        RequireKeyType(files.TlsCertificate, tlsPublic, NodeCertificateKeys.IsP256(tlsPublic), "an ECDSA P-256 TLS", reissue);
        RequireKeyType(files.SigningCertificate, signingCertificate, signingCertificate.PublicKey.Oid.Value == NodeCertificateKeys.Ed25519Oid, "an Ed25519 signing", reissue);
        RequireKeyType(files.EncryptionCertificate, encryptionCertificate, encryptionCertificate.PublicKey.Oid.Value == NodeCertificateKeys.X25519Oid, "an X25519 encryption", reissue);

        var signingKey = LoadSigningKey(files, signingCertificate, reissue);
        var encryptionKey = LoadEncryptionKey(encryptionCertificate, files.EncryptionKey, files.EncryptionCertificate, reissue);
        var tls = LoadTls(files, reissue);
        tlsPublic.Dispose();
        var (retiredSigning, retiredEncryption) = LoadRetired(files, nodeId, trust, reissue);

        return new NodeCredentials
        {
            NodeId = nodeId,
            TlsCertificate = tls,
            SigningCertificate = signingCertificate,
            SigningKey = signingKey,
            EncryptionCertificate = encryptionCertificate,
            EncryptionPrivateKey = encryptionKey,
            RetiredSigningCertificates = retiredSigning,
            RetiredEncryptionKeys = retiredEncryption,
        };
    }

    /// <summary>
    /// The keys under retired/ (RetiredKeyFiles): each certificate must have been issued by a trusted root for this
    /// node (checked at its own start, as it may have expired since) and each encryption key must match its certificate.
    /// </summary>
    private static (List<RetiredCertificate> Signing, List<RetiredSealingKey> Encryption) LoadRetired(NodeKeyFiles files, string nodeId, TrustBundle trust, string reissue)
    {
        var signing = new List<RetiredCertificate>();
        foreach (var retired in RetiredKeyFiles.List(files, NodeKeyKind.Signing))
        {
            var certificate = LoadRetiredCertificate(retired.CertificatePath, nodeId, trust, reissue);
            signing.Add(new RetiredCertificate(certificate, retired.RetiredAt));
        }

        var encryption = new List<RetiredSealingKey>();
        foreach (var retired in RetiredKeyFiles.List(files, NodeKeyKind.Encryption))
        {
            var certificate = LoadRetiredCertificate(retired.CertificatePath, nodeId, trust, reissue);
            var key = LoadEncryptionKey(certificate, retired.KeyPath, retired.CertificatePath, reissue);
            encryption.Add(new RetiredSealingKey(certificate, key, retired.RetiredAt));
        }

        return (signing, encryption);
    }

    private static X509Certificate2 LoadRetiredCertificate(string path, string nodeId, TrustBundle trust, string reissue)
    {
        using var peek = PemFiles.ReadCertificate(path, reissue);
        return LoadCertificate(path, nodeId, trust, new DateTimeOffset(peek.NotBefore.ToUniversalTime()).AddSeconds(1), reissue);
    }

    private static X509Certificate2 LoadCertificate(string path, string nodeId, TrustBundle trust, DateTimeOffset now, string reissue)
    {
        var certificate = PemFiles.ReadCertificate(path, reissue);
        var check = trust.Check(certificate, now);
        if (!check.Valid)
        {
            throw new InvalidOperationException($"{path}: {check.Problem}");
        }

        if (check.NodeId != nodeId)
        {
            throw new InvalidOperationException($"{path} is for node '{check.NodeId}' but this node is configured as '{nodeId}'; fix the node id in the configuration or {reissue}");
        }

        return certificate;
    }

    private static void RequireKeyType(string path, X509Certificate2 certificate, bool ok, string expected, string reissue)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"{path} holds a {NodeCertificateKeys.DescribeKey(certificate)} key where {expected} certificate belongs; the files may be swapped — {reissue}");
        }
    }

    private static Ed25519KeyPair LoadSigningKey(NodeKeyFiles files, X509Certificate2 certificate, string reissue)
    {
        if (ReadBouncyCastleKey(files.SigningKey, reissue) is not Ed25519PrivateKeyParameters key)
        {
            throw new InvalidOperationException($"{files.SigningKey} is not an Ed25519 private key; {reissue}");
        }

        var pair = Ed25519KeyPair.FromPrivateKey(key.GetEncoded());
        if (!pair.PublicKey.AsSpan().SequenceEqual(NodeCertificateKeys.Ed25519PublicKeyOf(certificate)))
        {
            throw new InvalidOperationException($"{files.SigningKey} does not match {files.SigningCertificate}; keep each key with its own certificate or {reissue}");
        }

        return pair;
    }

    private static byte[] LoadEncryptionKey(X509Certificate2 certificate, string keyPath, string certificatePath, string reissue)
    {
        if (ReadBouncyCastleKey(keyPath, reissue) is not X25519PrivateKeyParameters key)
        {
            throw new InvalidOperationException($"{keyPath} is not an X25519 private key; {reissue}");
        }

        if (!key.GeneratePublicKey().GetEncoded().AsSpan().SequenceEqual(NodeCertificateKeys.X25519PublicKeyOf(certificate)))
        {
            throw new InvalidOperationException($"{keyPath} does not match {certificatePath}; keep each key with its own certificate or {reissue}");
        }

        return key.GetEncoded();
    }

    private static Org.BouncyCastle.Crypto.AsymmetricKeyParameter ReadBouncyCastleKey(string path, string reissue)
    {
        var der = PemFiles.ReadPrivateKey(path, reissue);
        try
        {
            return PrivateKeyFactory.CreateKey(der);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or SecurityUtilityException)
        {
            throw new InvalidOperationException($"{path} holds a malformed private key ({e.Message}); {reissue}", e);
        }
    }

    private static X509Certificate2 LoadTls(NodeKeyFiles files, string reissue)
    {
        X509Certificate2 fromPem;
        try
        {
            fromPem = X509Certificate2.CreateFromPemFile(files.TlsCertificate, files.TlsKey);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException)
        {
            throw new InvalidOperationException($"{files.TlsKey} is missing, malformed or not the key of {files.TlsCertificate} ({e.Message}); {reissue}", e);
        }

        // A PEM-loaded key is ephemeral; on Windows SslStream (and so Kestrel) cannot use it. A PKCS#12 round trip in
        // memory gives a certificate every platform's TLS stack accepts, so callers get one that works everywhere.
        using (fromPem)
        {
            return X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), password: null);
        }
    }
}

/// <summary>A certificate of a key this node rotated away from, and when.</summary>
public sealed record RetiredCertificate(X509Certificate2 Certificate, DateTimeOffset RetiredAt)
{
    /// <summary>The certificate as PEM, as descriptors carry it.</summary>
    public string Pem => PemFiles.CertificatePem(Certificate.RawData);
}

/// <summary>An encryption key this node rotated away from: its certificate, raw X25519 private key, and when it was retired.</summary>
public sealed record RetiredSealingKey(X509Certificate2 Certificate, byte[] PrivateKey, DateTimeOffset RetiredAt)
{
    /// <summary>The certificate as PEM, as descriptors carry it.</summary>
    public string Pem => PemFiles.CertificatePem(Certificate.RawData);
}
