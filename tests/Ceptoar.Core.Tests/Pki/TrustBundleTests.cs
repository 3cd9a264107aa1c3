using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ceptoar.Core.Pki;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security;

namespace Ceptoar.Core.Tests.Pki;

public sealed class TrustBundleTests : IDisposable
{
    private readonly PkiFixture _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public void Check_AllThreeNodeCertificates_ValidWithNodeId()
    {
        // Ed25519 and X25519 leaves included: the chain engine checks the root's ECDSA signature, not the leaf's key.
        foreach (var path in new[] { _pki.Node.TlsCertificate, _pki.Node.SigningCertificate, _pki.Node.EncryptionCertificate })
        {
            using var certificate = PemTestFiles.Certificate(path);

            var check = _pki.Trust.Check(certificate, DateTimeOffset.UtcNow);

            Assert.True(check.Valid, $"{path}: {check.Problem}");
            Assert.Equal(PkiFixture.NodeId, check.NodeId);
            Assert.Equal(string.Empty, check.Problem);
        }
    }

    [Fact]
    public void Check_CertificateFromAnotherRoot_DoesNotChain()
    {
        using var other = FederationCa.CreateRoot("Other Federation Root", TimeSpan.FromDays(365));
        var files = other.IssueNode(PkiFixture.NodeId, _pki.Directory.Combine("other"), TimeSpan.FromDays(30));
        using var signing = PemTestFiles.Certificate(files.SigningCertificate);

        var check = _pki.Trust.Check(signing, DateTimeOffset.UtcNow);

        Assert.False(check.Valid);
        Assert.Null(check.NodeId);
        Assert.Contains("does not chain to a trusted root", check.Problem);
    }

    [Fact]
    public void Check_ImpostorRootWithTheSameName_DoesNotChain()
    {
        // Same subject as the trusted root, different key: matching names must not be enough.
        using var impostor = FederationCa.CreateRoot("Test Federation Root", TimeSpan.FromDays(365));
        var files = impostor.IssueNode(PkiFixture.NodeId, _pki.Directory.Combine("impostor"), TimeSpan.FromDays(30));
        using var tls = PemTestFiles.Certificate(files.TlsCertificate);

        Assert.Equal(_pki.Root.Certificate.Subject, tls.Issuer);
        var check = _pki.Trust.Check(tls, DateTimeOffset.UtcNow);
        Assert.False(check.Valid);
        Assert.Contains("does not chain to a trusted root", check.Problem);
    }

    [Fact]
    public void Check_NodeIdEditedInCertificate_Invalid()
    {
        using var genuine = PemTestFiles.Certificate(_pki.Node.SigningCertificate);
        var raw = genuine.RawData;
        var at = raw.AsSpan().IndexOf(Encoding.ASCII.GetBytes(NodeUri.For(PkiFixture.NodeId)));
        Assert.True(at > 0);
        raw[at + NodeUri.Prefix.Length] = (byte)'p'; // "bank-ceptoar" becomes "pank-ceptoar"
        using var forged = X509CertificateLoader.LoadCertificate(raw);

        var check = _pki.Trust.Check(forged, DateTimeOffset.UtcNow);

        Assert.Equal("pank-ceptoar", NodeUri.NodeIdOf(forged));
        Assert.False(check.Valid);
        Assert.Contains("signature that does not verify", check.Problem);
    }

    [Fact]
    public void Check_Expired_SaysWhenAndWhatToDo()
    {
        var now = DateTimeOffset.UtcNow;
        var files = _pki.Root.IssueNode("council", _pki.Directory.Combine("council"), TimeSpan.FromDays(1), notBefore: now.AddDays(-30), notAfter: now.AddDays(-2));
        using var tls = PemTestFiles.Certificate(files.TlsCertificate);

        var check = _pki.Trust.Check(tls, now);

        Assert.False(check.Valid);
        Assert.Contains($"certificate for node 'council' expired on {now.AddDays(-2):yyyy-MM-dd}", check.Problem);
        Assert.Contains("ceptoar-admin pki issue-node", check.Problem);
    }

