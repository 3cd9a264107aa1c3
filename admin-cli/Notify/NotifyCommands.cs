using System.CommandLine;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Notify;

/// <summary>`notify …`: what the node told people about items (docs/NOTIFICATIONS.md §6).</summary>
internal static class NotifyCommands
{
    public static Command Create()
    {
        var options = new NodeOptions();
        var notify = new Command("notify", NotifyText.NotifyDescription);
        options.AddTo(notify);
        notify.Subcommands.Add(Status(options));
        notify.Subcommands.Add(Outbox(options));
        notify.Subcommands.Add(Test(options));
        return notify;
    }

    private static Command Status(NodeOptions options)
    {
        var item = new Argument<string?>("ITEM-ID") { Description = NotifyText.ItemIdDescription, Arity = ArgumentArity.ZeroOrOne };
        item.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !ArgumentRules.IsItemId(value))
            {
                result.AddError(Localized.Format(CommonText.NotAnItemId, value));
            }
        });
        var limit = LimitOption();
        var command = new Command("status", NotifyText.StatusDescription) { item, limit };
        NodeAction.Set(command, options, async call =>
        {
            var request = new GetNotifyStatusRequest { ItemId = call.Get(item)?.Trim() ?? string.Empty, Limit = call.Get(limit) ?? 0 };
            return Show(call, await call.Client.GetNotifyStatusAsync(request, call.Options), NotifyText.NothingYet);
        });
        return command;
    }

    private static Command Outbox(NodeOptions options)
    {
        var limit = LimitOption();
        var command = new Command("outbox", NotifyText.OutboxDescription) { limit };
        NodeAction.Set(command, options, async call =>
        {
            var request = new GetNotifyStatusRequest { OutboxOnly = true, Limit = call.Get(limit) ?? 0 };
            return Show(call, await call.Client.GetNotifyStatusAsync(request, call.Options), NotifyText.OutboxEmpty);
        });
        return command;
    }

    private static Command Test(NodeOptions options)
    {
        var id = new Argument<string>("CONTACT-ID") { Description = NotifyText.ContactIdDescription };
        ArgumentRules.RequireText(id, NotifyText.TheContactId);
        var command = new Command("test", NotifyText.TestDescription) { id };
        NodeAction.Set(command, options, async call =>
        {
            var contactId = call.Require(id).Trim();
            var response = await call.Client.TestNotifyAsync(new TestNotifyRequest { ContactId = contactId }, call.Options);
            if (call.Json)
            {
                call.Output.Json(response);
            }
            else
            {
                var format = response.Outcome switch
                {
                    "sent" => NotifyText.TestSent,
                    "transient" => NotifyText.TestTransient,
                    _ => NotifyText.TestPermanent,
                };
                call.Output.Line(Localized.Format(format, contactId, response.Detail));
            }

            return response.Outcome == "sent" ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return command;
    }

    private static Option<uint?> LimitOption()
    {
        var limit = new Option<uint?>("--limit") { Description = NotifyText.LimitDescription, HelpName = "N" };
        ArgumentRules.RequireRange(limit, 1, 1000);
        return limit;
    }

    private static int Show(NodeCall call, NotifyStatusResponse response, string empty)
    {
        if (call.Json)
        {
            call.Output.Json(response);
            return ExitCodes.Ok;
        }

        if (response.Notifications.Count == 0)
        {
            call.Output.Line(empty);
            return ExitCodes.Ok;
        }

        call.Output.Rows(
            [CommonText.Item, NotifyText.PurposeHeader, NotifyText.ContactHeader, NotifyText.ChannelHeader, CommonText.State, NotifyText.AttemptsHeader, NotifyText.WhenHeader, NotifyText.AcknowledgedHeader, NotifyText.LastErrorHeader],
            response.Notifications.Select(n => new[]
            {
                n.ItemId, Purpose(n.Purpose), n.ContactName.Length > 0 ? $"{n.ContactName} ({n.ContactId})" : n.ContactId, $"{Formats.Channel(n.Channel)} {n.Address}".Trim(), State(n.State),
                n.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                n.SentAt is not null ? Formats.Time(n.SentAt) : n.NextAttemptAt is not null ? Formats.Time(n.NextAttemptAt) : string.Empty,
                n.AcknowledgedAt is not null ? Formats.Time(n.AcknowledgedAt) : string.Empty, n.LastError,
            }));
        return ExitCodes.Ok;
    }

    private static string Purpose(string purpose) => purpose switch
    {
        "" or "notify" => NotifyText.PurposeNotify,
        "escalate-member" => NotifyText.PurposeEscalateMember,
        "escalate-duty" => NotifyText.PurposeEscalateDuty,
        "remind" => NotifyText.PurposeRemind,
        _ => purpose,
    };

    private static string State(string state) => state switch
    {
        "pending" => NotifyText.StatePending,
        "sent" => NotifyText.StateSent,
        "failed" => NotifyText.StateFailed,
        _ => state,
    };
}
