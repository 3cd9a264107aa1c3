using System.Text;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Ceptoar.Core.Tests.Sealing;

/// <summary>An origin node, recipient nodes with X25519 keys, a RED item with a marker, and verifiers: shared by the sealing tests.</summary>
internal sealed class SealingTestKit
{
    public const string OriginNode = "nisc";
    public const string Marker = "MARKER-c0ffee-7f3c91";
    public const int MaxEnvelopeBytes = 256 * 1024;

    private static readonly SecureRandom Random = new();

    public SealingTestKit()
    {
        Origin = new EnvelopeSigner(OriginNode, Ed25519KeyPair.Generate());
        Resolver = new InMemorySignerKeyResolver(Origin.AsSignerKey());
        Verifier = new EnvelopeVerifier(Resolver, new HashSet<string> { PayloadTypes.Item, PayloadTypes.Sealed }, MaxEnvelopeBytes);
    }

    public EnvelopeSigner Origin { get; }

    public InMemorySignerKeyResolver Resolver { get; }

    /// <summary>Accepts items and sealed items signed by the origin.</summary>
    public EnvelopeVerifier Verifier { get; }

    public static TestNode NewNode(string nodeId)
    {
        var key = new X25519PrivateKeyParameters(Random);
        return new TestNode(nodeId, key.GetEncoded(), key.GeneratePublicKey().GetEncoded());
    }

    public static Item NewItem(string origin = OriginNode, Tlp tlp = Tlp.Red) => new()
    {
        Id = "01974f2e-8c00-7abc-8def-0123456789ab",
        OriginNode = origin,
        CreatedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)),
        ExpiresAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero)),
        Tlp = tlp,
        Kind = ItemKind.IncidentReport,
        Language = "ja",
        Audience = new Audience { Nodes = { "bank-ceptoar", "electricity-ceptoar", "council" } },
        Body = new Body { Title = $"標的型攻撃 {Marker} title", Summary = $"送電制御系への侵入の試み {Marker} summary" },
    };

    /// <summary>Seals NewItem to the given nodes and returns the outer envelope with the inner one it encrypts.</summary>
    public (Envelope Outer, Envelope Inner, Item Item) Seal(params TestNode[] recipients)
    {
        var item = NewItem();
        var inner = ItemEnvelope.Sign(Origin, item);
        var outer = ItemSealer.Seal(Origin, inner, item, recipients.Select(node => node.Recipient).ToList());
        return (outer, inner, item);
    }

    public static SealedItem Parse(Envelope outer) => SealedItem.Parser.ParseFrom(outer.Payload);

    /// <summary>The origin signs a (changed) sealed item again, as only it can.</summary>
    public Envelope Resign(SealedItem sealedItem) => Origin.Sign(PayloadTypes.Sealed, sealedItem.ToByteString());

    public static ByteString FlipBit(ByteString bytes, int index) => FlipBit(bytes.ToByteArray(), index);

    public static ByteString FlipBit(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x01;
        return ByteString.CopyFrom(copy);
    }

    public static bool Contains(byte[] haystack, string text) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}

/// <summary>A recipient node's id and X25519 key pair.</summary>
internal sealed record TestNode(string NodeId, byte[] PrivateKey, byte[] PublicKey)
{
    public SealRecipient Recipient => new(NodeId, PublicKey);
}
