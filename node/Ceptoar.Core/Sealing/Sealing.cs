using System.Security.Cryptography;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Core.Sealing;

/// <summary>
/// Seals signed items to their recipient nodes (X25519 + HKDF-SHA256 + AES-256-GCM, docs/PROTOCOL.md §6) and opens them:
/// a hub checks the signed outer envelope and routes on its header without decrypting; a recipient unseals the inner
/// envelope and verifies it as any other item.
/// </summary>
/// <remarks>
/// Construction (sealed.proto): one fresh random 32-byte content key and 12-byte nonce per seal; the content is
/// AES-256-GCM over the inner envelope's serialised bytes with the serialised routing header as additional data, so a
/// header moved onto other content (or altered) fails authentication. Each recipient gets its own wrapped copy of the
/// content key under a key-encryption key from a FRESH EPHEMERAL X25519 KEY PER RECIPIENT: no two wrapped keys share an
/// agreement, which keeps each one independent (one recipient's key material says nothing about another's) for the
/// cost of one extra X25519 key generation per recipient. The sealed item is then
/// signed by the origin, so hubs can trust the header without being able to read the content.
/// </remarks>
public static partial class ItemSealer
{
    /// <summary>More recipients than this make a sealed item malformed (the federation has a few dozen nodes).</summary>
    public const int MaxRecipients = 64;

