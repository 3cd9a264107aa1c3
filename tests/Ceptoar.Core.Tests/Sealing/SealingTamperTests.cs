using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Core.Tests.Sealing;

/// <summary>Every part of a sealed item is authenticated: any change makes it refused, never opened differently.</summary>
public sealed class SealingTamperTests
{
    private static readonly TestNode Bank = SealingTestKit.NewNode("bank-ceptoar");
    private static readonly TestNode Electricity = SealingTestKit.NewNode("electricity-ceptoar");

    private readonly SealingTestKit _kit = new();

    public static TheoryData<string> HeaderChanges => new() { "tlp", "created", "expires", "kind", "exercise", "recipient added", "recipients reordered", "item id" };

    [Fact]
    public void Unseal_EveryByteOfCiphertextFlipped_AuthenticationFails()
    {
        var sealedItem = SealingTestKit.Parse(_kit.Seal(Bank).Outer);
        var original = sealedItem.Ciphertext.ToByteArray();

        // Every byte, the tag included: GCM must refuse each one, not just the ones a sample would hit.
        for (var i = 0; i < original.Length; i++)
        {
            sealedItem.Ciphertext = SealingTestKit.FlipBit(original, i);

            var error = Assert.Throws<SealingException>(() => ItemSealer.Unseal(sealedItem, Bank.NodeId, Bank.PrivateKey));

            Assert.Equal(SealingFailure.AuthenticationFailed, error.Failure);
        }
    }

    [Fact]
    public void Unseal_EveryByteOfContentNonceFlipped_AuthenticationFails()
    {
        var sealedItem = SealingTestKit.Parse(_kit.Seal(Bank).Outer);
        var original = sealedItem.Nonce.ToByteArray();

        for (var i = 0; i < original.Length; i++)
        {
            sealedItem.Nonce = SealingTestKit.FlipBit(original, i);

            var error = Assert.Throws<SealingException>(() => ItemSealer.Unseal(sealedItem, Bank.NodeId, Bank.PrivateKey));

            Assert.Equal(SealingFailure.AuthenticationFailed, error.Failure);
            Assert.Contains("sealed content", error.Message);
        }
    }

    [Theory]
    [InlineData("wrapped key")]
    [InlineData("wrap nonce")]
    [InlineData("ephemeral key")]
    public void Unseal_EveryByteOfWrappedKeyPartFlipped_Fails(string part)
    {
        var sealedItem = SealingTestKit.Parse(_kit.Seal(Bank, Electricity).Outer);
        var key = sealedItem.Keys.Single(wrapped => wrapped.RecipientNode == Bank.NodeId);
        var original = (part switch
        {
            "wrapped key" => key.WrappedKey_,
            "wrap nonce" => key.Nonce,
            _ => key.EphemeralPublicKey,
        }).ToByteArray();

        for (var i = 0; i < original.Length; i++)
        {
            var flipped = SealingTestKit.FlipBit(original, i);
            switch (part)
            {
                case "wrapped key": key.WrappedKey_ = flipped; break;
                case "wrap nonce": key.Nonce = flipped; break;
                default: key.EphemeralPublicKey = flipped; break;
            }

            var error = Assert.Throws<SealingException>(() => ItemSealer.Unseal(sealedItem, Bank.NodeId, Bank.PrivateKey));

            // A flipped ephemeral key may land on a low-order point (Malformed); everything else fails authentication.
            Assert.Contains(error.Failure, new[] { SealingFailure.AuthenticationFailed, SealingFailure.Malformed });
        }

        // The other recipient's wrapped key was untouched: it still opens the item.
        Assert.NotNull(ItemSealer.Unseal(sealedItem, Electricity.NodeId, Electricity.PrivateKey));
    }

    [Theory]
    [MemberData(nameof(HeaderChanges))]
    public void Unseal_HeaderChangedAndResignedByOrigin_AuthenticationFails(string change)
    {
        var sealedItem = SealingTestKit.Parse(_kit.Seal(Bank, Electricity).Outer);
        Change(sealedItem.Header, change);
        if (change == "recipient added")
        {
            // Keep the structure valid so that only the additional-data binding can catch the change.
            sealedItem.Keys.Add(SealingTestKit.Parse(_kit.Seal(SealingTestKit.NewNode("gas-ceptoar")).Outer).Keys[0]);
        }

        // The outer signature holds: only the AAD binding of header to ciphertext can catch this.
        var (reopened, outerResult) = ItemSealer.OpenOuter(_kit.Verifier, _kit.Resign(sealedItem));
        Assert.True(outerResult.IsValid, outerResult.Reason);

        var error = Assert.Throws<SealingException>(() => ItemSealer.Unseal(reopened!, Bank.NodeId, Bank.PrivateKey));

        Assert.Equal(SealingFailure.AuthenticationFailed, error.Failure);
    }

    [Fact]
    public void Unseal_UnchangedHeaderResigned_StillOpens()
    {
        // The control for the test above: re-signing alone changes nothing the recipient checks.
        var sealedItem = SealingTestKit.Parse(_kit.Seal(Bank).Outer);

        var (reopened, _) = ItemSealer.OpenOuter(_kit.Verifier, _kit.Resign(sealedItem));

        Assert.NotNull(ItemSealer.Unseal(reopened!, Bank.NodeId, Bank.PrivateKey));
    }

    [Theory]
    [MemberData(nameof(HeaderChanges))]
    public void OpenOuter_HeaderChangedWithoutResigning_BadSignature(string change)
    {
        var outer = _kit.Seal(Bank, Electricity).Outer;
        var sealedItem = SealingTestKit.Parse(outer);
        Change(sealedItem.Header, change);
        outer.Payload = sealedItem.ToByteString();

        var (opened, result) = ItemSealer.OpenOuter(_kit.Verifier, outer);

        Assert.Null(opened);
        Assert.Equal(EnvelopeFailure.BadSignature, result.Failure);
    }

    private static void Change(RoutingHeader header, string change)
    {
        switch (change)
        {
            case "tlp": header.Tlp = Tlp.Green; break;
            case "created": header.CreatedAt = Timestamp.FromDateTimeOffset(header.CreatedAt.ToDateTimeOffset().AddSeconds(-1)); break;
            case "expires": header.ExpiresAt = Timestamp.FromDateTimeOffset(header.ExpiresAt.ToDateTimeOffset().AddDays(365)); break;
            case "kind": header.Kind = ItemKind.RelatedInformation; break;
            case "exercise": header.Exercise = !header.Exercise; break;
            case "recipient added": header.Recipients.Add("gas-ceptoar"); break;
            case "recipients reordered":
                (header.Recipients[0], header.Recipients[1]) = (header.Recipients[1], header.Recipients[0]);
                break;
            case "item id": header.ItemId = "01974f2e-8c00-7abc-8def-0123456789ac"; break;
            default: throw new ArgumentOutOfRangeException(nameof(change), change, "unknown header change");
        }
    }
}
