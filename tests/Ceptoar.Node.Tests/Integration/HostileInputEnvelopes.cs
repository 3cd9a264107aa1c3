using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Items;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>One hostile envelope for a peer to send, and whether a node may still accept it (only a still-valid item).</summary>
internal sealed record HostileEnvelope(string Name, Envelope Envelope, bool MayBeAccepted, bool MayBeRetried = false, string? ValidItemId = null);

/// <summary>Builds spoiled envelopes signed (or not) by a real origin key: garbage, truncation, bad signatures, wrong types, bad sealing.</summary>
internal sealed class HostileInputEnvelopes(EnvelopeSigner origin, SealRecipient hub, ItemValidator validator)
{
    private static readonly string[] OtherTypes = [PayloadTypes.Receipt, PayloadTypes.Descriptor, "", "application/json", PayloadTypes.Item + " ", "APPLICATION/VND.CEPTOAR.ITEM.V1+PROTOBUF"];

    public HostileEnvelope Next(Random rng)
    {
        var item = RawPeer.Item(Tlp.Green);
        var valid = ItemEnvelope.Sign(origin, item);
        var itemBytes = valid.Payload.ToByteArray();
        switch (rng.Next(13))
        {
            case 0: return Refused("signed-random-payload", origin.Sign(PayloadTypes.Item, Bytes(rng, rng.Next(0, 4096))));
            case 1:
                return Refused("unsigned-random-payload", new Envelope
                {
                    PayloadType = PayloadTypes.Item,
                    Payload = Bytes(rng, rng.Next(0, 4096)),
                    Signatures = { new Signature { KeyId = origin.KeyId, Sig = Bytes(rng, rng.Next(2) == 0 ? 64 : rng.Next(0, 200)) } },
                });
            case 2:
                {
                    var truncated = valid.Clone();
                    truncated.Payload = ByteString.CopyFrom(itemBytes[..rng.Next(itemBytes.Length)]);
                    return Refused("truncated-payload", truncated);
                }

            case 3: return Resigned("truncated-payload-resigned", itemBytes[..rng.Next(itemBytes.Length)]);
            case 4:
                {
                    var flipped = valid.Clone();
                    var sig = flipped.Signatures[0].Sig.ToByteArray();
                    sig[rng.Next(sig.Length)] ^= (byte)(1 << rng.Next(8));
                    flipped.Signatures[0].Sig = ByteString.CopyFrom(sig);
                    return Refused("flipped-signature", flipped);
                }

            case 5: return Refused("wrong-payload-type", origin.Sign(OtherTypes[rng.Next(OtherTypes.Length)], valid.Payload));
            case 6:
                return Refused("empty-envelope", rng.Next(3) switch
                {
                    0 => new Envelope(),
                    1 => new Envelope { PayloadType = PayloadTypes.Item },
                    _ => new Envelope { PayloadType = PayloadTypes.Item, Signatures = { new Signature() } },
                });
            case 7: return Refused("sealed-garbage", origin.Sign(PayloadTypes.Sealed, Bytes(rng, rng.Next(0, 2048))));
            case 8: return SealedSpoiled(rng, item);
            case 9:
                {
                    item.Body.Title = HostileInputBytes.Sentinel;
                    var bad = HostileInputBytes.PatchSentinel(ItemEnvelope.Sign(origin, item).Payload.ToByteArray(), HostileInputBytes.InvalidUtf8[rng.Next(HostileInputBytes.InvalidUtf8.Length)])!;
                    return Refused("invalid-utf8-title", origin.Sign(PayloadTypes.Item, ByteString.CopyFrom(bad)));
                }

            case 10:
                {
                    var name = HostileInputMessages.MutateItem(rng, item);
                    return Resigned("mutated-item:" + name, item.ToByteArray());
                }

            case 11:
                {
                    var (name, bytes) = HostileInputBytes.Mutate(rng, itemBytes);
                    return Resigned("byte-mutated-item:" + name, bytes);
                }

            default:
                {
                    // An unknown key id is indistinguishable from a signer whose descriptor has not arrived: RETRY is the designed answer.
                    var unknown = valid.Clone();
                    unknown.Signatures[0].KeyId = rng.Next(2) == 0 ? "" : "bank-ceptoar:" + Convert.ToHexStringLower(Bytes(rng, 8).Span);
                    return Refused("unknown-key-id", unknown) with { MayBeRetried = true };
                }
        }
    }

    /// <summary>A correctly signed, correctly sealed item for the hub, with one part of the sealed structure spoiled and re-signed.</summary>
    private HostileEnvelope SealedSpoiled(Random rng, Item item)
    {
        item.Tlp = Tlp.Amber;
        item.Audience = new Audience { Nodes = { "council" } };
        var sealedEnvelope = ItemSealer.Seal(origin, item, [hub]);
        var sealedItem = SealedItem.Parser.ParseFrom(sealedEnvelope.Payload);
        string what;
        switch (rng.Next(5))
        {
            case 0:
                {
                    var ciphertext = sealedItem.Ciphertext.ToByteArray();
                    ciphertext[rng.Next(ciphertext.Length)] ^= 0x01;
                    sealedItem.Ciphertext = ByteString.CopyFrom(ciphertext);
                    what = "ciphertext";
                    break;
                }

            case 1: sealedItem.Nonce = Bytes(rng, rng.Next(0, 40)); what = "nonce"; break;
            case 2: sealedItem.Keys.Clear(); what = "no-keys"; break;
            case 3: sealedItem.Keys[0].WrappedKey_ = Bytes(rng, rng.Next(0, 80)); what = "wrapped-key"; break;
            default: sealedItem.Header.Recipients.Add("council"); what = "duplicate-recipient"; break;
        }

        return Refused("sealed-spoiled:" + what, origin.Sign(PayloadTypes.Sealed, sealedItem.ToByteString()));
    }

    /// <summary>Bytes signed properly as an item: the node may accept them only if they still are a valid item from the origin.</summary>
    private HostileEnvelope Resigned(string name, byte[] payload)
    {
        var envelope = origin.Sign(PayloadTypes.Item, ByteString.CopyFrom(payload));
        var stillValid = StillValid(payload);
        return new HostileEnvelope(name, envelope, stillValid is not null, ValidItemId: stillValid);
    }

    /// <summary>The item id when the bytes parse as an item from the origin that the node's validator passes; otherwise null.</summary>
    public string? StillValid(byte[] payload)
    {
        try
        {
            var item = Item.Parser.ParseFrom(payload);
            return item.OriginNode == origin.NodeId && validator.ValidateItem(item).Count == 0 ? item.Id : null;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or System.Text.DecoderFallbackException)
        {
            return null;
        }
    }

    private static HostileEnvelope Refused(string name, Envelope envelope) => new(name, envelope, MayBeAccepted: false);

    private static ByteString Bytes(Random rng, int length) => ByteString.CopyFrom(HostileInputBytes.RandomBytes(rng, length));
}
