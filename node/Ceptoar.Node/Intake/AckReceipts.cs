using System.Security.Cryptography;
using System.Text;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Receipts;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Intake;

/// <summary>
/// The signed ACKNOWLEDGED receipt a person's acknowledgement here sends the item's origin (docs/PROTOCOL.md §7): a
/// member as Receipts:ShareMemberIdentity allows (named with its display names and note, or counted under a per-item
/// pseudonym), a staff person by name. Signed before the writer; the caller queues it in the acknowledgement's own unit of
/// work, so it leaves only after that commit.
/// </summary>
internal sealed class AckReceipts(ReceiptsOptions options, AcknowledgementStore acknowledgements, Dispatcher dispatcher)
{
    private static readonly byte[] PseudonymContext = Encoding.UTF8.GetBytes("ceptoar receipt pseudonym v1\n");

    /// <summary>The receipt for a member's first acknowledgement of an item from another origin (none for this node's own items).</summary>
    public async Task<IReadOnlyList<Queued>> ForMemberAsync(string itemId, string originNode, MemberRecord member, string note)
    {
        ArgumentNullException.ThrowIfNull(member);
        var receipt = new Receipt { ItemId = itemId, OriginNode = originNode, Kind = ReceiptKind.Acknowledged };
        if (options.SharesNames)
        {
            receipt.AcknowledgedBy = ReceiptPolicy.ByMemberPrefix + member.MemberId;
            receipt.AcknowledgerNameJa = member.NameJa;
            receipt.AcknowledgerNameEn = member.NameEn;
            receipt.Note = note;
        }
        else
        {
            // No member id, name or note (a note may name its writer): only a pseudonym the origin can count.
            receipt.AcknowledgedBy = ReceiptPolicy.ByUnnamedMember;
            receipt.AcknowledgerPseudonym = Pseudonym(await acknowledgements.PseudonymKeyAsync(), itemId, member.MemberId);
        }

        return dispatcher.Acknowledged(receipt);
    }

    /// <summary>The receipt for a staff person's first acknowledgement: staff act for the secretariat, always by name.</summary>
    public IReadOnlyList<Queued> ForStaff(string itemId, string originNode, string staffName, string note) =>
        dispatcher.Acknowledged(new Receipt
        {
            ItemId = itemId, OriginNode = originNode, Kind = ReceiptKind.Acknowledged, AcknowledgedBy = ReceiptPolicy.ByStaffPrefix + staffName, Note = note,
        });

    /// <summary>
    /// HMAC-SHA256 under the node's secret over the item id and member id, first 16 bytes in hex: the same member acknowledging
    /// the same item again gives the same value (the origin counts it once), two members give two values, and the item id
    /// in the input makes the values of one member unlinkable across items; without the secret nobody can test a guess.
    /// </summary>
    public static string Pseudonym(byte[] key, string itemId, string memberId)
    {
        var input = PseudonymContext.Concat(Encoding.UTF8.GetBytes(itemId + "\n" + memberId)).ToArray();
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, input).AsSpan(0, ReceiptRules.PseudonymHexChars / 2));
    }
}
