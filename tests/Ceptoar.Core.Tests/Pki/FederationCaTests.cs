using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Pki;

namespace Ceptoar.Core.Tests.Pki;

public sealed class FederationCaTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private readonly PkiFixture _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public void CreateRoot_SelfSignedP256Ca_CriticalConstraintsAndCertSignUsage()
    {
        var root = _pki.Root.Certificate;

        Assert.Equal(root.Subject, root.Issuer);
        Assert.Contains("CN=Test Federation Root", root.Subject);
        Assert.True(NodeCertificateKeys.IsP256(root));
        var basic = Assert.Single(root.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.True(basic.CertificateAuthority);
        Assert.True(basic.Critical);
        var usage = Assert.Single(root.Extensions.OfType<X509KeyUsageExtension>());
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        Assert.Single(root.Extensions.OfType<X509SubjectKeyIdentifierExtension>());
        Assert.InRange(root.NotAfter.ToUniversalTime(), DateTime.UtcNow.AddDays(3649), DateTime.UtcNow.AddDays(3651));
    }

    [Fact]
    public void Save_RootKey_OwnerOnlyPkcs8InOwnerOnlyDirectory()
    {
        var key = _pki.Directory.Combine("root", FederationCa.KeyFileName);

        Assert.Equal(OwnerReadWrite, PemTestFiles.Mode(key));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, PemTestFiles.Mode(_pki.Directory.Combine("root")));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(key));
    }

    [Fact]
    public void Load_SavedRoot_SameCertificateAndIssuesTrustedNodes()
    {
        using var loaded = FederationCa.Load(_pki.Directory.Combine("root"));
        var files = loaded.IssueNode("council", _pki.Directory.Combine("council"), TimeSpan.FromDays(1));

        Assert.Equal(_pki.Root.Certificate.RawData, loaded.Certificate.RawData);
        using var signing = PemTestFiles.Certificate(files.SigningCertificate);
        Assert.True(_pki.Trust.Check(signing, DateTimeOffset.UtcNow).Valid);
    }

    [Fact]
    public void Load_KeyOfAnotherRoot_ThrowsNamingTheKeyFile()
    {
        using var other = FederationCa.CreateRoot("Other", TimeSpan.FromDays(10));
        other.Save(_pki.Directory.Combine("other"));
        var foreignKey = _pki.Directory.Combine("other", FederationCa.KeyFileName);

        var error = Assert.Throws<InvalidOperationException>(() =>
            FederationCa.Load(_pki.Directory.Combine("root", FederationCa.CertificateFileName), foreignKey));

        Assert.Contains(foreignKey, error.Message);
    }

    [Fact]
    public void Load_NodeCertificateAsRoot_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FederationCa.Load(_pki.Node.TlsCertificate, _pki.Node.TlsKey));

        Assert.Contains("not a federation root", error.Message);
    }

    [Fact]
    public void IssueNode_TlsCertificate_EcdsaServerAndClientAuthWithNodeAndLoopbackNames()
    {
        var files = _pki.Root.IssueNode("council", _pki.Directory.Combine("council"), TimeSpan.FromDays(30), ["council.example.jp", "192.0.2.7"]);
        using var tls = PemTestFiles.Certificate(files.TlsCertificate);

        Assert.True(NodeCertificateKeys.IsP256(tls));
        AssertNodeSubjectAndAuthority(tls, "council");
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, Assert.Single(tls.Extensions.OfType<X509KeyUsageExtension>()).KeyUsages);
        var purposes = Assert.Single(tls.Extensions.OfType<X509EnhancedKeyUsageExtension>()).EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value);
        Assert.Equal([ServerAuth, ClientAuth], purposes);
        var san = Assert.Single(tls.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal(["localhost", "council.example.jp"], san.EnumerateDnsNames());
        Assert.Equal(["127.0.0.1", "::1", "192.0.2.7"], san.EnumerateIPAddresses().Select(ip => ip.ToString()));
    }

    [Fact]
    public void IssueNode_SigningCertificate_Ed25519ForDigitalSignatureOnly()
    {
        using var signing = PemTestFiles.Certificate(_pki.Node.SigningCertificate);

        Assert.Equal(NodeCertificateKeys.Ed25519Oid, signing.PublicKey.Oid.Value);
        AssertNodeSubjectAndAuthority(signing, PkiFixture.NodeId);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, Assert.Single(signing.Extensions.OfType<X509KeyUsageExtension>()).KeyUsages);
        Assert.Empty(signing.Extensions.OfType<X509EnhancedKeyUsageExtension>());
    }

    [Fact]
    public void IssueNode_EncryptionCertificate_X25519ForKeyAgreementOnly()
    {
        using var encryption = PemTestFiles.Certificate(_pki.Node.EncryptionCertificate);

        Assert.Equal(NodeCertificateKeys.X25519Oid, encryption.PublicKey.Oid.Value);
        AssertNodeSubjectAndAuthority(encryption, PkiFixture.NodeId);
        Assert.Equal(X509KeyUsageFlags.KeyAgreement, Assert.Single(encryption.Extensions.OfType<X509KeyUsageExtension>()).KeyUsages);
    }

    [Fact]
    public void IssueNode_Serials_Positive128BitAndDistinct()
    {
        var serials = new[] { _pki.Node.TlsCertificate, _pki.Node.SigningCertificate, _pki.Node.EncryptionCertificate }
            .Select(path =>
            {
                using var certificate = PemTestFiles.Certificate(path);
                return certificate.SerialNumberBytes.ToArray();
            })
            .ToList();

        foreach (var serial in serials)
        {
            // SerialNumberBytes is big-endian DER content: positive when the top bit is clear, 17 bytes only for a sign byte.
            Assert.InRange(serial.Length, 9, 17);
            Assert.Equal(0, serial[0] & 0x80);
            Assert.True(new BigInteger(serial, isUnsigned: true, isBigEndian: true) > 0);
        }

        Assert.Equal(3, serials.Select(Convert.ToHexString).Distinct().Count());
    }

    [Fact]
    public void IssueNode_KeyFiles_OwnerOnlyPkcs8InOwnerOnlyDirectory()
    {
        foreach (var key in new[] { _pki.Node.TlsKey, _pki.Node.SigningKey, _pki.Node.EncryptionKey })
        {
            Assert.Equal(OwnerReadWrite, PemTestFiles.Mode(key));
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(key));
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, PemTestFiles.Mode(_pki.Node.Directory));
        Assert.Empty(Directory.GetFiles(_pki.Node.Directory, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(_pki.Node.Directory, ".*")));
    }

    [Fact]
    public void IssueNode_ExistingKeyFileWithWideMode_ReplacedOwnerOnly()
    {
        PemTestFiles.SetMode(_pki.Node.SigningKey, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var before = File.ReadAllText(_pki.Node.SigningKey);

        _pki.Root.IssueNode(PkiFixture.NodeId, _pki.Node.Directory, TimeSpan.FromDays(1));

        Assert.Equal(OwnerReadWrite, PemTestFiles.Mode(_pki.Node.SigningKey));
        Assert.NotEqual(before, File.ReadAllText(_pki.Node.SigningKey));
    }

    [Theory]
    [InlineData("Bank")]
    [InlineData("x")]
    [InlineData("../escape")]
    public void IssueNode_InvalidNodeId_ThrowsAndWritesNothing(string nodeId)
    {
        var directory = _pki.Directory.Combine("invalid");

        Assert.Throws<ArgumentException>(() => _pki.Root.IssueNode(nodeId, directory, TimeSpan.FromDays(1)));
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void IssueNode_NotAfterBeyondRoot_CappedAtRootExpiry()
    {
        var files = _pki.Root.IssueNode("council", _pki.Directory.Combine("council"), TimeSpan.FromDays(365 * 30));

        using var tls = PemTestFiles.Certificate(files.TlsCertificate);
        Assert.Equal(_pki.Root.Certificate.NotAfter, tls.NotAfter);
    }

    [Fact]
    public void IssueNode_ExplicitTimes_WrittenToTheSecond()
    {
        var notBefore = new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var notAfter = new DateTimeOffset(2021, 6, 7, 8, 9, 10, TimeSpan.Zero);

        var files = _pki.Root.IssueNode("council", _pki.Directory.Combine("council"), TimeSpan.FromDays(1), notBefore: notBefore, notAfter: notAfter);

        using var signing = PemTestFiles.Certificate(files.SigningCertificate);
        Assert.Equal(notBefore.UtcDateTime, signing.NotBefore.ToUniversalTime());
        Assert.Equal(notAfter.UtcDateTime, signing.NotAfter.ToUniversalTime());
    }

    private void AssertNodeSubjectAndAuthority(X509Certificate2 certificate, string nodeId)
    {
        Assert.Equal($"CN={nodeId}, O=CEPTOAR Federation", certificate.Subject);
        Assert.Equal(_pki.Root.Certificate.Subject, certificate.Issuer);
        Assert.Equal(nodeId, NodeUri.NodeIdOf(certificate));
        var basic = Assert.Single(certificate.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.False(basic.CertificateAuthority);
        var rootKeyId = Assert.Single(_pki.Root.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>()).SubjectKeyIdentifierBytes;
        var authority = Assert.Single(certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>());
        Assert.True(authority.KeyIdentifier.HasValue);
        Assert.Equal(rootKeyId.ToArray(), authority.KeyIdentifier.Value.ToArray());
    }
}
