using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Queue;

/// <summary>
/// What an edit changed, read by comparing the item before and after (the node re-signs it either way), so a request that
/// changed nothing — a label already that high, a field already empty — says so instead of claiming it did.
/// </summary>
internal static class EditReport
{
    public static IReadOnlyList<string> Changes(Item before, Item after, EditHeldRequest request)
    {
        var lines = new List<string>();
        if (request.StripAttribution)
        {
            lines.Add(AttributionChange(before, after));
        }

        if (request.RaiseLabel != Tlp.Unspecified)
        {
            lines.Add(after.Tlp != before.Tlp
                ? Localized.Format(QueueText.LabelRaised, Vocabulary.TlpLabel(before.Tlp), Vocabulary.TlpLabel(after.Tlp))
                : Localized.Format(QueueText.LabelUnchanged, Vocabulary.TlpLabel(before.Tlp), Vocabulary.TlpLabel(request.RaiseLabel)));
        }

        foreach (var field in request.RemoveFields)
        {
            var was = Content(before.Body, field);
            var now = Content(after.Body, field);
            var name = QueueArguments.Friendly(field);
            lines.Add((was, now) switch
            {
                (null, _) => Localized.Format(QueueText.FieldAlreadyEmpty, name),
                (_, null) => Localized.Format(QueueText.FieldRemoved, name, was),
                _ => Localized.Format(QueueText.FieldStillPresent, name, now),
            });
        }

        return lines;
    }

    /// <summary>What a body field holds, as "58 characters" or "2 entries"; null when it is empty.</summary>
    public static string? Content(Body? body, string field)
    {
        if (body is null)
        {
            return null;
        }

        return field switch
        {
            "what" => Characters(body.What),
            "affected" => Entries(body.Affected.Count),
            "where" => body.Where is null ? null : Entries(body.Where.Systems.Count + body.Where.Services.Count + body.Where.Regions.Count),
            "indicators" => Entries(body.Indicators.Count),
            "actions_taken" => Entries(body.How?.ActionsTaken.Count ?? 0),
            "cause" => Characters(body.Why?.Cause),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, $"not one of {QueueArguments.RemovableFieldsText}"),
        };
    }

    private static string AttributionChange(Item before, Item after)
    {
        var named = before.SubmittedBy is { } submitter ? submitter.MemberId : null;
        var nowNamed = after.SubmittedBy is not null;
        var forbidden = after.Handling?.Attribution == Attribution.MustNot;
        var wasForbidden = before.Handling?.Attribution == Attribution.MustNot;
        if (named is not null && !nowNamed)
        {
            return forbidden
                ? Localized.Format(QueueText.AttributionStrippedForbidden, named)
                : Localized.Format(QueueText.AttributionStripped, named);
        }

        if (named is null && forbidden && !wasForbidden)
        {
            return QueueText.AttributionNowForbidden;
        }

        return nowNamed
            ? Localized.Format(QueueText.AttributionStillNamed, after.SubmittedBy!.MemberId)
            : QueueText.AttributionUnchanged;
    }

    private static string? Characters(string? text) =>
        string.IsNullOrEmpty(text) ? null : Localized.Format(QueueText.Characters, text.Length);

    private static string? Entries(int count) => count switch
    {
        0 => null,
        1 => QueueText.OneEntry,
        _ => Localized.Format(QueueText.Entries, count),
    };
}
