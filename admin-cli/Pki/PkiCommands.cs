using System.CommandLine;
using System.Security.Cryptography;
using Ceptoar.AdminCli.Localization;

namespace Ceptoar.AdminCli.Pki;

/// <summary>`pki …`: the federation root and node certificates.</summary>
internal static class PkiCommands
{
    public static Command Create()
    {
        var pki = new Command("pki", PkiText.PkiDescription);
        pki.Subcommands.Add(InitRootCommand.Create());
        pki.Subcommands.Add(IssueNodeCommand.Create());
        pki.Subcommands.Add(SampleCommand.Create());
        pki.Subcommands.Add(ShowCommand.Create());
        pki.Subcommands.Add(RotateCommand.Create(Core.Pki.NodeKeyKind.Signing));
        pki.Subcommands.Add(RotateCommand.Create(Core.Pki.NodeKeyKind.Tls));
        pki.Subcommands.Add(RotateCommand.Create(Core.Pki.NodeKeyKind.Encryption));
        pki.Subcommands.Add(RevokeCommand.Create());
        pki.Subcommands.Add(PublishRevocationsCommand.Create());
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
            error.WriteLine(Localized.Format(PkiText.Error, e.Message));
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
            var files = string.Join(", ", existing);
            throw new InvalidOperationException(existing.Count == 1
                ? Localized.Format(PkiText.FileExistsOne, files)
                : Localized.Format(PkiText.FilesExist, files));
        }
    }

    public static Option<bool> ForceOption() => new("--force") { Description = PkiText.ForceDescription };
}
