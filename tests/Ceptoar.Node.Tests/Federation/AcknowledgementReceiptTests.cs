using System.Security.Cryptography;
using System.Text;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Intake;

namespace Ceptoar.Node.Tests.Federation;

/// <summary>
/// What lets the origin count members without learning who (docs/PROTOCOL.md §7): the pseudonym a node puts in its receipts,
/// and the outbox key that keeps one receipt per person rather than one per node.
/// </summary>
public sealed class AcknowledgementReceiptTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private const string Item = "0195a1b2-0000-7000-8000-000000000001";
    private const string OtherItem = "0195a1b2-0000-7000-8000-000000000002";

    [Fact]
    public void Pseudonym_SameMemberSameItem_SameValueAndTheHmacOfItemAndMember()
    {
        var pseudonym = AckReceipts.Pseudonym(Key, Item, "tepco");

        // Written out from the design: HMAC-SHA256 under the node's key over a context line, the item id and the member id.
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes($"ceptoar receipt pseudonym v1\n{Item}\ntepco")).AsSpan(0, 16));
        Assert.Equal(expected, pseudonym);
        Assert.Equal(pseudonym, AckReceipts.Pseudonym(Key, Item, "tepco"));
        Assert.Matches("^[0-9a-f]{32}$", pseudonym);
    }

    [Fact]
    public void Pseudonym_OtherMemberOtherItemOrOtherNodeKey_AllDifferent()
    {
        var values = new[]
        {
            AckReceipts.Pseudonym(Key, Item, "tepco"),
            AckReceipts.Pseudonym(Key, Item, "kansai-electric"),
            AckReceipts.Pseudonym(Key, OtherItem, "tepco"),
            AckReceipts.Pseudonym([.. Key.Reverse()], Item, "tepco"),
        };

        Assert.Equal(values.Length, values.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(values, v => v.Contains("tepco", StringComparison.Ordinal));
    }

    [Fact]
    public void ReceiptKey_TwoPeopleOfOneNode_TwoKeysAndTheSamePersonOneKey()
    {
        Receipt Ack(string by, string pseudonym = "") =>
            new() { ItemId = Item, RecipientNode = "electricity-ceptoar", Kind = ReceiptKind.Acknowledged, AcknowledgedBy = by, AcknowledgerPseudonym = pseudonym };

        var keys = new[]
        {
            Dispatcher.ReceiptKey(Ack("member:tepco")),
            Dispatcher.ReceiptKey(Ack("member:kansai-electric")),
            Dispatcher.ReceiptKey(Ack("staff:yamada")),
            Dispatcher.ReceiptKey(Ack("member", new string('a', 32))),
            Dispatcher.ReceiptKey(Ack("member", new string('b', 32))),
        };

        Assert.Equal(keys.Length, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(keys, k => Assert.StartsWith($"receipt:{Item}:electricity-ceptoar:acknowledged:", k, StringComparison.Ordinal));
        Assert.Equal(keys[0], Dispatcher.ReceiptKey(Ack("member:tepco")));
    }
}
