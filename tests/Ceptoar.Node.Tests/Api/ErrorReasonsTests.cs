using System.Reflection;
using System.Text.RegularExpressions;
using Ceptoar.Node.Api;

namespace Ceptoar.Node.Tests.Api;

/// <summary>
/// The reasons of google.rpc.ErrorInfo are a contract (docs/OPERATIONS.md §5): one static class holds them, the README
/// table lists exactly those, and every refusal in the node's code names one of them rather than a literal.
/// </summary>
public sealed partial class ErrorReasonsTests
{
    [Fact]
    public void ReadmeTable_ReasonConstants_ListedExactlyOnceEach()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var start = Array.FindIndex(readme, l => l.Trim() == "### Error reasons");
        Assert.True(start >= 0, "README.md has no \"### Error reasons\" section");
        var listed = readme.Skip(start + 1).TakeWhile(l => !l.StartsWith('#'))
            .Select(l => TableReason().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

        var constants = Constants();

        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(constants.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Constants_Reasons_UpperSnakeAndDistinct()
    {
        var constants = Constants();

        Assert.NotEmpty(constants);
        Assert.All(constants, r => Assert.Matches("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$", r));
        Assert.Equal(constants.Count, constants.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("ceptoar.jp", ErrorReasons.Domain);
    }

    [Fact]
    public void NodeSources_EveryRefusal_NamesAReasonConstant()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "node", "Ceptoar.Node"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var offenders = new List<string>();
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            var name = Path.GetFileName(file);
            offenders.AddRange(RefusalWithoutConstant().Matches(text).Select(m => $"{name}: {m.Value}"));
            if (name != "GrpcErrors.cs")
            {
                offenders.AddRange(NewRpcException().Matches(text).Select(m => $"{name}: {m.Value} (use GrpcErrors with a reason)"));
            }
        }

        Assert.NotEmpty(sources);
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    private static List<string> Constants() =>
    [
        .. typeof(ErrorReasons).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(ErrorReasons.Domain))
            .Select(f => (string)f.GetRawConstantValue()!),
    ];

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

    [GeneratedRegex(@"^\|\s*`([A-Z0-9_]+)`\s*\|")]
    private static partial Regex TableReason();

    // A status-only helper whose first argument is not one of the constants.
    [GeneratedRegex(@"GrpcErrors\.(NotFound|PermissionDenied|Unauthenticated|AlreadyExists|FailedPrecondition|Unavailable|ResourceExhausted|Refusal)\(\s*(?!ErrorReasons\.|StatusCode\.|Grpc\.Core\.StatusCode\.|Code\()[^\s,)]+")]
    private static partial Regex RefusalWithoutConstant();

    [GeneratedRegex(@"new (Grpc\.Core\.)?RpcException\(")]
    private static partial Regex NewRpcException();
}
