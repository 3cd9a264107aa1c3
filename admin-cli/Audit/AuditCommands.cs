using System.CommandLine;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Audit;

/// <summary>`audit …`: read the node's hash-chained audit log and check that no entry was edited or removed.</summary>
internal static class AuditCommands
{
    private const uint MaxLimit = 1000;

    public static Command Create()
    {
        var options = new NodeOptions();
        var audit = new Command("audit", AuditText.AuditDescription);
        options.AddTo(audit);
        audit.Subcommands.Add(List(options));
        audit.Subcommands.Add(Verify(options));
        return audit;
    }

    private static Command List(NodeOptions options)
    {
        var after = new Option<ulong>("--after") { Description = AuditText.AfterDescription, HelpName = "SEQ" };
        var limit = new Option<uint?>("--limit") { Description = Localized.Format(AuditText.LimitDescription, MaxLimit), HelpName = "N" };
        ArgumentRules.RequireRange(limit, 1, MaxLimit);
        var action = new Option<string?>("--action") { Description = AuditText.ActionDescription, HelpName = "ACTION" };
        var command = new Command("list", AuditText.ListDescription) { after, limit, action };
        NodeAction.Set(command, options, async call =>
        {
            var request = new ListAuditRequest
            {
                AfterSeq = call.Get(after),
                Limit = call.Get(limit) ?? 0,
                Action = call.Get(action)?.Trim() ?? string.Empty,
            };
            var response = await call.Client.ListAuditAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            if (response.Entries.Count == 0)
            {
                call.Output.Line(AuditText.NoEntries);
                return ExitCodes.Ok;
            }

            call.Output.Rows(
                [AuditText.SeqHeader, AuditText.AtHeader, AuditText.ActorHeader, AuditText.ActionHeader, AuditText.SubjectHeader, AuditText.OutcomeHeader, AuditText.DetailHeader],
                response.Entries.Select(e => new[] { e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), Formats.Time(e.At), e.Actor, e.Action, e.Subject, e.Outcome, e.Detail }));
            var requested = request.Limit == 0 ? 100u : request.Limit;
            if (response.Entries.Count >= requested)
            {
                call.Output.Line(Localized.Format(AuditText.MoreEntries, response.Entries[^1].Seq));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify(NodeOptions options)
    {
        var command = new Command(
            "verify",
            Localized.Format(AuditText.VerifyDescription, ExitCodes.AuditBroken));
        var againstPeers = new Option<bool>("--against-peers") { Description = AuditText.AgainstPeersDescription };
        command.Options.Add(againstPeers);
        NodeAction.Set(command, options, async call =>
        {
            var result = await call.Client.VerifyAuditAsync(new VerifyAuditRequest { AgainstPeers = call.Get(againstPeers) }, call.Options);
            if (call.Json)
            {
                call.Output.Json(result);
            }
            else if (result.Valid)
            {
                call.Output.Line(Localized.Format(AuditText.AuditIntact, result.EntriesChecked));
            }
            else
            {
                // The verdict goes to stdout (it is the command's result); stderr gets what to do about it.
                call.Output.Line(Localized.Format(AuditText.AuditBroken, result.FirstBadSeq, result.Problem));
                await call.Error.WriteLineAsync(
                    Localized.Format(AuditText.AuditBrokenAdvice, result.FirstBadSeq));
            }

            if (!call.Json && result.Peers.Count > 0)
            {
                await ShowPeersAsync(call, result);
            }

            return result.Valid ? ExitCodes.Ok : ExitCodes.AuditBroken;
        });
        return command;
    }

    /// <summary>What each hub held and how it compared (docs/LIFECYCLE.md §4); a hub that did not answer is a warning on stderr.</summary>
    private static async Task ShowPeersAsync(NodeCall call, VerifyAuditResponse result)
    {
        call.Output.Rows(
            [AuditText.PeersHeader, AuditText.CheckpointsHeader, AuditText.PeerOutcomeHeader, AuditText.PeerDetailHeader],
            result.Peers.Select(p => new[]
            {
                p.NodeId,
                p.Checkpoints.ToString(System.Globalization.CultureInfo.InvariantCulture),
                p.Outcome switch
                {
                    "matched" => AuditText.OutcomeMatched,
                    "mismatch" => AuditText.OutcomeMismatch,
                    _ => AuditText.OutcomeUnreachable,
                },
                p.Detail,
            }));
        call.Output.Line(Localized.Format(AuditText.CheckpointsChecked, result.CheckpointsChecked));
        foreach (var unreachable in result.Peers.Where(p => p.Outcome == "unreachable"))
        {
            await call.Error.WriteLineAsync(Localized.Format(AuditText.SomeHubsUnreachable, unreachable.NodeId));
        }
    }
}
