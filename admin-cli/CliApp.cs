using System.CommandLine;
using Ceptoar.AdminCli.Pki;

namespace Ceptoar.AdminCli;

/// <summary>Builds the ceptoar-admin command tree and runs it with the given output writers (tests capture them).</summary>
public static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("ceptoar-admin: run a CEPTOAR federation node (members, keys, items, audit, PKI).");
        root.Subcommands.Add(PkiCommands.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var config = new InvocationConfiguration { Output = output, Error = error };
        return await BuildRoot().Parse(args).InvokeAsync(config);
    }
}
