using System.CommandLine;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.AdminCli.Rules;

/// <summary>`rules export` and `rules import`: the whole set as one file, to edit, review, keep in version control or copy.</summary>
internal static class RulesFileCommands
{
    public static Command Export(NodeOptions options)
    {
        var file = new Argument<string>("FILE") { Description = RulesText.ExportFileDescription };
        var force = new Option<bool>("--force") { Description = RulesText.ForceDescription };
        var command = new Command(
            "export",
            RulesText.ExportDescription)
        {
            file, force,
        };
        NodeAction.Set(command, options, async call =>
        {
            var path = call.Require(file);
            if (path != RuleFiles.StdinName && !call.Get(force) && (File.Exists(path) || Directory.Exists(path)))
            {
                // Checked before asking the node too, so a typo costs no round trip.
                throw new UsageException(Localized.Format(CommonText.FileExists, path));
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
            call.Output.Line(Localized.Format(RulesText.Exported, RulesCommands.RuleCount(view.Rules.Count), path, view.Etag));
            call.Output.Line(Localized.Format(RulesText.AfterEditing, path, view.Etag));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Import(NodeOptions options)
    {
        var file = new Argument<string>("FILE") { Description = RulesText.ImportFileDescription };
        var etag = new Option<string?>("--etag")
        {
            Description = RulesText.EtagDescription,
            HelpName = "ETAG",
        };
        var command = new Command(
            "import",
            RulesText.ImportDescription)
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
                    Localized.Format(RulesText.NothingImported, RuleFiles.DisplayName(path)));
            }

            return RulesCommands.Changed(call, view, Localized.Format(RulesText.Imported, RulesCommands.RuleCount(view.Rules.Count), RuleFiles.DisplayName(path)));
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
