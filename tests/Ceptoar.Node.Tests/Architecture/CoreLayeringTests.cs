using Ceptoar.Core.Items;

namespace Ceptoar.Node.Tests.Architecture;

/// <summary>
/// The folders of Ceptoar.Core depend one way (no cycles): each may use only the folders listed for it here. A new
/// dependency is a design decision: change this table and docs/ARCHITECTURE.md §2.1 together.
/// </summary>
public sealed class CoreLayeringTests
{
    /// <summary>Who may use whom, lowest layer first. The listing is this test's own statement, not read from the code.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Ceptoar.Core.Items"] = [],
        ["Ceptoar.Core.Envelopes"] = ["Ceptoar.Core.Items"],
        ["Ceptoar.Core.Pki"] = ["Ceptoar.Core.Items", "Ceptoar.Core.Envelopes"],
        ["Ceptoar.Core.Policy"] = ["Ceptoar.Core.Items"],
        ["Ceptoar.Core.Policy.Rules"] = ["Ceptoar.Core.Items", "Ceptoar.Core.Policy"],
        ["Ceptoar.Core.Receipts"] = ["Ceptoar.Core.Items"],
        ["Ceptoar.Core.Sealing"] = ["Ceptoar.Core.Items", "Ceptoar.Core.Envelopes", "Ceptoar.Core.Pki", "Ceptoar.Core.Policy"],
        ["Ceptoar.Core.Descriptors"] = ["Ceptoar.Core.Items", "Ceptoar.Core.Envelopes", "Ceptoar.Core.Pki", "Ceptoar.Core.Policy", "Ceptoar.Core.Sealing"],
        ["Ceptoar.Core.Interchange"] = ["Ceptoar.Core.Items", "Ceptoar.Core.Policy"],
        ["Ceptoar.Core.Interchange.Stix"] = ["Ceptoar.Core.Items", "Ceptoar.Core.Policy", "Ceptoar.Core.Interchange"],
        ["Ceptoar.Core.Interchange.Misp"] = ["Ceptoar.Core.Items", "Ceptoar.Core.Policy", "Ceptoar.Core.Interchange"],
    };

    private static readonly string CoreAssembly = typeof(UuidV7).Assembly.Location;

    [Fact]
    public void CoreFolders_UseOnlyTheFoldersAllowedThem()
    {
        var uses = FolderDependencies.Of(CoreAssembly, "Ceptoar.Core.");

        var violations = uses
            .SelectMany(from => from.Value.Where(to => !Allowed.TryGetValue(from.Key, out var allowed) || !allowed.Contains(to.Key))
                .Select(to => $"{from.Key} -> {to.Key} ({to.Value})"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(violations.Count == 0, "folders using folders they may not:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void CoreFolders_EveryFolderHasARule()
    {
        var uses = FolderDependencies.Of(CoreAssembly, "Ceptoar.Core.");

        Assert.All(uses.Keys, folder => Assert.True(Allowed.ContainsKey(folder), $"{folder} has no rule: add it to Allowed"));
    }

    [Fact]
    public void Allowed_HasNoCycle()
    {
        // Depth-first over the table itself: a cycle here would make the rules above meaningless.
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
    public void FolderDependencies_ReadsUsesFromTheIl()
    {
        // A known dependency of the code (ItemSealer seals with keys from certificates): if the reader lost IL operands or
        // signatures, the rule test above could never fail.
        var uses = FolderDependencies.Of(CoreAssembly, "Ceptoar.Core.");

        Assert.Contains("Ceptoar.Core.Envelopes", uses["Ceptoar.Core.Pki"].Keys);
        Assert.Contains("Ceptoar.Core.Items", uses["Ceptoar.Core.Policy"].Keys);
        Assert.Contains("Ceptoar.Core.Pki", uses["Ceptoar.Core.Descriptors"].Keys);
    }
}
