using Ceptoar.Core.Envelopes;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Core.Tests.Protocol;

/// <summary>A signing node, a resolver that knows its key, and items to sign, shared by the envelope tests.</summary>
internal sealed class EnvelopeTestKit
{
    public const string OriginNode = "nisc";
    public const int MaxEnvelopeBytes = 64 * 1024;

    public EnvelopeTestKit()
    {
        Signer = new EnvelopeSigner(OriginNode, Ed25519KeyPair.Generate());
        Resolver = new InMemorySignerKeyResolver(Signer.AsSignerKey());
        Verifier = NewVerifier(MaxEnvelopeBytes);
    }

    public EnvelopeSigner Signer { get; }

    public InMemorySignerKeyResolver Resolver { get; }

    public EnvelopeVerifier Verifier { get; }

    public EnvelopeVerifier NewVerifier(int maxEnvelopeBytes) =>
        new(Resolver, new HashSet<string> { PayloadTypes.Item, PayloadTypes.Receipt }, maxEnvelopeBytes);

    public static Item NewItem(string origin = OriginNode, DateTimeOffset? createdAt = null) => new()
    {
        Id = "01890a5d-ac96-774b-bcce-b302099a8057",
        OriginNode = origin,
        CreatedAt = Timestamp.FromDateTimeOffset(createdAt ?? new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)),
        ExpiresAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero)),
        Tlp = Tlp.Green,
        Kind = ItemKind.EarlyWarning,
        Language = "ja",
        Body = new Body { Title = "不審なメールの送信を確認", Summary = "複数の事業者宛てに同一の添付ファイル付きメールが送られている。" },
    };

    public static ByteString FlipBit(ByteString bytes, int index, byte mask)
    {
        var copy = bytes.ToByteArray();
        copy[index] ^= mask;
        return ByteString.CopyFrom(copy);
    }
}
