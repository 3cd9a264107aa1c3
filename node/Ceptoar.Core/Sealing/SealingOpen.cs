using System.Security.Cryptography;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Core.Sealing;

/// <summary>Opening sealed items: the outer check every node makes, and the decryption only recipients can do.</summary>
public static partial class ItemSealer
{
    /// <summary>
    /// What a hub does (it never decrypts): verifies the outer signature first (the verifier must accept
    /// PayloadTypes.Sealed), then parses the SealedItem and checks the header names the signer as origin, a valid item
    /// id, recipients, label and lifetime, with one well-formed wrapped key per recipient, and that the signer's key
    /// was neither revoked nor retired when the item was created.
    /// </summary>
    public static (SealedItem? Sealed, EnvelopeVerification Result) OpenOuter(EnvelopeVerifier verifier, Envelope outer)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(outer);

        var result = verifier.Verify(outer);
        if (!result.IsValid)
        {
            return (null, result);
        }

        var signer = result.Signer!;
        if (outer.PayloadType != PayloadTypes.Sealed)
        {
            return RefuseOuter(EnvelopeFailure.UnacceptedPayloadType, $"the envelope holds {SealedItemRules.Echo(outer.PayloadType)}, not a sealed item ({PayloadTypes.Sealed})", signer);
        }

        SealedItem sealedItem;
        try
        {
            sealedItem = SealedItem.Parser.ParseFrom(outer.Payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            return RefuseOuter(EnvelopeFailure.UnparsablePayload, $"the signed payload is not a valid sealed item: {e.Message}", signer);
        }

        var header = sealedItem.Header;
        if (header is null)
        {
            return RefuseOuter(EnvelopeFailure.InvalidContent, "the sealed item has no routing header; its origin must seal it with ItemSealer.Seal", signer);
        }

        if (header.OriginNode != signer.NodeId)
        {
            return RefuseOuter(EnvelopeFailure.OriginMismatch,
                $"the sealed item names origin node {SealedItemRules.Echo(header.OriginNode)} but is signed by node '{signer.NodeId}'; a node may only seal its own items", signer);
        }

        var problem = SealedItemRules.HeaderProblem(header) ?? SealedItemRules.StructureProblem(sealedItem);
        if (problem is not null)
        {
            return RefuseOuter(EnvelopeFailure.InvalidContent, $"sealed item from '{signer.NodeId}' is malformed: {problem}", signer);
        }

        // HeaderProblem guarantees a valid creation time. The same cut-offs as ItemEnvelope.Open, so a hub refuses
        // what the recipients would refuse.
        var createdAt = TimePolicy.TimeOf(header.CreatedAt)!.Value;
        if (signer.RevokedAt is { } revokedAt && createdAt >= revokedAt)
        {
            return RefuseOuter(EnvelopeFailure.KeyRevoked,
                $"key '{signer.KeyId}' was revoked at {revokedAt:O} and the sealed item was created at {createdAt:O}; the origin must re-issue it with its current key", signer);
        }

        if (signer.RetiredAt is { } retiredAt && createdAt >= retiredAt)
        {
            return RefuseOuter(EnvelopeFailure.KeyRetired,
                $"key '{signer.KeyId}' was retired at {retiredAt:O} and the sealed item was created at {createdAt:O}; the origin must seal new items with its current key", signer);
        }

        return (sealedItem, result);
    }

