using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Receipts;

/// <summary>
/// Which items a receipt speaks for: <c>item_id</c> (every kind; all that nodes before batched receipts send or read),
/// then for DELIVERED the others in <c>item_ids</c> (one signature for the items of one inbound batch from one origin).
/// </summary>
public static class ReceiptRules
{
    /// <summary>
    /// Most items one receipt names: a default batch's worth, and about 10 KB of ids, well inside
    /// <see cref="MaxEnvelopeBytes"/>. A node that accepted more from one origin in one batch signs several receipts.
    /// </summary>
    public const int MaxItemsPerReceipt = 256;

    /// <summary>Largest receipt envelope a node verifies.</summary>
    public const int MaxEnvelopeBytes = 16 * 1024;

    // Attacker-chosen strings are cut to this length before they go into a reason.
    private const int MaxEchoedChars = 100;

    /// <summary>The items the receipt speaks for (assumes <see cref="Problem"/> found none).</summary>
    public static IReadOnlyList<string> ItemsOf(Receipt receipt) => receipt.ItemIds.Count == 0 ? [receipt.ItemId] : [receipt.ItemId, .. receipt.ItemIds];

    /// <summary>Longest note an acknowledgement carries (the member API's and the admin API's limit).</summary>
    public const int MaxNoteChars = 1000;

    /// <summary>Longest display name an acknowledgement carries (a member's names are far shorter).</summary>
    public const int MaxNameChars = 200;

    /// <summary>Length of acknowledger_pseudonym: 16 bytes of HMAC-SHA256 in lower-case hex.</summary>
    public const int PseudonymHexChars = 32;

    /// <summary>Null when the receipt names its items as the protocol allows; otherwise why not, for the sender's operator.</summary>
    public static string? Problem(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (!UuidV7.IsValid(receipt.ItemId))
        {
            return $"the receipt's item id {Echo(receipt.ItemId)} is not a UUIDv7";
        }

        if (AcknowledgerProblem(receipt) is { } acknowledger)
        {
            return acknowledger;
        }

        if (receipt.HasMembersReached && (receipt.Kind != ReceiptKind.Delivered || receipt.ItemIds.Count > 0))
        {
            return "the receipt carries members_reached, which only a DELIVERED receipt naming one item (a drill) may";
        }

        var others = receipt.ItemIds;
        if (others.Count == 0)
        {
            return null;
        }

        if (receipt.Kind != ReceiptKind.Delivered)
        {
            return $"a {receipt.Kind} receipt names several items; only DELIVERED receipts may, the others speak for one item each";
        }

        if (others.Count + 1 > MaxItemsPerReceipt)
        {
            return $"the receipt names {others.Count + 1} items, more than the {MaxItemsPerReceipt} allowed; split it into several receipts";
        }

        var seen = new HashSet<string>(others.Count + 1, StringComparer.Ordinal) { receipt.ItemId };
        for (var i = 0; i < others.Count; i++)
        {
            if (!UuidV7.IsValid(others[i]))
            {
                return $"the receipt's item_ids[{i}] {Echo(others[i])} is not a UUIDv7";
            }

            if (!seen.Add(others[i]))
            {
                return $"the receipt names item {others[i]} twice (item_ids[{i}])";
            }
        }

        return null;
    }

    /// <summary>
    /// The acknowledgement fields (docs/PROTOCOL.md §7): set only on ACKNOWLEDGED; names only with "member:&lt;id&gt;";
    /// a pseudonym exactly with "member"; note and names within their limits. Nodes before them set none, which is valid.
    /// </summary>
    private static string? AcknowledgerProblem(Receipt receipt)
    {
        var named = receipt.AcknowledgerNameJa.Length > 0 || receipt.AcknowledgerNameEn.Length > 0;
        var pseudonymous = receipt.AcknowledgerPseudonym.Length > 0;
        if (receipt.Kind != ReceiptKind.Acknowledged)
        {
            return named || pseudonymous || receipt.Note.Length > 0
                ? $"a {receipt.Kind} receipt carries acknowledgement fields (names, pseudonym or note); only ACKNOWLEDGED receipts may"
                : null;
        }

        if (receipt.Note.Length > MaxNoteChars || receipt.AcknowledgerNameJa.Length > MaxNameChars || receipt.AcknowledgerNameEn.Length > MaxNameChars)
        {
            return $"the acknowledgement's note or names are too long: at most {MaxNoteChars} characters of note and {MaxNameChars} of each name";
        }

        var unnamed = receipt.AcknowledgedBy == "member";
        if (unnamed != pseudonymous)
        {
            return unnamed
                ? "an acknowledgement by \"member\" (a member not named) must carry acknowledger_pseudonym, so the origin can count distinct members"
                : $"acknowledger_pseudonym is set but acknowledged_by is {Echo(receipt.AcknowledgedBy)}: a pseudonym goes only with \"member\"";
        }

        if (pseudonymous && (receipt.AcknowledgerPseudonym.Length != PseudonymHexChars || !receipt.AcknowledgerPseudonym.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')))
        {
            return $"acknowledger_pseudonym {Echo(receipt.AcknowledgerPseudonym)} is not {PseudonymHexChars} lower-case hex digits";
        }

        if (named && !receipt.AcknowledgedBy.StartsWith("member:", StringComparison.Ordinal))
        {
            return $"the acknowledgement carries display names but is by {Echo(receipt.AcknowledgedBy)}: names go only with \"member:<id>\"";
        }

        return null;
    }

    private static string Echo(string value) => value.Length <= MaxEchoedChars ? $"'{value}'" : $"'{value[..MaxEchoedChars]}…'";
}