    /// <summary>Signs the item, then seals the signed envelope to the recipients (see the other overload).</summary>
    public static Envelope Seal(EnvelopeSigner origin, Item item, IReadOnlyList<SealRecipient> recipients)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(item);
        return Seal(origin, ItemEnvelope.Sign(origin, item), item, recipients);
    }

    /// <summary>
    /// Encrypts innerSignedItem (the origin's signed envelope of item) to each recipient and returns the origin-signed
    /// outer envelope of type PayloadTypes.Sealed. Throws ArgumentException when the inputs do not belong together:
    /// item is not the envelope's payload, the envelope is not signed by origin, or the recipients are empty/duplicated.
    /// </summary>
    public static Envelope Seal(EnvelopeSigner origin, Envelope innerSignedItem, Item item, IReadOnlyList<SealRecipient> recipients)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(innerSignedItem);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Any(recipient => recipient is null))
        {
            throw new ArgumentException("the recipient list holds a null entry; pass one SealRecipient per node", nameof(recipients));
        }

        if (item.OriginNode != origin.NodeId)
        {
            throw new ArgumentException($"item '{item.Id}' names origin '{item.OriginNode}' but node '{origin.NodeId}' is sealing it; only the origin seals its own items", nameof(item));
        }

        RequireSignedBy(origin, innerSignedItem, item);
        var header = HeaderFor(item, recipients);
        var sealedItem = SealBytes(header, innerSignedItem.ToByteArray(), recipients);
        return origin.Sign(PayloadTypes.Sealed, sealedItem.ToByteString());
    }

    /// <summary>The sealed item for a header and plaintext, without any check that they agree (tests build inconsistent ones with it).</summary>
    internal static SealedItem SealBytes(RoutingHeader header, byte[] plaintext, IReadOnlyList<SealRecipient> recipients)
    {
        var contentKey = RandomNumberGenerator.GetBytes(SealingCrypto.KeySize);
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(SealingCrypto.NonceSize);
            var sealedItem = new SealedItem
            {
                Header = header,
                Nonce = ByteString.CopyFrom(nonce),
                // The recipient re-serialises the header it parsed; every protobuf runtime writes known fields in field
                // order, so it gets these bytes back. Any other encoding fails authentication: closed, never open.
                Ciphertext = ByteString.CopyFrom(SealingCrypto.Encrypt(contentKey, nonce, plaintext, header.ToByteArray())),
            };
            foreach (var recipient in recipients)
            {
                sealedItem.Keys.Add(Wrap(contentKey, header.ItemId, recipient));
            }

            return sealedItem;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contentKey);
        }
    }

    private static WrappedKey Wrap(byte[] contentKey, string itemId, SealRecipient recipient)
    {
        var ephemeralPrivate = RandomNumberGenerator.GetBytes(SealingCrypto.KeySize);
        byte[]? kek = null;
        try
        {
            var ephemeralPublic = SealingCrypto.PublicKeyOf(ephemeralPrivate);
            var recipientPublic = recipient.X25519PublicKey;
            kek = SealingCrypto.DeriveKek(ephemeralPrivate, recipientPublic, ephemeralPublic, recipientPublic, itemId, recipient.NodeId)
                ?? throw new ArgumentException(
                    $"the encryption key of node '{recipient.NodeId}' (key id {recipient.KeyId}) is a low-order X25519 point, which would let anyone read the item; "
                    + "that node's encryption certificate is unusable and it must be issued a new one", nameof(recipient));
            var nonce = RandomNumberGenerator.GetBytes(SealingCrypto.NonceSize);
            return new WrappedKey
            {
                RecipientNode = recipient.NodeId,
                RecipientKeyId = recipient.KeyId,
                EphemeralPublicKey = ByteString.CopyFrom(ephemeralPublic),
                Nonce = ByteString.CopyFrom(nonce),
                WrappedKey_ = ByteString.CopyFrom(SealingCrypto.Encrypt(kek, nonce, contentKey, SealingCrypto.WrapAad(itemId, recipient.NodeId))),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ephemeralPrivate);
            if (kek is not null)
            {
                CryptographicOperations.ZeroMemory(kek);
            }
        }
    }

    private static void RequireSignedBy(EnvelopeSigner origin, Envelope innerSignedItem, Item item)
    {
        // The header is built from `item` and the content is `innerSignedItem`: if they differed, every recipient would
        // refuse the item after decrypting it (HeaderMismatch), so the mistake is caught here, at the origin.
        var verifier = new EnvelopeVerifier(new InMemorySignerKeyResolver(origin.AsSignerKey()), new HashSet<string> { PayloadTypes.Item }, int.MaxValue);
        var result = verifier.Verify(innerSignedItem);
        if (!result.IsValid)
        {
            throw new ArgumentException($"the inner envelope is not an item signed by this node ('{origin.NodeId}'): {result.Reason}; sign the item with ItemEnvelope.Sign first", nameof(innerSignedItem));
        }

        Item signed;
        try
        {
            signed = Item.Parser.ParseFrom(innerSignedItem.Payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ArgumentException($"the inner envelope's payload is not an item ({e.Message})", nameof(innerSignedItem), e);
        }

        if (!signed.Equals(item))
        {
            throw new ArgumentException($"item '{item.Id}' is not the item inside the signed envelope ('{signed.Id}'); pass the item that was signed", nameof(item));
        }
    }

    private static RoutingHeader HeaderFor(Item item, IReadOnlyList<SealRecipient> recipients)
    {
        var header = new RoutingHeader
        {
            ItemId = item.Id,
            OriginNode = item.OriginNode,
            Recipients = { recipients.Select(recipient => recipient.NodeId) },
            Tlp = item.Tlp,
            CreatedAt = item.CreatedAt,
            ExpiresAt = item.ExpiresAt,
            Kind = item.Kind,
            Exercise = item.Exercise,
            // Hubs cannot read the severity: they order their outboxes by this signed flag (docs/MODES.md §6).
            Urgent = Urgency.IsUrgent(item),
            // A hub holding the withdrawn item's ciphertext learns only that id, which it already holds (docs/LIFECYCLE.md §1).
            Revokes = item.Revocation?.ItemId ?? "",
        };

        // The same rules a hub applies in OpenOuter: an item the federation would refuse is refused before sealing.
        var problem = SealedItemRules.HeaderProblem(header);
        return problem is null ? header : throw new ArgumentException($"item '{item.Id}' cannot be sealed: {problem}", nameof(item));
    }
}
