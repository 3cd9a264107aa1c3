using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace Ceptoar.Testing;

/// <summary>A test-controlled client of a node's FederationService, presenting whatever certificate a test gives it.</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly GrpcChannel _channel;

    public RawPeer(string endpoint, X509Certificate2 clientCertificate, X509Certificate2 serverRoot)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) => Clients.ChainsTo(certificate, serverRoot),
            },
        };
        _channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions { HttpHandler = handler });
        Client = new FederationService.FederationServiceClient(_channel);
    }

    public FederationService.FederationServiceClient Client { get; }

    /// <summary>The mutual-TLS channel, for calls to other services on the federation port.</summary>
    public GrpcChannel Channel => _channel;

    /// <summary>The TLS certificate with its key, as the node itself loads it, without checking it against any root.</summary>
    public static X509Certificate2 TlsCertificateOf(string certificatesDir)
    {
        var files = new NodeKeyFiles(certificatesDir);
        using var pem = X509Certificate2.CreateFromPemFile(files.TlsCertificate, files.TlsKey);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Sends one batch on a fresh exchange stream and returns the node's answer.</summary>
    public async Task<BatchAck> SendAsync(params Envelope[] envelopes)
    {
        using var call = Client.Exchange(deadline: DateTime.UtcNow.AddSeconds(30));
        var batch = new Batch { BatchId = 1 };
        batch.Envelopes.AddRange(envelopes.Select(e => new RelayedEnvelope { Envelope = e, Hops = { "bank-ceptoar" } }));
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        if (!await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            // A library of the harness has no xunit; the exception fails the calling test the same way.
            throw new InvalidOperationException("the node ended the exchange stream without acknowledging the batch");
        }

        return call.ResponseStream.Current;
    }

    /// <summary>A valid item from bank-ceptoar, for tests to sign as is or spoil.</summary>
    public static Item Item(Tlp tlp, string origin = "bank-ceptoar", TimeSpan? expiresIn = null)
    {
        var draft = Drafts.Incident(tlp, "raw peer item");
        var now = DateTimeOffset.UtcNow;
        return new Item
        {
            Id = Core.Items.UuidV7.NewId(),
            OriginNode = origin,
            CreatedAt = Timestamp.FromDateTimeOffset(now.AddMinutes(-1)),
            ExpiresAt = Timestamp.FromDateTimeOffset(now + (expiresIn ?? TimeSpan.FromDays(1))),
            Tlp = tlp,
            Kind = draft.Kind,
            Language = "en",
            Audience = draft.Audience ?? new Audience { WholeFederation = true },
            Handling = new HandlingPolicy(),
            Body = draft.Body,
        };
    }

    public void Dispose() => _channel.Dispose();
}
