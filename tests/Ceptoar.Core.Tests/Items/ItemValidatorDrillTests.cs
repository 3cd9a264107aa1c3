using Ceptoar.Federation.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Ceptoar.Core.Tests.Items;

/// <summary>A drill is always an exercise, CLEAR or GREEN, with both instructions and a deadline inside its life (docs/DRILLS.md §2).</summary>
public sealed class ItemValidatorDrillTests
{
    private static readonly Dictionary<string, (Action<Item> Break, string Field)> Cases = new()
    {
        ["not an exercise"] = (i => i.Exercise = false, "item.exercise"),
        ["amber"] = (i => (i.Tlp, i.Audience) = (Tlp.Amber, TestItems.AudienceFor(Tlp.Amber)), "item.tlp"),
        ["red"] = (i => (i.Tlp, i.Audience) = (Tlp.Red, TestItems.AudienceFor(Tlp.Red)), "item.tlp"),
        ["drill missing"] = (i => i.Drill = null, "item.drill"),
        ["japanese missing"] = (i => i.Drill.InstructionJa = "", "item.drill.instruction_ja"),
        ["english blank"] = (i => i.Drill.InstructionEn = "  ", "item.drill.instruction_en"),
        ["english too long"] = (i => i.Drill.InstructionEn = new string('x', 4_001), "item.drill.instruction_en"),
        ["japanese control character"] = (i => i.Drill.InstructionJa = "確認\u0007", "item.drill.instruction_ja"),
        ["deadline missing"] = (i => i.Drill.AcknowledgeBy = null, "item.drill.acknowledge_by"),
        ["deadline at creation"] = (i => i.Drill.AcknowledgeBy = i.CreatedAt.Clone(), "item.drill.acknowledge_by"),
        ["deadline after expiry"] = (i => i.Drill.AcknowledgeBy = Timestamp.FromDateTimeOffset(i.ExpiresAt.ToDateTimeOffset().AddSeconds(1)), "item.drill.acknowledge_by"),
        ["deadline invalid"] = (i => i.Drill.AcknowledgeBy = new Timestamp { Seconds = 1, Nanos = -1 }, "item.drill.acknowledge_by"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Fact]
    public void ValidateItem_ValidDrill_NoViolations()
    {
        Assert.Empty(TestItems.Validator().ValidateItem(TestItems.Drill()));
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Green)]
    public void ValidateItem_DrillCommunityLabel_NoViolations(Tlp tlp)
    {
        var drill = TestItems.Drill();
        drill.Tlp = tlp;

        Assert.Empty(TestItems.Validator().ValidateItem(drill));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ValidateItem_BadDrill_ViolationOnExactField(string caseName)
    {
        var (breakIt, field) = Cases[caseName];
        var drill = TestItems.Drill();
        breakIt(drill);

        var violations = TestItems.Validator().ValidateItem(drill);

        Assert.Equal([field], TestItems.Fields(violations));
    }

    [Fact]
    public void ValidateItem_DrillFieldsOnAnotherKind_ViolationOnDrill()
    {
        var item = TestItems.Item();
        item.Drill = TestItems.Drill().Drill;

        Assert.Equal(["item.drill"], TestItems.Fields(TestItems.Validator().ValidateItem(item)));
    }
}
