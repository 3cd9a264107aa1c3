using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Items;

/// <summary>What makes a revocation valid (docs/LIFECYCLE.md §1); who may issue one is checked against the stored item at every node.</summary>
public sealed class ItemValidatorRevocationTests
{
    private const string Withdrawn = "01890000-0000-7000-8000-000000000001";

    public static TheoryData<string, Action<Item>, string> Bad => new()
    {
        { "no revocation", i => i.Revocation = null, "item.revocation" },
        { "item id not a UUIDv7", i => i.Revocation.ItemId = "not-an-id", "item.revocation.item_id" },
        { "item id empty", i => i.Revocation.ItemId = "", "item.revocation.item_id" },
        { "names itself", i => i.Revocation.ItemId = i.Id, "item.revocation.item_id" },
        { "no reason", i => i.Revocation.Reason = "", "item.revocation.reason" },
        { "reason too long", i => i.Revocation.Reason = new string('a', 2_001), "item.revocation.reason" },
        { "also supersedes", i => i.References = new References { Supersedes = { Withdrawn } }, "item.references.supersedes" },
        { "revocation on another kind", i => i.Kind = ItemKind.IncidentReport, "item.revocation" },
    };

    [Fact]
    public void ValidateItem_Revocation_NoViolations()
    {
        Assert.Empty(TestItems.Validator().ValidateItem(TestItems.Revocation()));
    }

    [Theory]
    [MemberData(nameof(Bad))]
    public void ValidateItem_BadRevocation_ViolationOnExactField(string caseName, Action<Item> spoil, string field)
    {
        var item = TestItems.Revocation();
        spoil(item);

        var fields = TestItems.Validator().ValidateItem(item).Select(v => v.Field).ToList();

        Assert.True(fields.Contains(field), $"{caseName}: {string.Join(", ", fields)}");
    }

    [Fact]
    public void ValidateItem_RevocationReasonTooLong_DescriptionDoesNotRepeatTheReason()
    {
        var item = TestItems.Revocation();
        item.Revocation.Reason = "顧客名" + new string('a', 2_000);

        var violation = Assert.Single(TestItems.Validator().ValidateItem(item), v => v.Field == "item.revocation.reason");

        Assert.DoesNotContain("顧客名", violation.Description, StringComparison.Ordinal);
    }
}
