using System.CommandLine;
using System.Security.Cryptography;

namespace Ceptoar.AdminCli.Pki;

/// <summary>`pki …`: the federation root and node certificates.</summary>
internal static class PkiCommands
{
    public static Command Create()
    {
        var pki = new Command("pki", "Create the federation root and node certificates.");
        pki.Subcommands.Add(InitRootCommand.Create());
        pki.Subcommands.Add(IssueNodeCommand.Create());
        pki.Subcommands.Add(SampleCommand.Create());
        pki.Subcommands.Add(ShowCommand.Create());
        return pki;
    }

    /// <summary>
    /// Runs a command body; errors a person can fix (bad input, missing or existing files) become one line on the error
    /// writer and exit code 1 instead of a stack trace.
    /// </summary>
    public static int Run(ParseResult parseResult, Func<TextWriter, int> body)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return body(output);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException or CryptographicException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>Throws unless force is set or none of the paths exists: replacing a key silently would lock a node out.</summary>
    public static void RefuseToOverwrite(IEnumerable<string> paths, bool force)
    {
        if (force)
        {
            return;
        }

        var existing = paths.Where(File.Exists).ToList();
        if (existing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{string.Join(", ", existing)} already exist{(existing.Count == 1 ? "s" : string.Empty)}; "
                + "pass --force to replace them (certificates issued from the old keys stop working), or choose another --out directory");
        }
    }

    public static Option<bool> ForceOption() => new("--force") { Description = "Replace existing files." };
}
