using System.CommandLine;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Queue;

/// <summary>Local checks of the approval queue's arguments, so a typo is reported before anything reaches the node.</summary>
internal static class QueueArguments
{
    /// <summary>The node refuses longer reasons (AdminQueue.RejectAsync): the member reads it, so it stays short.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The body fields EditHeld can clear, in the node's spelling (rules.proto, EditHeldRequest.remove_fields).</summary>
    public static readonly IReadOnlyList<string> RemovableFields = ["what", "affected", "where", "indicators", "actions_taken", "cause"];

    /// <summary>How the removable fields are written on the command line (help text and messages).</summary>
    public static readonly string RemovableFieldsText = string.Join(", ", RemovableFields.Select(Friendly));

    public static Argument<string> ItemIdArgument(string description)
    {
        var argument = new Argument<string>("ITEM-ID") { Description = description };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!ArgumentRules.IsItemId(value?.Trim()))
            {
                result.AddError(Localized.Format(QueueText.NotAHeldItemId, value));
            }
        });
        return argument;
    }

    /// <summary>The node keys items by the lower-case form its ids are minted in; a pasted upper-case id still finds the item.</summary>
    public static string NormalizeItemId(string value) => value.Trim().ToLowerInvariant();

    /// <summary>Reads a field name as typed ("what", "actions-taken", "Actions_Taken") into the node's spelling.</summary>
    public static bool TryParseField(string? text, out string field)
    {
        var normalized = text?.Trim().ToLowerInvariant().Replace('-', '_') ?? string.Empty;
        field = RemovableFields.FirstOrDefault(f => f == normalized) ?? string.Empty;
        return field.Length > 0;
    }

    public static string FieldProblem(string? text) =>
        Localized.Format(QueueText.CannotRemoveField, text, RemovableFieldsText);

    /// <summary>The form a person types and reads: words joined by '-', like item kinds.</summary>
    public static string Friendly(string field) => field.Replace('_', '-');

    /// <summary>
    /// Reads the label of --raise. CLEAR is refused: it is the lowest label, so raising to it can never change anything,
    /// and the request is almost certainly a mistake for another label.
    /// </summary>
    public static bool TryParseRaise(string? text, out Tlp label, out string problem)
    {
        problem = string.Empty;
        if (!Vocabulary.Tlp.TryParse(text, out label))
        {
            problem = "--raise: " + Vocabulary.Tlp.Problem(text);
            return false;
        }

        if (label == Tlp.Clear)
        {
            problem = QueueText.RaiseClear;
            return false;
        }

        return true;
    }

    /// <summary>Refuses what the node would refuse anyway (blank, longer than it keeps), before the call.</summary>
    public static string? ReasonProblem(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return QueueText.RejectReasonEmpty;
        }

        var length = reason.Trim().Length;
        return length > MaxReasonLength
            ? Localized.Format(QueueText.RejectReasonTooLong, length, MaxReasonLength)
            : null;
    }
}
