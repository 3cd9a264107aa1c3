using Ceptoar.Federation.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Ceptoar.Core.Tests.Items;

/// <summary>Exercise scenarios and results: always exercises, injects sent by participants, content checked as drafts are, windows inside the item's life (docs/DRILLS.md §7).</summary>
public sealed class ItemValidatorExerciseTests
{
    private static readonly Dictionary<string, (Action<Item> Break, string Field)> ScenarioCases = new()
    {
        ["not an exercise"] = (i => i.Exercise = false, "item.exercise"),
        ["scenario missing"] = (i => i.Scenario = null, "item.scenario"),
        ["name upper case"] = (i => i.Scenario.Name = "DDoS", "item.scenario.name"),
        ["no title"] = (i => (i.Scenario.TitleJa, i.Scenario.TitleEn) = ("", ""), "item.scenario.title_ja"),
        ["start missing"] = (i => i.Scenario.StartAt = null, "item.scenario.start_at"),
        ["start long before creation"] = (i => i.Scenario.StartAt = Timestamp.FromDateTimeOffset(TestItems.Now.AddHours(-1)), "item.scenario.start_at"),
        ["too many participants"] = (i => i.Scenario.Participants.AddRange(Enumerable.Range(0, 99).Select(n => $"node-{n}")), "item.scenario.participants"),
        ["participant twice"] = (i => i.Scenario.Participants.Add("bank-ceptoar"), "item.scenario.participants[2]"),
        ["participant not a node id"] = (i => i.Scenario.Participants[1] = "Electricity", "item.scenario.participants[1]"),
        ["no inject"] = (i => i.Scenario.Injects.Clear(), "item.scenario.injects"),
        ["inject id bad"] = (i => i.Scenario.Injects[0].Id = "Inject 1", "item.scenario.injects[0].id"),
        ["inject id twice"] = (i => i.Scenario.Injects.Add(i.Scenario.Injects[0].Clone()), "item.scenario.injects[1].id"),
        ["inject too late"] = (i => i.Scenario.Injects[0].AtMinutes = 10_081, "item.scenario.injects[0].at_minutes"),
        ["sender not a participant"] = (i => i.Scenario.Injects[0].FromNode = "gas-ceptoar", "item.scenario.injects[0].from_node"),
        ["federation kind"] = (i => i.Scenario.Injects[0].Kind = ItemKind.Drill, "item.scenario.injects[0].kind"),
        ["amber without recipients"] = (i => (i.Scenario.Injects[0].Tlp, i.Scenario.Injects[0].Audience) = (Tlp.Amber, new Audience()), "item.scenario.injects[0].audience"),
        ["body without title"] = (i => i.Scenario.Injects[0].Body.Title = "", "item.scenario.injects[0].body.title"),
        ["expected node bad"] = (i => i.Scenario.Injects[0].Expect[0].Node = "x", "item.scenario.injects[0].expect[0].node"),
        ["reply kind without window"] = (i => i.Scenario.Injects[0].Expect[0].ReplyWithinMinutes = 0, "item.scenario.injects[0].expect[0].reply_within_minutes"),
        ["window beyond expiry"] = (i => i.ExpiresAt = Timestamp.FromDateTimeOffset(TestItems.Now.AddHours(1).AddMinutes(30)), "item.scenario.injects[0].expect[0]"),
    };

    public static TheoryData<string> ScenarioCaseNames => [.. ScenarioCases.Keys];

    [Fact]
    public void ValidateItem_ValidScenarioAndResult_NoViolations()
    {
        Assert.Empty(TestItems.Validator().ValidateItem(TestItems.Scenario()));
        Assert.Empty(TestItems.Validator().ValidateItem(TestItems.Result()));
    }

    [Theory]
    [MemberData(nameof(ScenarioCaseNames))]
    public void ValidateItem_BadScenario_ViolationOnExactField(string caseName)
    {
        var (breakIt, field) = ScenarioCases[caseName];
        var scenario = TestItems.Scenario();
        breakIt(scenario);

        Assert.Equal([field], TestItems.Fields(TestItems.Validator().ValidateItem(scenario)));
    }

    [Fact]
    public void ValidateItem_BadResult_ViolationsOnExactFields()
    {
        var result = TestItems.Result();
        result.ExerciseResult.ScenarioId = "nope";
        result.ExerciseResult.Injects[0].Nodes[0].ReplyItemId = "x";

        Assert.Equal(["item.exercise_result.injects[0].nodes[0].reply_item_id", "item.exercise_result.scenario_id"], TestItems.Fields(TestItems.Validator().ValidateItem(result)));
    }

    [Fact]
    public void ValidateItem_ScenarioOnAnIncident_ViolationOnScenario()
    {
        var item = TestItems.Item();
        item.Scenario = TestItems.Scenario().Scenario;

        Assert.Equal(["item.scenario"], TestItems.Fields(TestItems.Validator().ValidateItem(item)));
    }
}
