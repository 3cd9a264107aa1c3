using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Ceptoar.AdminCli.Audit;
using Ceptoar.AdminCli.Demo;
using Ceptoar.AdminCli.Items;
using Ceptoar.AdminCli.Keys;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Members;
using Ceptoar.AdminCli.Peers;
using Ceptoar.AdminCli.Pki;
using Ceptoar.AdminCli.Status;

namespace Ceptoar.AdminCli;

/// <summary>Builds the ceptoar-admin command tree and runs it with the given output writers (tests capture them).</summary>
public static class CliApp
{
    /// <summary>The command tree, its help in the current UI culture's language (see <see cref="CliLanguage"/>).</summary>
    public static RootCommand BuildRoot() => BuildRoot(new DisplayOptions());

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error, Environment.GetEnvironmentVariable);

    /// <summary>Runs one invocation; <paramref name="environment"/> supplies LC_ALL and LANG (tests pass their own).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        // The UI culture flows with this invocation's async calls only, and is restored for the caller when it returns.
        CultureInfo.CurrentUICulture = CliLanguage.Culture(CliLanguage.Resolve(args, environment));
        var display = new DisplayOptions();
        var config = new InvocationConfiguration { Output = output, Error = error };
        var parseResult = BuildRoot(display).Parse(args);
        if (parseResult.Action is not ParseErrorAction parseError)
        {
            TimeDisplay.Current = display.ReadTime(parseResult);
            return await parseResult.InvokeAsync(config);
        }

        // The errors alone, then where to read more: a full help page would bury them (and pollute stdout under --json).
        parseError.ShowHelp = false;
        var exitCode = await parseResult.InvokeAsync(config);
        await error.WriteLineAsync(Localized.Format(CommonText.RunHelpForUsage, CommandPath(parseResult.CommandResult)));
        return exitCode;
    }

    private static RootCommand BuildRoot(DisplayOptions display)
    {
        var root = new RootCommand(CommonText.RootDescription + "\n\n" + CommonText.ExitCodesHelp);
        display.AddTo(root);
        foreach (var option in root.Options)
        {
            // System.CommandLine's own satellite leaves these two in English; they are ours to say in the reader's language.
            option.Description = option switch
            {
                HelpOption => CommonText.HelpOptionDescription,
                VersionOption => CommonText.VersionOptionDescription,
                _ => option.Description,
            };
        }

        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(MembersCommands.Create());
        root.Subcommands.Add(KeysCommands.Create());
        root.Subcommands.Add(Contacts.ContactsCommands.Create());
        root.Subcommands.Add(ItemsCommands.Create());
        root.Subcommands.Add(PeersCommands.Create());
        root.Subcommands.Add(Rules.RulesCommands.Create());
        root.Subcommands.Add(Queue.QueueCommands.Create());
        root.Subcommands.Add(Query.QueryCommands.Create());
        root.Subcommands.Add(Query.DirectoryCommand.Create());
        root.Subcommands.Add(Notify.NotifyCommands.Create());
        root.Subcommands.Add(Drills.DrillCommands.Create());
        root.Subcommands.Add(Modes.ModeCommands.Create());
        root.Subcommands.Add(Exercises.ExerciseCommands.Create());
        root.Subcommands.Add(AuditCommands.Create());
        root.Subcommands.Add(People.PeopleCommands.Create());
        root.Subcommands.Add(Backup.BackupCommands.Create());
        root.Subcommands.Add(Backup.RestoreCommand.Create());
        root.Subcommands.Add(PkiCommands.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(Statistics.StatisticsCommands.Create());
        return root;
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? current = command; current is not null; current = current.Parent)
        {
            if (current is CommandResult { Command: var c })
            {
                names.Add(c is RootCommand ? "ceptoar-admin" : c.Name);
            }
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
