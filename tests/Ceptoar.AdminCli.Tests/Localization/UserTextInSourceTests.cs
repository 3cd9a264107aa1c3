using System.Text.RegularExpressions;

namespace Ceptoar.AdminCli.Tests.Localization;

/// <summary>
/// Every text a person reads comes from the resource files (issue 12 item 5): a source scan of admin-cli/**/*.cs fails on a
/// string literal that reads as words for people, so a new message written inline breaks the build's tests.
/// </summary>
public sealed partial class UserTextInSourceTests
{
    /// <summary>Literals that look like text but are not words for people, each with the reason; matched by file and content.</summary>
    private static readonly (string File, string Contains, string Why)[] Allowed =
    [
        ("Demo/DemoItems.cs", string.Empty, "the sample reports' 5W1H content: data the demo submits to a node, bilingual as a member would write it"),
        ("Demo/DemoScenario.cs", "read by the SOC", "the note of the sample acknowledgement: data sent to the node"),
        ("Demo/DemoScenario.cs", "members add", "the admin call a failure message names, as typed on the command line"),
        ("Demo/DemoScenario.cs", "keys issue", "the admin call a failure message names, as typed on the command line"),
        ("Demo/DemoScenario.cs", "Submit", "the member API call a failure message names (MemberService/Submit)"),
        ("Demo/DemoScenario.cs", "Acknowledge", "the member API call a failure message names (MemberService/Acknowledge)"),
        ("Demo/DemoScenario.cs", "List", "the member API call a failure message names (MemberService/List)"),
        ("Demo/DemoLayout.cs", "Ceptoar.Node", "a path segment of the node's build output"),
        ("Demo/DemoLayout.cs", "Release", "a path segment of the node's build output"),
        ("Demo/NodeBuild.cs", "Release", "the build configuration passed to dotnet build"),
        ("Demo/DemoLayout.cs", "dotnet", "the program name of the .NET host"),
        ("Demo/DemoCalls.cs", "Bearer ", "the HTTP authorization scheme"),
        ("Demo/DeliveryWatch.cs", "peers list", "the admin call a failure message names, as typed on the command line"),
        ("Demo/DeliveryWatch.cs", "items status", "the admin call a failure message names, as typed on the command line"),
        ("Demo/DeliveryWatch.cs", "items show", "the admin call a failure message names, as typed on the command line"),
        ("Demo/DemoScenario.cs", "contacts add", "the admin call a failure message names, as typed on the command line"),
        ("Demo/NotificationWatch.cs", "contacts list", "the admin call a failure message names, as typed on the command line"),
        ("Demo/NotificationWatch.cs", "notify status", "the admin call a failure message names, as typed on the command line"),
        ("Localization/TimeDisplay.cs", "yyyy-MM-dd HH:mm:ss zzz", "a date format pattern"),
        ("Pki/InitRootCommand.cs", "CEPTOAR Federation Root CA", "a certificate subject: data written into the certificate"),
        ("Pki/SampleCommand.cs", "CEPTOAR Sample Federation Root", "a certificate subject: data written into the certificate"),
        ("Pki/ShowCommand.cs", "PRIVATE KEY-----", "a PEM marker"),
        ("Input/FriendlyEnum.cs", "has two values that read the same", "a programming error raised while the type initialises, never shown to an operator"),
        ("Queue/EditReport.cs", "not one of", "ArgumentOutOfRangeException for a programming error, never shown to an operator"),
        ("Peers/PeersCommands.cs", "ceptoar-admin peers add", "a command line, the same in every language"),
        ("Rules/RuleViews.cs", "ceptoar-admin rules add", "a command line, the same in every language"),
        ("Drills/DrillHtml.cs", "<", "HTML and SVG markup of the report file; every word in it comes from DrillsText"),
        ("Drills/DrillHtml.cs", "{", "the report file's style sheet"),
        ("Drills/DrillCommands.cs", "json", "a --format code, the same in every language"),
        ("Exercises/ExerciseViews.cs", "<", "HTML markup of the report file; every word in it comes from ExercisesText"),
        ("Exercises/ExerciseViews.cs", "{", "the report file's style sheet"),
        ("Exercises/ExerciseCommands.cs", "json", "a --format code, the same in every language"),
        ("Exercises/ExerciseCommands.cs", "exercise-", "the prefix of a request id sent to the node"),
        ("Statistics/StatisticsCommands.cs", "json", "a --format code, the same in every language"),
        ("Demo/DemoLargeScale.cs", "mode set", "the admin call a failure message names, as typed on the command line"),
        ("Demo/DemoLargeScale.cs", "rules import", "the admin call a failure message names, as typed on the command line"),
        ("Demo/DemoLargeScale.cs", "status board", "the admin call a failure message names, as typed on the command line"),
        ("Demo/DemoDrill.cs", "drill start", "the admin call a failure message names, as typed on the command line"),
        ("Demo/DemoDrill.cs", "drill report", "the admin call a failure message names, as typed on the command line"),
        ("Demo/DemoDrill.cs", "確認応答してください", "the sample drill's instruction: data the demo sends, bilingual as NISC would write it"),
        ("Demo/DemoDrill.cs", "Acknowledge this drill message", "the sample drill's instruction: data the demo sends, bilingual as NISC would write it"),
    ];

