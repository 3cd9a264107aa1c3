using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Items;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Ceptoar.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace Ceptoar.Benchmarks;

/// <summary>
/// A secretariat node the benchmark plays itself, with the credentials the test federation issued to it: it signs its
/// descriptor and its items with its own key and talks to a hub as a peer over mutual TLS, as a real node's link would.
/// </summary>
internal sealed class PlayedSecretariat
{
    private readonly EnvelopeSigner _signer;

    private PlayedSecretariat(NodeCredentials credentials, TrustBundle trust, string sector)
    {
        Credentials = credentials;
        Trust = trust;
        Sector = sector;
        _signer = credentials.CreateEnvelopeSigner();
    }

    public NodeCredentials Credentials { get; }

    public TrustBundle Trust { get; }

    public string NodeId => Credentials.NodeId;

    public string Sector { get; }

    public static PlayedSecretariat Load(TestFederation federation, string nodeId, string sector)
    {
        var trust = TrustBundle.Load([federation.RootCertificatePath]);
        var credentials = NodeCredentials.Load(new NodeKeyFiles(federation.NodeCertificates(nodeId)), nodeId, trust, DateTimeOffset.UtcNow);
        return new PlayedSecretariat(credentials, trust, sector);
    }

    /// <summary>This node's descriptor, signed with its own key, naming its peers.</summary>
    public Envelope Descriptor(params string[] peers)
    {
        var now = DateTimeOffset.UtcNow;
        var descriptor = new NodeDescriptor
        {
            NodeId = NodeId,
            Role = NodeRole.Secretariat,
            NameEn = NodeId,
            NameJa = NodeId,
            IssuedAt = Timestamp.FromDateTimeOffset(now),
            ValidUntil = Timestamp.FromDateTimeOffset(now.AddDays(30)),
        };
        descriptor.Sectors.Add(Sector);
        descriptor.Peers.AddRange(peers);
        return NodeDescriptors.Sign(Credentials, descriptor, now);
    }

    /// <summary>
    /// A GREEN incident report to the whole federation, built as the node's submission service builds a member's draft
    /// and signed as it travels: the relayed envelope carries the origin as its only hop and the item id as the dedup hint.
    /// </summary>
    public RelayedEnvelope SignGreenItem(string title, DateTimeOffset now) => SignGreen(Drafts.Incident(Tlp.Green, title), now);

    /// <summary>A GREEN early warning of extreme severity to the whole federation: an urgent item (docs/MODES.md §6).</summary>
    public RelayedEnvelope SignExtremeWarning(string title, DateTimeOffset now)
    {
        var draft = Drafts.Incident(Tlp.Green, title);
        draft.Kind = ItemKind.EarlyWarning;
        draft.Body.Severity = Severity.Extreme;
        return SignGreen(draft, now);
    }

    private RelayedEnvelope SignGreen(ItemDraft draft, DateTimeOffset now)
    {
        var item = new Item
        {
            Id = UuidV7.NewId(),
            OriginNode = NodeId,
            CreatedAt = Timestamp.FromDateTimeOffset(now),
            ExpiresAt = Timestamp.FromDateTimeOffset(now.AddDays(30)),
            Tlp = draft.Tlp,
            Kind = draft.Kind,
            Language = draft.Language,
            Audience = new Audience { WholeFederation = true },
            Handling = new HandlingPolicy(),
            Body = draft.Body,
            References = new References(),
        };
        return new RelayedEnvelope { Envelope = ItemEnvelope.Sign(_signer, item), ItemId = item.Id, Hops = { NodeId } };
    }

    /// <summary>Count GREEN items titled "{title} {i}", signed on all cores.</summary>
    public RelayedEnvelope[] SignGreenItems(int count, string title)
    {
        var now = DateTimeOffset.UtcNow;
        var envelopes = new RelayedEnvelope[count];
        Parallel.For(0, count, i => envelopes[i] = SignGreenItem($"{title} {i}", now));
        return envelopes;
    }

    /// <summary>A channel to a peer's federation listener: this node's TLS certificate as client certificate, the peer's checked by node id.</summary>
    public GrpcChannel ChannelTo(string endpoint, string expectedPeer)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [Credentials.TlsCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) => IsPeer(certificate, expectedPeer),
            },
        };
        return GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            MaxSendMessageSize = 64 * 1024 * 1024,
        });
    }

    private bool IsPeer(X509Certificate? certificate, string expectedPeer)
    {
        if (certificate is null)
        {
            return false;
        }

        using var certificate2 = new X509Certificate2(certificate);
        var check = Trust.Check(certificate2, DateTimeOffset.UtcNow);
        return check.Valid && check.NodeId == expectedPeer;
    }
}
