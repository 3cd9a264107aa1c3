using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Ceptoar.AdminCli.Audit;
using Ceptoar.AdminCli.Demo;
using Ceptoar.AdminCli.Items;
using Ceptoar.AdminCli.Keys;
using Ceptoar.AdminCli.Members;
using Ceptoar.AdminCli.Peers;
using Ceptoar.AdminCli.Pki;
using Ceptoar.AdminCli.Status;

namespace Ceptoar.AdminCli;

/// <summary>Builds the ceptoar-admin command tree and runs it with the given output writers (tests capture them).</summary>
public static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "ceptoar-admin: run a CEPTOAR federation node (members, keys, items, peers, audit, PKI); `demo` starts a sample federation.\n"
            + "Node commands reach the node over its admin socket <data-dir>/admin.sock; access is by file permission.\n\n"
            + ExitCodes.HelpText);
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(MembersCommands.Create());
        root.Subcommands.Add(KeysCommands.Create());
        root.Subcommands.Add(ItemsCommands.Create());
        root.Subcommands.Add(PeersCommands.Create());
        root.Subcommands.Add(Rules.RulesCommands.Create());
        root.Subcommands.Add(Queue.QueueCommands.Create());
        root.Subcommands.Add(Query.QueryCommands.Create());
        root.Subcommands.Add(Query.DirectoryCommand.Create());
        root.Subcommands.Add(AuditCommands.Create());
        root.Subcommands.Add(PkiCommands.Create());
        root.Subcommands.Add(DemoCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var config = new InvocationConfiguration { Output = output, Error = error };
        var parseResult = BuildRoot().Parse(args);
        if (parseResult.Action is not ParseErrorAction parseError)
        {
            return await parseResult.InvokeAsync(config);
        }

        // The errors alone, then where to read more: a full help page would bury them (and pollute stdout under --json).
        parseError.ShowHelp = false;
        var exitCode = await parseResult.InvokeAsync(config);
        await error.WriteLineAsync($"Run `{CommandPath(parseResult.CommandResult)} --help` for usage.");
        return exitCode;
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
