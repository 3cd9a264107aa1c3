using Ceptoar.Node.Composition;

namespace Ceptoar.Node.Tests.Architecture;

/// <summary>
/// The folders of the node depend one way (no cycles), as docs/ARCHITECTURE.md §2.2 draws them: each may use only the
/// folders listed for it here, and only Storage touches SQLite. A new dependency is a design decision: change this
/// table and the document together.
/// </summary>
public sealed class NodeLayeringTests
{
    private const string Root = "Ceptoar.Node.";

    /// <summary>Who may use whom, lowest layer first. The listing is this test's own statement, not read from the code.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Hosting"] = [],
        ["Api"] = ["Hosting"],
        ["Storage"] = ["Hosting"],
        ["Federation.Directory"] = ["Hosting", "Api", "Storage"],
        ["Rules"] = ["Hosting", "Api", "Storage", "Federation.Directory"],
        ["Notifications"] = ["Hosting", "Api", "Storage"],
        ["Intake"] = ["Hosting", "Api", "Storage", "Federation.Directory", "Rules", "Notifications"],
        ["Query"] = ["Hosting", "Api", "Storage", "Federation.Directory"],
        ["Federation.Outbound"] = ["Hosting", "Api", "Storage", "Federation.Directory"],
        ["Federation.Inbound"] = ["Hosting", "Api", "Storage", "Federation.Directory", "Intake", "Query"],
        ["Federation"] = ["Hosting", "Api", "Storage", "Federation.Directory", "Rules", "Intake", "Query", "Federation.Outbound", "Federation.Inbound"],
        ["Members"] = ["Hosting", "Api", "Storage", "Intake"],
        ["Exercises"] = ["Hosting", "Api", "Storage", "Federation.Directory", "Intake", "Members"],
        ["Modes"] = ["Hosting", "Api", "Storage", "Federation.Directory", "Rules", "Intake", "Members"],
        ["Interchange"] = ["Hosting", "Api", "Storage", "Intake", "Members"],
        ["Taxii"] = ["Hosting", "Api", "Storage", "Intake", "Members", "Interchange"],
        ["People"] = ["Hosting", "Api", "Storage"],
        ["Statistics"] = ["Hosting", "Api", "Storage", "Federation.Directory"],
        ["Administration"] = ["Hosting", "Api", "Storage", "Federation.Directory", "Rules", "Intake", "Notifications", "Query", "Federation.Outbound", "Federation.Inbound", "Members", "Exercises", "Modes", "Interchange", "People", "Statistics"],
        ["Web"] = ["Hosting", "Api", "Storage", "Federation.Directory", "Rules", "Intake", "Notifications", "Query", "Federation.Outbound", "Federation.Inbound", "Members", "Exercises", "Modes", "Interchange", "People", "Statistics", "Administration"],
        ["Web.Pages.Staff"] = ["Hosting", "Api", "Storage", "Federation.Directory", "Rules", "Intake", "Notifications", "Query", "Federation.Outbound", "Federation.Inbound", "Members", "Exercises", "Modes", "Interchange", "People", "Statistics", "Administration", "Web", "Web.Pages"],
        ["Web.Pages.Federation"] = ["Hosting", "Api", "Storage", "Federation.Directory", "Rules", "Intake", "Notifications", "Query", "Federation.Outbound", "Federation.Inbound", "Members", "Exercises", "Modes", "Interchange", "People", "Statistics", "Administration", "Web", "Web.Pages"],
        ["Web.Pages.Member"] = ["Hosting", "Api", "Storage", "Federation.Directory", "Rules", "Intake", "Notifications", "Query", "Federation.Outbound", "Federation.Inbound", "Members", "Exercises", "Modes", "Interchange", "People", "Statistics", "Administration", "Web", "Web.Pages"],
        ["Composition"] = ["Hosting", "Api", "Storage", "Federation.Directory", "Rules", "Intake", "Notifications", "Query", "Federation.Outbound", "Federation.Inbound", "Federation", "Members", "Exercises", "Modes", "Interchange", "Taxii", "People", "Statistics", "Administration", "Web"],
    };

    private static readonly string NodeAssembly = typeof(NodeApp).Assembly.Location;

    [Fact]
    public void NodeFolders_UseOnlyTheFoldersAllowedThem()
    {
        var uses = FolderDependencies.Of(NodeAssembly, Root);

        var violations = uses
            .SelectMany(from => from.Value.Where(to => !Allowed.TryGetValue(Short(from.Key), out var allowed) || !allowed.Contains(Short(to.Key)))
                .Select(to => $"{Short(from.Key)} -> {Short(to.Key)} ({to.Value})"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(violations.Count == 0, "folders using folders they may not:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void NodeFolders_EveryFolderHasARule()
    {
        var uses = FolderDependencies.Of(NodeAssembly, Root);

        Assert.All(uses.Keys, folder => Assert.True(Allowed.ContainsKey(Short(folder)), $"{folder} has no rule: add it to Allowed"));
    }

    [Fact]
    public void SqliteTypes_AreUsedOnlyInStorage()
    {
        // Storage hands the rest of the node a unit of work (Storage/UnitOfWork), never a connection or a transaction.
        var uses = FolderDependencies.Of(NodeAssembly, Root, "Microsoft.Data.Sqlite");

        var outside = uses.Where(from => Short(from.Key) != "Storage")
            .SelectMany(from => from.Value.Values)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(outside.Count == 0, "SQLite types used outside Storage:\n" + string.Join("\n", outside));
    }

    [Fact]
    public void Allowed_HasNoCycle()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        bool Cycles(string folder)
        {
            if (state.TryGetValue(folder, out var s))
            {
                return s == 1;
            }

            state[folder] = 1;
            var found = Allowed.GetValueOrDefault(folder, []).Any(Cycles);
            state[folder] = 2;
            return found;
        }

        Assert.DoesNotContain(Allowed.Keys, Cycles);
    }

    [Fact]
    public void FolderDependencies_ReadsTheNodesUses()
    {
        // Known uses of the code (the composition root registers the features; the writer runs SQLite): if the reader
        // lost IL operands or signatures, the rule tests above could never fail.
        var uses = FolderDependencies.Of(NodeAssembly, Root);
        var sqlite = FolderDependencies.Of(NodeAssembly, Root, "Microsoft.Data.Sqlite");

        Assert.Contains(Root + "Members", uses[Root + "Composition"].Keys);
        Assert.Contains(Root + "Storage", uses[Root + "Federation.Inbound"].Keys);
        Assert.Contains("Microsoft.Data.Sqlite", sqlite[Root + "Storage"].Keys);
    }

    private static string Short(string ns) => ns.StartsWith(Root, StringComparison.Ordinal) ? ns[Root.Length..] : ns;
}