    [Fact]
    public void AdminCliSources_EveryTextForPeople_ComesFromResources()
    {
        var cliDirectory = Path.Combine(RepositoryRoot.Path, "admin-cli");
        var sources = Directory.EnumerateFiles(cliDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(Path.GetRelativePath(cliDirectory, path)))
            .ToList();
        var violations = new List<string>();
        foreach (var path in sources)
        {
            var file = Path.GetRelativePath(cliDirectory, path).Replace('\\', '/');
            foreach (var literal in SourceLiterals.Read(File.ReadAllText(path)))
            {
                if (IsTextForPeople(literal) && !Allowed.Any(a => a.File == file && literal.Text.Contains(a.Contains, StringComparison.Ordinal)))
                {
                    violations.Add($"{file}:{literal.Line}: \"{literal.Text.Replace('\0', '…')}\"");
                }
            }
        }

        Assert.True(sources.Count > 50, $"only {sources.Count} sources found under {cliDirectory}");
        Assert.True(violations.Count == 0, "Text for people written in code; move it to the folder's <Folder>Text.resx and .ja.resx:\n" + string.Join('\n', violations));
    }

    [Theory]
    [InlineData("call.Output.Line(\"member added.\");")]
    [InlineData("call.Output.Line($\"member {id} added\");")]
    [InlineData("result.AddError(\"missing\");")]
    [InlineData("throw new UsageException($\"{path}: unreadable\");")]
    [InlineData("var option = new Option<bool>(\"--all\") { Description = \"Include all.\" };")]
    [InlineData("var headers = [\"Id\", \"Created\"];")]
    [InlineData("var note = \"承認待ち\";")]
    [InlineData("var hint = flag ? \"none\" : $\"{x} rules left\";")]
    public void IsTextForPeople_InlineText_IsFlagged(string code)
    {
        Assert.Contains(SourceLiterals.Read(code), IsTextForPeople);
    }

    [Theory]
    [InlineData("var option = new Option<bool>(\"--all\") { HelpName = \"N\" };")]
    [InlineData("var command = new Command(\"add\", MembersText.AddDescription);")]
    [InlineData("var file = Path.Combine(dir, \"root.crt.pem\"); // \"a comment with words\"")]
    [InlineData("var id = section[\"Id\"];")]
    [InlineData("var value = Localized.Format(MembersText.MemberAdded, \"mizuho-bank\");")]
    [InlineData("var ok = state == \"timed_out\";")]
    [InlineData("var name = root ? \"ceptoar-admin\" : c.Name;")]
    [InlineData("result.AddError(\"--from \" + problem);")]
    public void IsTextForPeople_IdentifiersAndResourceUse_IsNotFlagged(string code)
    {
        Assert.DoesNotContain(SourceLiterals.Read(code), IsTextForPeople);
    }

    /// <summary>
    /// Text for people: Japanese script anywhere; two words in a row anywhere ("member added", "Node id"); a capitalised
    /// word as an element of a list or a later argument (table headers such as "Id"); or any word passed straight to an API
    /// whose argument a person reads (console lines, validation errors, exceptions, help descriptions) or chosen by a ternary,
    /// unless it is a token such as an option name, a file name or a program name ("--from ", "&lt;stdin&gt;", "ceptoar-admin").
    /// </summary>
    private static bool IsTextForPeople(SourceLiteral literal)
    {
        var text = literal.Text;
        return JapaneseScript().IsMatch(text)
            || TwoWords().IsMatch(text)
            || (CapitalisedWord().IsMatch(text) && !Token().IsMatch(text) && ListElement().IsMatch(literal.Before))
            || (AnyWord().IsMatch(text) && !Token().IsMatch(text) && PersonApi().IsMatch(literal.Before));
    }

    private static bool IsBuildOutput(string relative) =>
        relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal);

    [GeneratedRegex(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}]")]
    private static partial Regex JapaneseScript();

    [GeneratedRegex(@"\p{L}{2,}[ \t]+\p{L}{2,}")]
    private static partial Regex TwoWords();

    [GeneratedRegex(@"^[A-Z][a-z]+\b")]
    private static partial Regex CapitalisedWord();

    // "[" opening a collection (not an indexer such as section["Id"]), or the "," after a previous string element.
    [GeneratedRegex(@"(^|[^\w\]\)\s])\s*\[\s*$|"",\s*$")]
    private static partial Regex ListElement();

    [GeneratedRegex(@"\p{L}{2,}")]
    private static partial Regex AnyWord();

    [GeneratedRegex(@"^\s*[-<]|^[A-Za-z0-9]+([-_./:][A-Za-z0-9]+)+\s*$")]
    private static partial Regex Token();

    [GeneratedRegex(@"(Line|LineAsync|Write|AddError|Exception|Description\s*=|\?|:)\s*\(?\s*$")]
    private static partial Regex PersonApi();
}
