using Ceptoar.AdminCli.Exercises;
using Ceptoar.AdminCli.Tests.Localization;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.AdminCli.Tests.Exercises;

/// <summary>The documented example scenario reads and is a valid scenario; a file that is not one is refused with its name.</summary>
public sealed class ScenarioFileTests
{
    [Fact]
    public void ReadScenario_TheDocumentedExample_ValidScenarioWithTwoInjects()
    {
        var scenario = ExerciseCommands.ReadScenario(Path.Combine(RepositoryRoot.Path, "docs", "examples", "exercise-ddos.json"));
        var created = new DateTimeOffset(2027, 1, 10, 0, 0, 0, TimeSpan.Zero);
        var item = new Item
        {
            Id = "01974f2e-8c00-7abc-8def-0123456789ab", OriginNode = "nisc", CreatedAt = Timestamp.FromDateTimeOffset(created),
            ExpiresAt = Timestamp.FromDateTimeOffset(created.AddDays(30)), Tlp = Tlp.Green, Kind = ItemKind.ExerciseScenario, Exercise = true,
            Audience = new Audience { Nodes = { scenario.Participants } }, Body = new Body { Title = scenario.TitleJa, Summary = scenario.Name }, Scenario = scenario,
        };

        Assert.Equal(["i1", "i2"], scenario.Injects.Select(i => i.Id));
        Assert.Equal(ItemKind.CoordinationRequest, scenario.Injects[0].Expect[2].ReplyKind);
        Assert.Empty(new ItemValidator(Vocabulary.Default, new ItemLimits()).ValidateItem(item));
    }

    [Fact]
    public void ReadScenario_NotJson_UsageErrorNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ \"injects\": [ { \"at_minutes\": \"soon\" } ] }");
        try
        {
            var error = Assert.Throws<UsageException>(() => ExerciseCommands.ReadScenario(path));
            Assert.Contains(Path.GetFileName(path), error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
