using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Org.BouncyCastle.Crypto.Parameters;

namespace Ceptoar.Core.Tests.Pki;

public sealed class NodeCredentialsTests : IDisposable
{
    private readonly PkiFixture _pki = new();

    public void Dispose() => _pki.Dispose();

    private NodeCredentials Load(NodeKeyFiles? files = null, string nodeId = PkiFixture.NodeId, DateTimeOffset? now = null) =>
        NodeCredentials.Load(files ?? _pki.Node, nodeId, _pki.Trust, now ?? DateTimeOffset.UtcNow);

    [Fact]
    public void Load_IssuedNode_EveryKeyMatchesItsCertificate()
    {
        var credentials = Load();

        Assert.Equal(PkiFixture.NodeId, credentials.NodeId);
        Assert.True(credentials.TlsCertificate.HasPrivateKey);
        using (var tlsKey = credentials.TlsCertificate.GetECDsaPrivateKey())
        {
            Assert.NotNull(tlsKey);
        }

        Assert.Equal(NodeCertificateKeys.Ed25519PublicKeyOf(credentials.SigningCertificate), credentials.SigningKey.PublicKey);
        Assert.Equal(32, credentials.EncryptionPrivateKey.Length);
        var encryptionPublic = new X25519PrivateKeyParameters(credentials.EncryptionPrivateKey).GeneratePublicKey().GetEncoded();
        Assert.Equal(NodeCertificateKeys.X25519PublicKeyOf(credentials.EncryptionCertificate), encryptionPublic);
    }

    [Fact]
    public void SigningKey_SignatureVerifiesWithKeyFromSigningCertificateFile()
    {
        var credentials = Load();
        using var certificate = PemTestFiles.Certificate(_pki.Node.SigningCertificate);
        var message = "起点署名"u8.ToArray();

        var signature = credentials.SigningKey.Sign(message);

        Assert.True(Ed25519KeyPair.Verify(NodeCertificateKeys.Ed25519PublicKeyOf(certificate), message, signature));
        Assert.Equal(credentials.CreateEnvelopeSigner().KeyId, NodeCertificateKeys.SignerKeyOf(certificate).KeyId);
    }

    [Fact]
    public void Load_ConfiguredAsAnotherNode_ThrowsNamingFileAndBothIds()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load(nodeId: "council"));

        Assert.Contains(_pki.Node.TlsCertificate, error.Message);
        Assert.Contains($"is for node '{PkiFixture.NodeId}'", error.Message);
        Assert.Contains("configured as 'council'", error.Message);
    }

    [Fact]
    public void Load_CertificatesFromUntrustedRoot_Throws()
    {
        using var other = FederationCa.CreateRoot("Other Federation Root", TimeSpan.FromDays(365));
        var files = other.IssueNode(PkiFixture.NodeId, _pki.Directory.Combine("other"), TimeSpan.FromDays(30));

        var error = Assert.Throws<InvalidOperationException>(() => Load(files));

        Assert.Contains("does not chain to a trusted root", error.Message);
    }

    [Fact]
    public void Load_AfterExpiry_ThrowsSayingExpired()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load(now: DateTimeOffset.UtcNow.AddDays(400)));

        Assert.Contains("expired on", error.Message);
    }

    [Fact]
    public void Load_SigningKeyOfAnotherNode_ThrowsMismatch()
    {
        var otherNode = _pki.Root.IssueNode("council", _pki.Directory.Combine("council"), TimeSpan.FromDays(30));
        File.Copy(otherNode.SigningKey, _pki.Node.SigningKey, overwrite: true);

        var error = Assert.Throws<InvalidOperationException>(() => Load());

        Assert.Contains($"{_pki.Node.SigningKey} does not match", error.Message);
    }

    [Fact]
    public void Load_TlsKeyOfAnotherNode_ThrowsNamingTlsKey()
    {
        var otherNode = _pki.Root.IssueNode("council", _pki.Directory.Combine("council"), TimeSpan.FromDays(30));
        File.Copy(otherNode.TlsKey, _pki.Node.TlsKey, overwrite: true);

        var error = Assert.Throws<InvalidOperationException>(() => Load());

        Assert.Contains(_pki.Node.TlsKey, error.Message);
    }

    [Fact]
    public void Load_EncryptionCertificateInPlaceOfSigning_ThrowsKeyTypeProblem()
    {
        File.Copy(_pki.Node.EncryptionCertificate, _pki.Node.SigningCertificate, overwrite: true);

        var error = Assert.Throws<InvalidOperationException>(() => Load());

        Assert.Contains("X25519 key where an Ed25519 signing certificate belongs", error.Message);
    }

    [Fact]
    public void Load_MissingKeyFile_ThrowsNamingItAndHowToIssue()
    {
        File.Delete(_pki.Node.EncryptionKey);

        var error = Assert.Throws<InvalidOperationException>(() => Load());

        Assert.Contains($"{_pki.Node.EncryptionKey} does not exist", error.Message);
        Assert.Contains("pki issue-node", error.Message);
    }

    [Fact]
    public async Task TlsCertificate_MutualTlsOverLoopback_EachSideSeesTheOthersNodeId()
    {
        var serverCredentials = Load();
        var clientFiles = _pki.Root.IssueNode("council", _pki.Directory.Combine("council"), TimeSpan.FromDays(30));
        var clientCredentials = Load(clientFiles, "council");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        string? seenByServer = null;
        string? seenByClient = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var serverTask = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync(timeout.Token);
            await using var tls = new SslStream(socket.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = serverCredentials.TlsCertificate,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => Accept(certificate, out seenByServer),
            }, timeout.Token);
            await tls.WriteAsync("ok"u8.ToArray(), timeout.Token);
        });

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ClientCertificates = [clientCredentials.TlsCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) => Accept(certificate, out seenByClient),
            }, timeout.Token);
            var reply = new byte[2];
            await tls.ReadExactlyAsync(reply, timeout.Token);
            Assert.Equal("ok"u8.ToArray(), reply);
        }

        await serverTask;
        Assert.Equal("council", seenByServer);
        Assert.Equal(PkiFixture.NodeId, seenByClient);
    }

    // Trust comes from the bundle alone (the system store knows nothing of the federation root).
    private bool Accept(X509Certificate? certificate, out string? nodeId)
    {
        nodeId = null;
        if (certificate is null)
        {
            return false;
        }

        using var peer = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var check = _pki.Trust.Check(peer, DateTimeOffset.UtcNow);
        nodeId = check.NodeId;
        return check.Valid;
    }
}
