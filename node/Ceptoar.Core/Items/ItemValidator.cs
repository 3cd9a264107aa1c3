using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Items;

/// <summary>
/// Schema validation of member drafts and received items: required fields, enum values defined, sizes, indicator syntax
/// (IPv4, IPv6, domain, URL, email, MD5/SHA-1/SHA-256 length and hex, CVE id), sector and threat-type codes from the
/// vocabulary, audience rules per label (AMBER, AMBER+STRICT and RED must name recipients). Pure: no I/O.
/// </summary>
public sealed class ItemValidator
{
    public ItemValidator(Vocabulary vocabulary, ItemLimits limits) => throw new NotImplementedException();

    /// <summary>Violations in a member's draft, field paths prefixed with "draft.". Empty = valid.</summary>
    public IReadOnlyList<FieldViolation> ValidateDraft(ItemDraft draft, DateTimeOffset now) => throw new NotImplementedException();

    /// <summary>Violations in a full item (as received from a peer), field paths prefixed with "item.". Empty = valid.</summary>
    public IReadOnlyList<FieldViolation> ValidateItem(Item item) => throw new NotImplementedException();
}
