using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Core.Tests.Sealing;

/// <summary>What a hub checks without decrypting.</summary>
public sealed class OpenOuterTests
{
    private static readonly TestNode Bank = SealingTestKit.NewNode("bank-ceptoar");
    private static readonly TestNode Electricity = SealingTestKit.NewNode("electricity-ceptoar");

    private readonly SealingTestKit _kit = new();

    public static TheoryData<string, string> Malformations => new()
    {
        { "no item id", "is not a UUIDv7" },
        { "no recipients", "names no recipient" },
        { "bad recipient", "is not a valid node id" },
        { "no label", "no TLP label" },
        { "no expiry", "no valid expiry" },
        { "no creation time", "no valid creation time" },
        { "expires before created", "before it was created" },
        { "missing wrapped key", "1 wrapped keys for 2 recipients" },
        { "wrapped key for outsider", "not a recipient" },
        { "short nonce", "content nonce is 11 bytes" },
        { "short ciphertext", "shorter than its 16-byte tag" },
        { "short ephemeral key", "ephemeral key for 'bank-ceptoar' is 31 bytes" },
        { "long wrapped key", "wrapped key for 'bank-ceptoar' is 49 bytes" },
    };

    [Fact]
    public void OpenOuter_SealedByOrigin_ValidWithSignerAndHeader()
    {
        var (outer, _, item) = _kit.Seal(Bank, Electricity);

        var (sealedItem, result) = ItemSealer.OpenOuter(_kit.Verifier, outer);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(_kit.Origin.KeyId, result.Signer!.KeyId);
        Assert.Equal(item.Id, sealedItem!.Header.ItemId);
        Assert.Equal(2, sealedItem.Keys.Count);
    }

    [Fact]
    public void OpenOuter_RelayedAsBytes_StillValid()
    {
        var outer = _kit.Seal(Bank).Outer;

        var relayed = Envelope.Parser.ParseFrom(outer.ToByteArray());

        Assert.True(ItemSealer.OpenOuter(_kit.Verifier, relayed).Result.IsValid);
        Assert.Equal(outer.Payload, relayed.Payload);
    }

    [Fact]
    public void OpenOuter_PlainItemEnvelope_UnacceptedPayloadType()
    {
        var inner = ItemEnvelope.Sign(_kit.Origin, SealingTestKit.NewItem());

        var (sealedItem, result) = ItemSealer.OpenOuter(_kit.Verifier, inner);

        Assert.Null(sealedItem);
        Assert.Equal(EnvelopeFailure.UnacceptedPayloadType, result.Failure);
    }

    [Fact]
    public void OpenOuter_VerifierNotAcceptingSealed_Refused()
    {
        var itemsOnly = new EnvelopeVerifier(_kit.Resolver, new HashSet<string> { PayloadTypes.Item }, SealingTestKit.MaxEnvelopeBytes);

        var (_, result) = ItemSealer.OpenOuter(itemsOnly, _kit.Seal(Bank).Outer);

        Assert.Equal(EnvelopeFailure.UnacceptedPayloadType, result.Failure);
    }

    [Fact]
    public void OpenOuter_UnknownOrigin_UnknownSigner()
    {
        var stranger = new SealingTestKit();

        var (_, result) = ItemSealer.OpenOuter(_kit.Verifier, stranger.Seal(Bank).Outer);

        Assert.Equal(EnvelopeFailure.UnknownSigner, result.Failure);
    }

    [Fact]
    public void OpenOuter_HeaderNamesAnotherOrigin_OriginMismatch()
    {
        var sealedItem = SealingTestKit.Parse(_kit.Seal(Bank).Outer);
        sealedItem.Header.OriginNode = "council";

        var (opened, result) = ItemSealer.OpenOuter(_kit.Verifier, _kit.Resign(sealedItem));

        Assert.Null(opened);
        Assert.Equal(EnvelopeFailure.OriginMismatch, result.Failure);
        Assert.Contains("'council'", result.Reason);
    }

    [Fact]
    public void OpenOuter_NoHeader_InvalidContent()
    {
        var sealedItem = SealingTestKit.Parse(_kit.Seal(Bank).Outer);
        sealedItem.Header = null;

        var (_, result) = ItemSealer.OpenOuter(_kit.Verifier, _kit.Resign(sealedItem));

        Assert.Equal(EnvelopeFailure.InvalidContent, result.Failure);
        Assert.Contains("no routing header", result.Reason);
    }

