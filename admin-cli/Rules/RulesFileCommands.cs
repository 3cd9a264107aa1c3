using System.CommandLine;
using Ceptoar.AdminCli.Node;
using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.AdminCli.Rules;

/// <summary>`rules export` and `rules import`: the whole set as one file, to edit, review, keep in version control or copy.</summary>
internal static class RulesFileCommands
{
    public static Command Export(NodeOptions options)
    {
        var file = new Argument<string>("FILE") { Description = "Where to write the rule file; - writes it to standard output." };
        var force = new Option<bool>("--force") { Description = "Overwrite FILE if it exists." };
        var command = new Command(
            "export",
            "Write the active rules as a rule file (RULES-FORMAT.md), with the etag to pass to `rules import --etag` after editing it.")
        {
            file, force,
        };
        NodeAction.Set(command, options, async call =>
        {
            var path = call.Require(file);
            if (path != RuleFiles.StdinName && !call.Get(force) && (File.Exists(path) || Directory.Exists(path)))
            {
                // Checked before asking the node too, so a typo costs no round trip.
                throw new UsageException($"{path} already exists: pass --force to overwrite it, or choose another file name.");
            }

            var view = await RulesCommands.CurrentAsync(call);
            if (call.Json)
            {
                if (path != RuleFiles.StdinName)
                {
                    RuleFiles.Write(path, view.Text, call.Get(force));
                }

                call.Output.Json(view);
                return ExitCodes.Ok;
            }

            if (path == RuleFiles.StdinName)
            {
                call.Output.Writer.Write(view.Text);
                return ExitCodes.Ok;
            }

            RuleFiles.Write(path, view.Text, call.Get(force));
            call.Output.Line($"wrote {view.Rules.Count} rule{(view.Rules.Count == 1 ? "" : "s")} to {path} (etag {view.Etag}).");
            call.Output.Line($"After editing it: ceptoar-admin rules import {path} --etag {view.Etag}");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Import(NodeOptions options)
    {
        var file = new Argument<string>("FILE") { Description = "The rule file to make active (RULES-FORMAT.md); - reads it from standard input." };
        var etag = new Option<string?>("--etag")
        {
            Description = "Import only if the active rules are still this version (as `rules export` or `rules list` printed it), so changes made meanwhile are not lost.",
            HelpName = "ETAG",
        };
        var command = new Command(
            "import",
            "Replace all rules by a rule file, all or nothing: any error, each shown as FILE:LINE:COLUMN, and nothing changes (exit 6).")
        {
            file, etag,
        };
        NodeAction.Set(command, options, async call =>
        {
            var path = call.Require(file);
            var text = RuleFiles.Read(path);
            RuleSetView view;
            try
            {
                view = await call.Client.ImportRulesAsync(new ImportRulesRequest { Text = text, ExpectedEtag = call.Get(etag)?.Trim() ?? "" }, call.Options);
            }
            catch (RpcException e) when (RuleFiles.FileErrors(e, RuleFiles.DisplayName(path)) is { } errors)
            {
                return await RefusedAsync(call, errors,
                    $"nothing was imported: fix the errors above in {RuleFiles.DisplayName(path)} and import it again; the active rules are unchanged.");
            }

            return RulesCommands.Changed(call, view, $"imported {view.Rules.Count} rule{(view.Rules.Count == 1 ? "" : "s")} from {RuleFiles.DisplayName(path)}.");
        });
        return command;
    }

    /// <summary>Errors in a file the node refused, one FILE:LINE:COLUMN line each, then what it means; exit 6 (refused).</summary>
    public static async Task<int> RefusedAsync(NodeCall call, IReadOnlyList<string> errors, string summary)
    {
        foreach (var line in errors)
        {
            await call.Error.WriteLineAsync(line);
        }

        await call.Error.WriteLineAsync(summary);
        return ExitCodes.Refused;
    }
}
