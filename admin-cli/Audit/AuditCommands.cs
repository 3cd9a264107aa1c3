using System.CommandLine;
using Ceptoar.AdminCli.Input;
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
        var audit = new Command("audit", "Read the node's audit log and verify its hash chain.");
        options.AddTo(audit);
        audit.Subcommands.Add(List(options));
        audit.Subcommands.Add(Verify(options));
        return audit;
    }

    private static Command List(NodeOptions options)
    {
        var after = new Option<ulong>("--after") { Description = "Only entries after this sequence number (to page on, pass the last one shown).", HelpName = "SEQ" };
        var limit = new Option<uint?>("--limit") { Description = $"At most this many entries (1 to {MaxLimit}; default 100).", HelpName = "N" };
        ArgumentRules.RequireRange(limit, 1, MaxLimit);
        var action = new Option<string?>("--action") { Description = "Only entries with this action, e.g. member.add, item.submit, auth.denied.", HelpName = "ACTION" };
        var command = new Command("list", "List audit entries in order, oldest first.") { after, limit, action };
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
                call.Output.Line("no audit entries match.");
                return ExitCodes.Ok;
            }

            call.Output.Rows(
                ["Seq", "At", "Actor", "Action", "Subject", "Outcome", "Detail"],
                response.Entries.Select(e => new[] { e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), Formats.Time(e.At), e.Actor, e.Action, e.Subject, e.Outcome, e.Detail }));
            var requested = request.Limit == 0 ? 100u : request.Limit;
            if (response.Entries.Count >= requested)
            {
                call.Output.Line($"more entries may follow: add --after {response.Entries[^1].Seq}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify(NodeOptions options)
    {
        var command = new Command(
            "verify",
            $"Walk the audit log's hash chain on the running node. Exit code 0 when intact, {ExitCodes.AuditBroken} when an entry was edited or removed.");
        NodeAction.Set(command, options, async call =>
        {
            var result = await call.Client.VerifyAuditAsync(new VerifyAuditRequest(), call.Options);
            if (call.Json)
            {
                call.Output.Json(result);
            }
            else if (result.Valid)
            {
                call.Output.Line($"audit log intact: {result.EntriesChecked} entries");
            }
            else
            {
                // The verdict goes to stdout (it is the command's result); stderr gets what to do about it.
                call.Output.Line($"audit log BROKEN at entry {result.FirstBadSeq}: {result.Problem}");
                await call.Error.WriteLineAsync(
                    $"The audit log was altered at or after entry {result.FirstBadSeq}. Keep the database file as evidence and report it to the node's operator.");
            }

            return result.Valid ? ExitCodes.Ok : ExitCodes.AuditBroken;
        });
        return command;
    }
}
