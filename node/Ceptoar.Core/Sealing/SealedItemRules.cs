using Ceptoar.Core.Items;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Sealing;

/// <summary>
/// What a sealed item must look like for a hub to route it: a complete routing header and one well-formed wrapped key
/// per recipient. Checked by the origin before sealing and by every node after the outer signature.
/// </summary>
internal static class SealedItemRules
{
    // Attacker-chosen strings are cut to this length before they go into a reason.
    private const int MaxEchoedChars = 100;

    /// <summary>Null when the header names a valid item, origin, recipients, label and lifetime; otherwise why not.</summary>
    public static string? HeaderProblem(RoutingHeader header)
    {
        if (!UuidV7.IsValid(header.ItemId))
        {
            return $"the routing header's item id {Echo(header.ItemId)} is not a UUIDv7";
        }

        if (!NodeUri.IsValidNodeId(header.OriginNode))
        {
            return $"the routing header's origin {Echo(header.OriginNode)} is not a valid node id";
        }

        if (header.Revokes.Length > 0 && (header.Kind != ItemKind.Revocation || !UuidV7.IsValid(header.Revokes) || header.Revokes == header.ItemId))
        {
            // Hubs drop what the header names: only a revocation names one, and never itself (docs/LIFECYCLE.md §1).
            return $"the routing header names {Echo(header.Revokes)} as revoked, but only a revocation names one other item";
        }

        var recipients = header.Recipients;
        if (recipients.Count == 0)
        {
            return "the routing header names no recipient; a sealed item must name the nodes that can open it";
        }

        if (recipients.Count > ItemSealer.MaxRecipients)
        {
            return $"the routing header names {recipients.Count} recipients, more than the {ItemSealer.MaxRecipients} allowed";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var recipient in recipients)
        {
            if (!NodeUri.IsValidNodeId(recipient))
            {
                return $"recipient {Echo(recipient)} is not a valid node id";
            }

            if (!seen.Add(recipient))
            {
                return $"recipient '{recipient}' is named twice";
            }
        }

        if (header.Tlp == Tlp.Unspecified || !System.Enum.IsDefined(header.Tlp))
        {
            return "the routing header has no TLP label; every item carries one";
        }

        var createdAt = TimePolicy.TimeOf(header.CreatedAt);
        var expiresAt = TimePolicy.TimeOf(header.ExpiresAt);
        if (createdAt is null)
        {
            return "the routing header has no valid creation time";
        }

        if (expiresAt is null)
        {
            return "the routing header has no valid expiry; hubs need it to drop the item when it lapses";
        }

        return expiresAt <= createdAt ? $"the item expires ({expiresAt:O}) before it was created ({createdAt:O})" : null;
    }

    /// <summary>Null when the nonce, ciphertext and wrapped keys have their sizes and each recipient has exactly one wrapped key.</summary>
    public static string? StructureProblem(SealedItem sealedItem)
    {
        if (sealedItem.Nonce.Length != SealingCrypto.NonceSize)
        {
            return $"the content nonce is {sealedItem.Nonce.Length} bytes; AES-GCM uses {SealingCrypto.NonceSize}";
        }

        if (sealedItem.Ciphertext.Length < SealingCrypto.TagSize)
        {
            return $"the ciphertext is {sealedItem.Ciphertext.Length} bytes, shorter than its {SealingCrypto.TagSize}-byte tag";
        }

        var recipients = new HashSet<string>(sealedItem.Header.Recipients, StringComparer.Ordinal);
        if (sealedItem.Keys.Count != recipients.Count)
        {
            return $"the item has {sealedItem.Keys.Count} wrapped keys for {recipients.Count} recipients; each recipient needs exactly one";
        }

        var wrappedFor = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in sealedItem.Keys)
        {
            if (!recipients.Contains(key.RecipientNode) || !wrappedFor.Add(key.RecipientNode))
            {
                return $"a wrapped key is for {Echo(key.RecipientNode)}, which is not a recipient or has another wrapped key";
            }

            var problem = WrappedKeyProblem(key);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    public static string? WrappedKeyProblem(WrappedKey key)
    {
        if (key.EphemeralPublicKey.Length != SealingCrypto.KeySize)
        {
            return $"the ephemeral key for '{key.RecipientNode}' is {key.EphemeralPublicKey.Length} bytes; an X25519 key is {SealingCrypto.KeySize}";
        }

        if (key.Nonce.Length != SealingCrypto.NonceSize)
        {
            return $"the wrapped-key nonce for '{key.RecipientNode}' is {key.Nonce.Length} bytes; AES-GCM uses {SealingCrypto.NonceSize}";
        }

        return key.WrappedKey_.Length != SealingCrypto.WrappedKeySize
            ? $"the wrapped key for '{key.RecipientNode}' is {key.WrappedKey_.Length} bytes; a wrapped AES-256 key with its tag is {SealingCrypto.WrappedKeySize}"
            : null;
    }

    public static string Echo(string value) =>
        value.Length <= MaxEchoedChars ? $"'{value}'" : $"'{value[..MaxEchoedChars]}…' ({value.Length} characters)";
}