    /// <summary>
    /// Decrypts the inner envelope with this node's X25519 private key. The result is NOT yet trusted: verify it with
    /// ItemEnvelope.Open and compare the item with the header (HeaderMismatch), or call OpenInner, which does both.
    /// Throws SealingException when this node is not a recipient, holds another key, or anything was altered.
    /// </summary>
    public static Envelope Unseal(SealedItem sealedItem, string myNodeId, byte[] myX25519PrivateKey)
    {
        var plaintext = UnsealBytes(sealedItem, myNodeId, myX25519PrivateKey);
        try
        {
            return ParseInner(plaintext, sealedItem.Header.ItemId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// As Unseal, giving the inner envelope's bytes exactly as the origin sealed them, unparsed and not yet trusted; the
    /// caller owns them (a recipient stores them as they are, docs/PROTOCOL.md §10).
    /// </summary>
    public static byte[] UnsealBytes(SealedItem sealedItem, string myNodeId, byte[] myX25519PrivateKey)
    {
        ArgumentNullException.ThrowIfNull(sealedItem);
        ArgumentNullException.ThrowIfNull(myNodeId);
        ArgumentNullException.ThrowIfNull(myX25519PrivateKey);
        if (myX25519PrivateKey.Length != SealingCrypto.KeySize)
        {
            throw new ArgumentException($"an X25519 private key is {SealingCrypto.KeySize} bytes, not {myX25519PrivateKey.Length}", nameof(myX25519PrivateKey));
        }

        var header = sealedItem.Header
            ?? throw new SealingException(SealingFailure.Malformed, "the sealed item has no routing header, so it cannot be opened; refuse it (its origin must seal it with ItemSealer.Seal)");
        var itemId = header.ItemId;
        var wrapped = WrappedKeyFor(sealedItem, myNodeId);
        var problem = SealedItemRules.WrappedKeyProblem(wrapped) ?? SealedItemRules.StructureProblem(sealedItem);
        if (problem is not null)
        {
            throw new SealingException(SealingFailure.Malformed, $"sealed item {SealedItemRules.Echo(itemId)} is malformed ({problem}); refuse it");
        }

        var myPublicKey = SealingCrypto.PublicKeyOf(myX25519PrivateKey);
        var myKeyId = SealingCrypto.KeyIdOf(myPublicKey);
        // The key id is only a hint (it is not authenticated); when present and different, decryption would fail
        // anyway, and saying which key was used tells the operator what to do.
        if (wrapped.RecipientKeyId.Length > 0 && wrapped.RecipientKeyId != myKeyId)
        {
            throw new SealingException(SealingFailure.KeyMismatch,
                $"sealed item {SealedItemRules.Echo(itemId)} was sealed to encryption key {SealedItemRules.Echo(wrapped.RecipientKeyId)} of node '{myNodeId}', but the key in use is '{myKeyId}'; "
                + "open it with the private key of that (older or newer) encryption certificate, or ask the origin to seal it again to this node's current certificate");
        }

        var contentKey = UnwrapContentKey(wrapped, itemId, myNodeId, myX25519PrivateKey, myPublicKey);
        try
        {
            return SealingCrypto.Decrypt(contentKey, sealedItem.Nonce.Span, sealedItem.Ciphertext.Span, header.ToByteArray())
                ?? throw new SealingException(SealingFailure.AuthenticationFailed,
                    $"the sealed content of item {SealedItemRules.Echo(itemId)} does not authenticate: its ciphertext, nonce or routing header was altered after the origin sealed it; refuse it and ask origin '{header.OriginNode}' to send it again");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contentKey);
        }
    }

    private static Envelope ParseInner(byte[] plaintext, string itemId)
    {
        try
        {
            return Envelope.Parser.ParseFrom(plaintext);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new SealingException(SealingFailure.Malformed, $"sealed item {SealedItemRules.Echo(itemId)} decrypts to something that is not an envelope ({e.Message}); refuse it", e);
        }
    }

    /// <summary>
    /// What a recipient does after OpenOuter: Unseal, verify the inner envelope (ItemEnvelope.Open), then check the
    /// item agrees with the routing header hubs acted on. Throws SealingException when it cannot decrypt.
    /// </summary>
    public static (VerifiedItem? Item, EnvelopeVerification Result) OpenInner(EnvelopeVerifier verifier, SealedItem sealedItem, string myNodeId, byte[] myX25519PrivateKey)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return Checked(verifier, sealedItem, Unseal(sealedItem, myNodeId, myX25519PrivateKey));
    }

    /// <summary>As OpenInner, also giving the inner envelope's bytes exactly as the origin sealed them, to be stored as they are.</summary>
    public static (VerifiedItem? Item, byte[] EnvelopeBytes, EnvelopeVerification Result) OpenInnerWithBytes(EnvelopeVerifier verifier, SealedItem sealedItem, string myNodeId, byte[] myX25519PrivateKey)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        var bytes = UnsealBytes(sealedItem, myNodeId, myX25519PrivateKey);
        var (item, result) = Checked(verifier, sealedItem, ParseInner(bytes, sealedItem.Header.ItemId));
        return (item, bytes, result);
    }

    private static (VerifiedItem? Item, EnvelopeVerification Result) Checked(EnvelopeVerifier verifier, SealedItem sealedItem, Envelope inner)
    {
        var (verified, result) = ItemEnvelope.Open(verifier, inner);
        if (verified is null)
        {
            return (null, result);
        }

        var mismatch = HeaderMismatch(sealedItem.Header, verified.Item);
        return mismatch is null ? (verified, result) : (null, new EnvelopeVerification(EnvelopeFailure.InvalidContent, mismatch, verified.Signer));
    }