    [Fact]
    public void Check_AtTimesAroundValidity_OnlyInsideIsValid()
    {
        using var signing = PemTestFiles.Certificate(_pki.Node.SigningCertificate);
        var notBefore = new DateTimeOffset(signing.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(signing.NotAfter.ToUniversalTime());

        Assert.False(_pki.Trust.Check(signing, notBefore.AddSeconds(-1)).Valid);
        Assert.Contains("not valid until", _pki.Trust.Check(signing, notBefore.AddSeconds(-1)).Problem);
        Assert.True(_pki.Trust.Check(signing, notBefore.AddMinutes(1)).Valid);
        Assert.True(_pki.Trust.Check(signing, notAfter.AddMinutes(-1)).Valid);
        Assert.False(_pki.Trust.Check(signing, notAfter.AddSeconds(1)).Valid);
    }

    [Fact]
    public void Check_BundleWithTwoRootsInOneFile_AcceptsCertificatesFromBoth()
    {
        using var second = FederationCa.CreateRoot("Second Federation Root", TimeSpan.FromDays(365));
        second.Save(_pki.Directory.Combine("second"));
        var files = second.IssueNode("nisc", _pki.Directory.Combine("nisc"), TimeSpan.FromDays(30));
        var bundlePath = _pki.Directory.Combine("bundle.pem");
        File.WriteAllText(bundlePath,
            File.ReadAllText(_pki.Directory.Combine("root", FederationCa.CertificateFileName))
            + File.ReadAllText(_pki.Directory.Combine("second", FederationCa.CertificateFileName)));
        var bundle = TrustBundle.Load([bundlePath]);
        using var fromFirst = PemTestFiles.Certificate(_pki.Node.SigningCertificate);
        using var fromSecond = PemTestFiles.Certificate(files.SigningCertificate);

        Assert.Equal(2, bundle.Roots.Count);
        Assert.Equal(PkiFixture.NodeId, bundle.Check(fromFirst, DateTimeOffset.UtcNow).NodeId);
        Assert.Equal("nisc", bundle.Check(fromSecond, DateTimeOffset.UtcNow).NodeId);
        Assert.False(_pki.Trust.Check(fromSecond, DateTimeOffset.UtcNow).Valid);
    }

    [Fact]
    public void Check_RootCertificateItself_NotANodeCertificate()
    {
        var check = _pki.Trust.Check(_pki.Root.Certificate, DateTimeOffset.UtcNow);

        Assert.False(check.Valid);
        Assert.Contains("not a node certificate", check.Problem);
    }

    [Fact]
    public void Check_CertificateNamingTwoNodes_Invalid()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootKey = PrivateKeyFactory.CreateKey(ecdsa.ExportPkcs8PrivateKey());
        var spki = SubjectPublicKeyInfo.GetInstance(ecdsa.ExportSubjectPublicKeyInfo());
        var now = DateTime.UtcNow;
        var root = CertificateBuilder.BuildRoot("Two Names Root", spki, rootKey, now.AddMinutes(-5), now.AddDays(1));
        var leaf = CertificateBuilder.BuildNode(root, rootKey, "nisc", spki, now.AddMinutes(-5), now.AddDays(1), KeyUsage.DigitalSignature,
            extraNames: [new GeneralName(GeneralName.UniformResourceIdentifier, NodeUri.For("council"))]);
        var bundle = new TrustBundle([X509CertificateLoader.LoadCertificate(root.GetEncoded())]);
        using var certificate = X509CertificateLoader.LoadCertificate(leaf.GetEncoded());

        var check = bundle.Check(certificate, DateTimeOffset.UtcNow);

        Assert.Null(NodeUri.NodeIdOf(certificate));
        Assert.False(check.Valid);
        Assert.Contains("names 2 nodes", check.Problem);
    }

    [Fact]
    public void Check_EmptyBundle_SaysToConfigureRoots()
    {
        using var signing = PemTestFiles.Certificate(_pki.Node.SigningCertificate);

        var check = new TrustBundle([]).Check(signing, DateTimeOffset.UtcNow);

        Assert.False(check.Valid);
        Assert.Contains("no trusted root", check.Problem);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingIt()
    {
        var missing = _pki.Directory.Combine("missing.pem");

        var error = Assert.Throws<InvalidOperationException>(() => TrustBundle.Load([missing]));

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Load_FileWithoutCertificate_ThrowsNamingIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TrustBundle.Load([_pki.Node.SigningKey]));

        Assert.Contains(_pki.Node.SigningKey, error.Message);
    }
}
