using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Items;
using Ceptoar.Core.Receipts;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Core.Tests.Protocol;

public sealed class ReceiptRulesTests
{
    [Theory]
    [InlineData(ReceiptKind.Delivered)]
    [InlineData(ReceiptKind.Acknowledged)]
    [InlineData(ReceiptKind.Rejected)]
    public void Problem_OneItem_NoneAndThatItem(ReceiptKind kind)
    {
        var id = UuidV7.NewId();
        var receipt = new Receipt { ItemId = id, Kind = kind };

        Assert.Null(ReceiptRules.Problem(receipt));
        Assert.Equal([id], ReceiptRules.ItemsOf(receipt));
    }

    [Fact]
    public void Problem_DeliveredOneDrillWithMembersReached_None()
    {
        var receipt = new Receipt { ItemId = UuidV7.NewId(), Kind = ReceiptKind.Delivered, MembersReached = 120 };

        Assert.Null(ReceiptRules.Problem(receipt));
    }

    [Theory]
    [InlineData(ReceiptKind.Acknowledged, 1)]
    [InlineData(ReceiptKind.Rejected, 1)]
    [InlineData(ReceiptKind.Delivered, 2)]
    public void Problem_MembersReachedOnAnythingButADeliveredReceiptForOneItem_Named(ReceiptKind kind, int items)
    {
        var ids = Ids(items);
        var receipt = new Receipt { ItemId = ids[0], Kind = kind, ItemIds = { ids.Skip(1) }, MembersReached = 0 };

        Assert.Contains("members_reached", ReceiptRules.Problem(receipt), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(ReceiptRules.MaxItemsPerReceipt)]
    public void Problem_DeliveredSeveralItemsUpToTheCap_NoneAndThoseItemsInOrder(int count)
    {
        var ids = Ids(count);
        var receipt = Delivered(ids);

        Assert.Null(ReceiptRules.Problem(receipt));
        Assert.Equal(ids, ReceiptRules.ItemsOf(receipt));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-id")]
    [InlineData("0190a5b8-0000-4000-8000-000000000000")]
    [InlineData("0190A5B8-0000-7000-8000-000000000000")]
    public void Problem_ItemIdNotAUuidV7_Refused(string id)
    {
        var alone = ReceiptRules.Problem(new Receipt { ItemId = id, Kind = ReceiptKind.Delivered });
        var withOthers = Delivered(Ids(3));
        withOthers.ItemId = id;

        Assert.NotNull(alone);
        Assert.Contains("item id", alone, StringComparison.Ordinal);
        Assert.Contains("is not a UUIDv7", alone, StringComparison.Ordinal);
        Assert.Equal(alone, ReceiptRules.Problem(withOthers));
    }

    [Fact]
    public void Problem_OneOfTheOtherIdsNotAUuidV7_RefusedNamingItsPosition()
    {
        var ids = Ids(4);
        ids[2] = "0190a5b8-0000-4000-8000-000000000000";

        var problem = ReceiptRules.Problem(Delivered(ids));

        Assert.NotNull(problem);
        Assert.Contains("item_ids[1]", problem, StringComparison.Ordinal);
        Assert.Contains("is not a UUIDv7", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_AnOtherIdTwice_RefusedNamingIt()
    {
        var ids = Ids(4);
        ids[3] = ids[1];

        var problem = ReceiptRules.Problem(Delivered(ids));

        Assert.NotNull(problem);
        Assert.Contains($"names item {ids[1]} twice (item_ids[2])", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_TheFirstItemAgainAmongTheOthers_Refused()
    {
        var ids = Ids(3);
        ids[2] = ids[0];

        var problem = ReceiptRules.Problem(Delivered(ids));

        Assert.NotNull(problem);
        Assert.Contains($"names item {ids[0]} twice (item_ids[1])", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_MoreItemsThanTheCap_RefusedSayingHowMany()
    {
        var problem = ReceiptRules.Problem(Delivered(Ids(ReceiptRules.MaxItemsPerReceipt + 1)));

        Assert.NotNull(problem);
        Assert.Contains($"names {ReceiptRules.MaxItemsPerReceipt + 1} items, more than the {ReceiptRules.MaxItemsPerReceipt} allowed", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReceiptKind.Acknowledged)]
    [InlineData(ReceiptKind.Rejected)]
    [InlineData(ReceiptKind.Unspecified)]
    public void Problem_SeveralItemsOnAKindOtherThanDelivered_Refused(ReceiptKind kind)
    {
        var receipt = Delivered(Ids(2));
        receipt.Kind = kind;

        var problem = ReceiptRules.Problem(receipt);

        Assert.NotNull(problem);
        Assert.Contains("only DELIVERED receipts may", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_HugeHostileId_EchoedCut()
    {
        var problem = ReceiptRules.Problem(new Receipt { ItemId = new string('x', 10_000), Kind = ReceiptKind.Delivered });

        Assert.NotNull(problem);
        Assert.True(problem.Length < 300, problem);
    }

    [Fact]
    public void MaxItemsPerReceipt_FullReceiptWithLongestNodeIds_VerifiesWithinTheReceiptEnvelopeLimit()
    {
        var kit = new EnvelopeTestKit();
        var receipt = Delivered(Ids(ReceiptRules.MaxItemsPerReceipt));
        receipt.OriginNode = new string('o', 64);
        receipt.RecipientNode = new string('r', 64);
        receipt.At = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);

        var envelope = kit.Signer.Sign(PayloadTypes.Receipt, receipt.ToByteString());

        var result = kit.NewVerifier(ReceiptRules.MaxEnvelopeBytes).Verify(envelope);

        Assert.True(result.IsValid, $"{envelope.CalculateSize()} bytes: {result.Reason}");
    }

    private static string[] Ids(int count) => [.. Enumerable.Range(0, count).Select(_ => UuidV7.NewId())];

    /// <summary>A DELIVERED receipt for these items as a node writes it: the first in item_id, the others in item_ids.</summary>
    [Theory]
    [InlineData("member:tepco", "", "tepco株式会社", "東京電力ホールディングス", "読みました")]
    [InlineData("member", "0123456789abcdef0123456789abcdef", "", "", "")]
    [InlineData("staff:yamada", "", "", "", "当番が確認")]
    [InlineData("admin", "", "", "", "")]
    public void Problem_AcknowledgementFieldsAsTheProtocolAllows_None(string by, string pseudonym, string nameJa, string nameEn, string note)
    {
        var receipt = new Receipt
        {
            ItemId = UuidV7.NewId(), Kind = ReceiptKind.Acknowledged, AcknowledgedBy = by, AcknowledgerPseudonym = pseudonym,
            AcknowledgerNameJa = nameJa, AcknowledgerNameEn = nameEn, Note = note,
        };

        Assert.Null(ReceiptRules.Problem(receipt));
    }

    [Theory]
    [InlineData(ReceiptKind.Acknowledged, "member", "", "", 0, "must carry acknowledger_pseudonym")]
    [InlineData(ReceiptKind.Acknowledged, "member:tepco", "0123456789abcdef0123456789abcdef", "", 0, "a pseudonym goes only with \"member\"")]
    [InlineData(ReceiptKind.Acknowledged, "member", "0123456789ABCDEF0123456789ABCDEF", "", 0, "is not 32 lower-case hex digits")]
    [InlineData(ReceiptKind.Acknowledged, "member", "0123456789abcdef", "", 0, "is not 32 lower-case hex digits")]
    [InlineData(ReceiptKind.Acknowledged, "staff:yamada", "", "山田", 0, "names go only with \"member:<id>\"")]
    [InlineData(ReceiptKind.Acknowledged, "staff:yamada", "", "", 1001, "at most 1000 characters of note")]
    [InlineData(ReceiptKind.Delivered, "", "", "", 1, "only ACKNOWLEDGED receipts may")]
    [InlineData(ReceiptKind.Rejected, "", "0123456789abcdef0123456789abcdef", "", 0, "only ACKNOWLEDGED receipts may")]
    public void Problem_AcknowledgementFieldsOutOfPlace_NamesTheProblem(ReceiptKind kind, string by, string pseudonym, string nameJa, int noteChars, string expected)
    {
        var receipt = new Receipt
        {
            ItemId = UuidV7.NewId(), Kind = kind, AcknowledgedBy = by, AcknowledgerPseudonym = pseudonym, AcknowledgerNameJa = nameJa, Note = new string('x', noteChars),
        };

        Assert.Contains(expected, ReceiptRules.Problem(receipt));
    }

    private static Receipt Delivered(string[] ids) => new() { ItemId = ids[0], Kind = ReceiptKind.Delivered, ItemIds = { ids[1..] } };
}