    /// <summary>
    /// Null when the sealed item's header repeats the inner item's id, origin, label, times, kind and exercise flag;
    /// otherwise which field differs. Recipients are not compared: they are the origin's resolution of the audience.
    /// </summary>
    public static string? HeaderMismatch(RoutingHeader header, Item inner)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(inner);
        var field = header.ItemId != inner.Id ? "item id"
            : header.OriginNode != inner.OriginNode ? "origin node"
            : header.Tlp != inner.Tlp ? "TLP label"
            : !Equals(header.CreatedAt, inner.CreatedAt) ? "creation time"
            : !Equals(header.ExpiresAt, inner.ExpiresAt) ? "expiry"
            : header.Kind != inner.Kind ? "kind"
            : header.Exercise != inner.Exercise ? "exercise flag"
            // Only a claim of urgency the item lacks is refused: it would jump every queue on the way. An origin that
            // predates the flag leaves it unset on an urgent item, which then only waits its turn (docs/MODES.md §6).
            : header.Urgent && !Urgency.IsUrgent(inner) ? "urgent flag"
            // Hubs drop the item the header names: it must be the one the revocation inside withdraws.
            : header.Revokes != (inner.Revocation?.ItemId ?? "") ? "revoked item"
            : null;
        return field is null
            ? null
            : $"the routing header of sealed item {SealedItemRules.Echo(header.ItemId)} differs from the sealed item in its {field}; "
                + "hubs routed it on a header that does not describe it, so it is refused — tell the origin's operators";
    }

    /// <summary>
    /// The private key to open sealedItem with: a retired one when the wrapped key for this node names it by its
    /// recipient key id (only a hint, docs/PROTOCOL.md; a wrong hint fails to decrypt), else the current one. Items
    /// sealed before peers learned a rotated key still open during the overlap (docs/LIFECYCLE.md §2).
    /// </summary>
    public static byte[] KeyToOpen(SealedItem sealedItem, string myNodeId, byte[] current, IEnumerable<byte[]> retired)
    {
        ArgumentNullException.ThrowIfNull(sealedItem);
        ArgumentNullException.ThrowIfNull(retired);
        var hint = sealedItem.Keys.FirstOrDefault(key => key.RecipientNode == myNodeId)?.RecipientKeyId;
        if (string.IsNullOrEmpty(hint))
        {
            return current;
        }

        return retired.FirstOrDefault(key => key.Length == SealingCrypto.KeySize && SealingCrypto.KeyIdOf(SealingCrypto.PublicKeyOf(key)) == hint) ?? current;
    }

    private static WrappedKey WrappedKeyFor(SealedItem sealedItem, string myNodeId)
    {
        var header = sealedItem.Header;
        var keys = sealedItem.Keys.Where(key => key.RecipientNode == myNodeId).Take(2).ToList();
        if (!header.Recipients.Contains(myNodeId) || keys.Count == 0)
        {
            throw new SealingException(SealingFailure.NotRecipient,
                $"sealed item {SealedItemRules.Echo(header.ItemId)} is sealed to {string.Join(", ", header.Recipients.Take(ItemSealer.MaxRecipients))}, not to this node ('{myNodeId}'); "
                + $"only its recipients can open it — if this node needs it, ask origin {SealedItemRules.Echo(header.OriginNode)} to address it here");
        }

        return keys.Count == 1
            ? keys[0]
            : throw new SealingException(SealingFailure.Malformed, $"sealed item {SealedItemRules.Echo(header.ItemId)} holds two wrapped keys for '{myNodeId}'; refuse it");
    }

    private static byte[] UnwrapContentKey(WrappedKey wrapped, string itemId, string myNodeId, byte[] myPrivateKey, byte[] myPublicKey)
    {
        var ephemeralPublic = wrapped.EphemeralPublicKey.ToByteArray();
        var kek = SealingCrypto.DeriveKek(myPrivateKey, ephemeralPublic, ephemeralPublic, myPublicKey, itemId, myNodeId)
            ?? throw new SealingException(SealingFailure.Malformed,
                $"the ephemeral key of sealed item {SealedItemRules.Echo(itemId)} is a low-order X25519 point (it gives an all-zero shared secret); refuse it");
        try
        {
            return SealingCrypto.Decrypt(kek, wrapped.Nonce.Span, wrapped.WrappedKey_.Span, SealingCrypto.WrapAad(itemId, myNodeId))
                ?? throw new SealingException(SealingFailure.AuthenticationFailed,
                    $"the wrapped key for node '{myNodeId}' in sealed item {SealedItemRules.Echo(itemId)} does not authenticate: it was altered, or sealed to another key of this node; "
                    + "refuse it and ask the origin to send it again");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    private static (SealedItem?, EnvelopeVerification) RefuseOuter(EnvelopeFailure failure, string reason, SignerKey signer) =>
        (null, new EnvelopeVerification(failure, reason, signer));
}
