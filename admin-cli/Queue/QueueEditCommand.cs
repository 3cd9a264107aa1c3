using System.CommandLine;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Queue;

/// <summary>
/// `queue edit ITEM-ID`: take detail out of a held item before approving it. The node signs the edited item anew under the
/// same id; only an item this node originated can be edited (another origin's signature cannot be redone here).
/// </summary>
internal static class QueueEditCommand
{
    public static Command Create(NodeOptions options)
    {
        var id = QueueArguments.ItemIdArgument(QueueText.HeldIdDescription);
        var strip = new Option<bool>("--strip-attribution")
        {
            Description = QueueText.StripAttributionDescription,
        };
        var raise = new Option<Tlp?>("--raise")
        {
            Description = QueueText.RaiseDescription,
            HelpName = "LABEL",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
                if (QueueArguments.TryParseRaise(text, out var label, out var problem))
                {
                    return label;
                }

                result.AddError(problem);
                return null;
            },
        };
        var remove = new Option<string[]>("--remove")
        {
            Description = Localized.Format(QueueText.RemoveDescription, QueueArguments.RemovableFieldsText),
            HelpName = "FIELD",
            AllowMultipleArgumentsPerToken = true,
            CustomParser = result =>
            {
                var fields = new List<string>();
                foreach (var part in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
                {
                    if (QueueArguments.TryParseField(part, out var field))
                    {
                        fields.Add(field);
                    }
                    else
                    {
                        result.AddError(QueueArguments.FieldProblem(part));
                    }
                }

                return [.. fields.Distinct()];
            },
        };
        var command = new Command(
            "edit",
            QueueText.EditDescription)
        {
            id, strip, raise, remove,
        };
        command.Validators.Add(result =>
        {
            // Presence only: the values of --raise and --remove may be in error themselves, and those errors are reported already.
            if (!result.GetValue(strip) && result.GetResult(raise) is null && result.GetResult(remove) is null)
            {
                result.AddError(QueueText.NothingToEdit);
            }
        });
        NodeAction.Set(command, options, async call =>
        {
            var itemId = QueueArguments.NormalizeItemId(call.Require(id));
            var request = new EditHeldRequest { ItemId = itemId, StripAttribution = call.Get(strip), RaiseLabel = call.Get(raise) ?? Tlp.Unspecified };
            request.RemoveFields.Add(call.Get(remove) ?? []);

            // Read first so the report can say what actually changed, not only what was asked.
            var before = await call.Client.GetHeldAsync(new GetHeldRequest { ItemId = itemId }, call.Options);
            var after = await call.Client.EditHeldAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(after);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(QueueText.Edited, itemId));
            foreach (var change in EditReport.Changes(before.Item ?? new Item(), after.Item ?? new Item(), request))
            {
                call.Output.Line("  " + change);
            }

            call.Output.Line(Localized.Format(QueueText.StillWaiting, itemId));
            foreach (var step in HeldViews.NextSteps(itemId, withEdit: false))
            {
                call.Output.Line(step);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
