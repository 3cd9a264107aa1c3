using System.Reflection;
using System.Text.RegularExpressions;
using Ceptoar.Core.Items;
using Ceptoar.Node.Composition;

namespace Ceptoar.Node.Tests.Architecture;

/// <summary>
/// docs/ARCHITECTURE.md §4 walks one item through the code naming each type and method it passes: every name there must
/// exist in the compiled assemblies, so a rename or a removal that leaves the walk behind fails here.
/// </summary>
public sealed partial class ArchitectureDocTests
{
    private static readonly Assembly[] Assemblies = [typeof(NodeApp).Assembly, typeof(UuidV7).Assembly, typeof(Ceptoar.Federation.V1.Item).Assembly];

    [Fact]
    public void ItemWalk_EveryTypeAndMethodItNames_ExistsInTheCode()
    {
        var walk = Section(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "ARCHITECTURE.md")), "## 4.");
        var names = CodeSpans().Matches(walk).Select(m => m.Groups[1].Value).Where(IsCodeName).Distinct(StringComparer.Ordinal).ToList();
        var types = Assemblies.SelectMany(a => a.GetTypes()).ToLookup(t => t.Name.Split('`')[0], StringComparer.Ordinal);

        var missing = names.Where(name =>
        {
            var parts = name.Split('.');
            var candidates = types[parts[0]].ToList();
            return candidates.Count == 0
                || (parts.Length == 2 && !candidates.Any(t => t.GetMember(parts[1], BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static).Length > 0));
        }).ToList();

        Assert.True(names.Count > 40, $"the walk names only {names.Count} types and methods: did the section move?");
        Assert.True(missing.Count == 0, "named in docs/ARCHITECTURE.md §4 but not in the code: " + string.Join(", ", missing));
    }

    /// <summary>
    /// `Type` or `Type.Member`, PascalCase. Not settings (`Federation:BatchesInFlight`), and not the two names the walk uses
    /// for a status code and an RPC rather than a type.
    /// </summary>
    private static bool IsCodeName(string span) => CodeName().IsMatch(span) && span is not ("InvalidArgument" or "Exchange");

    private static string Section(string text, string heading)
    {
        var start = text.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/ARCHITECTURE.md has no section '{heading}'");
        var end = text.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Federation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Federation.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpans();

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]+(\.[A-Z][A-Za-z0-9]+)?$")]
    private static partial Regex CodeName();
}