    [Fact]
    public void OpenOuter_PayloadNotASealedItem_UnparsablePayload()
    {
        var outer = _kit.Origin.Sign(PayloadTypes.Sealed, ByteString.CopyFrom(0xFF, 0xFF, 0xFF));

        var (_, result) = ItemSealer.OpenOuter(_kit.Verifier, outer);

        Assert.Equal(EnvelopeFailure.UnparsablePayload, result.Failure);
    }

    [Theory]
    [MemberData(nameof(Malformations))]
    public void OpenOuter_MalformedButSigned_InvalidContentWithReason(string malformation, string expectedReason)
    {
        var sealedItem = SealingTestKit.Parse(_kit.Seal(Bank, Electricity).Outer);
        Break(sealedItem, malformation);

        var (opened, result) = ItemSealer.OpenOuter(_kit.Verifier, _kit.Resign(sealedItem));

        Assert.Null(opened);
        Assert.Equal(EnvelopeFailure.InvalidContent, result.Failure);
        Assert.Contains(expectedReason, result.Reason);
    }

    [Theory]
    [InlineData(-1, EnvelopeFailure.None)]
    [InlineData(0, EnvelopeFailure.KeyRevoked)]
    public void OpenOuter_RevokedOriginKey_RefusesItemsCreatedFromRevocation(int secondsAfterRevocation, EnvelopeFailure expected)
    {
        var createdAt = SealingTestKit.NewItem().CreatedAt.ToDateTimeOffset();
        _kit.Resolver.Add(_kit.Origin.AsSignerKey() with { RevokedAt = createdAt.AddSeconds(-secondsAfterRevocation) });

        var (_, result) = ItemSealer.OpenOuter(_kit.Verifier, _kit.Seal(Bank).Outer);

        Assert.Equal(expected, result.Failure);
    }

    [Theory]
    [InlineData(-1, EnvelopeFailure.None)]
    [InlineData(0, EnvelopeFailure.KeyRetired)]
    public void OpenOuter_RetiredOriginKey_RefusesItemsCreatedFromRetirement(int secondsAfterRetirement, EnvelopeFailure expected)
    {
        var createdAt = SealingTestKit.NewItem().CreatedAt.ToDateTimeOffset();
        _kit.Resolver.Add(_kit.Origin.AsSignerKey() with { RetiredAt = createdAt.AddSeconds(-secondsAfterRetirement) });

        var (_, result) = ItemSealer.OpenOuter(_kit.Verifier, _kit.Seal(Bank).Outer);

        Assert.Equal(expected, result.Failure);
    }

    private static void Break(SealedItem sealedItem, string malformation)
    {
        var header = sealedItem.Header;
        var bankKey = sealedItem.Keys.Single(key => key.RecipientNode == Bank.NodeId);
        switch (malformation)
        {
            case "no item id": header.ItemId = string.Empty; break;
            case "no recipients": header.Recipients.Clear(); break;
            case "bad recipient": header.Recipients.Add("Not A Node"); break;
            case "no label": header.Tlp = Tlp.Unspecified; break;
            case "no expiry": header.ExpiresAt = null; break;
            case "no creation time": header.CreatedAt = null; break;
            case "expires before created": header.ExpiresAt = header.CreatedAt; break;
            case "missing wrapped key": sealedItem.Keys.Remove(bankKey); break;
            case "wrapped key for outsider": bankKey.RecipientNode = "gas-ceptoar"; break;
            case "short nonce": sealedItem.Nonce = ByteString.CopyFrom(new byte[11]); break;
            case "short ciphertext": sealedItem.Ciphertext = ByteString.CopyFrom(new byte[15]); break;
            case "short ephemeral key": bankKey.EphemeralPublicKey = ByteString.CopyFrom(new byte[31]); break;
            case "long wrapped key": bankKey.WrappedKey_ = ByteString.CopyFrom(new byte[49]); break;
            default: throw new ArgumentOutOfRangeException(nameof(malformation), malformation, "unknown malformation");
        }
    }
}
