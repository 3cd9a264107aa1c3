using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ceptoar.AdminCli.Queue;

/// <summary>How held items are shown: the queue as a table, one held item with its rule decision and its 5W1H content.</summary>
internal static class HeldViews
{
    public const string Held = "held";
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    // An item may carry up to 1,000 indicators; a decision needs a sense of them, --json has them all.
    private const int MaxIndicatorsShown = 10;

    public static IReadOnlyList<string> WaitingHeaders => [CommonText.Id, QueueText.HeldAtHeader, CommonText.Kind, "TLP", CommonText.Title, QueueText.SubmittedByHeader, QueueText.RuleHeader];

    /// <summary>With decided items the rule gives way to the decision (`queue show` has both): the table stays readable.</summary>
    public static IReadOnlyList<string> AllHeaders => [CommonText.Id, QueueText.HeldAtHeader, CommonText.Kind, "TLP", CommonText.Title, QueueText.SubmittedByHeader, QueueText.DecisionHeader, QueueText.DecidedAtHeader, QueueText.ReasonOrNoteHeader];

    // Single tokens a person copies or scans; titles and reasons take the wrapping instead.
    private static HashSet<string> NoWrapHeaders => [CommonText.Id, QueueText.HeldAtHeader, CommonText.Kind, "TLP", QueueText.RuleHeader, QueueText.DecisionHeader, QueueText.DecidedAtHeader];

    private static readonly FriendlyEnum<HandlingStatus> StatusNames = new(() => QueueText.HandlingStatus, "HANDLING-STATUS", "HANDLING_STATUS_", '-');
    private static readonly FriendlyEnum<IndicatorType> IndicatorNames = new(() => QueueText.IndicatorType, "INDICATOR-TYPE", "INDICATOR_TYPE_", '-');
    private static readonly FriendlyEnum<Attribution> AttributionNames = new(() => QueueText.Attribution, "ATTRIBUTION", "ATTRIBUTION_", '-');

    /// <summary>The queue as a table; an id broken over two lines could not be pasted into `queue show`, so ids never wrap.</summary>
    public static Table Table(IEnumerable<HeldItem> items, bool all)
    {
        var table = new Table();
        foreach (var header in all ? AllHeaders : WaitingHeaders)
        {
            table.AddColumn(new TableColumn(new Text(header)) { NoWrap = NoWrapHeaders.Contains(header) });
        }

        foreach (var held in items)
        {
            table.AddRow(Row(held, all).Select(cell => (IRenderable)new Text(cell ?? string.Empty)));
        }

        return table;
    }

    public static IReadOnlyList<string?> Row(HeldItem held, bool all)
    {
        List<string?> row =
        [
            held.ItemId, Formats.Time(held.HeldAt), Vocabulary.Kind.Format(held.Kind), Vocabulary.TlpLabel(held.Tlp), held.Title, Submitter(held),
        ];
        if (all)
        {
            var decision = held.State == Held || held.DecidedBy.Length == 0 ? Decision(held.State) : Localized.Format(QueueText.DecisionBy, Decision(held.State), held.DecidedBy);
            row.AddRange([decision, Formats.Time(held.DecidedAt), held.Reason]);
        }
        else
        {
            row.Add(held.Rule);
        }

        return row;
    }

    /// <summary>The line under the table: how many wait, and (with --all) how many were decided each way.</summary>
    public static string Summary(IReadOnlyCollection<HeldItem> items, bool all)
    {
        var waiting = items.Count(i => i.State == Held);
        if (!all)
        {
            return waiting == 0
                ? QueueText.NothingWaiting
                : waiting == 1
                    ? QueueText.OneWaiting
                    : Localized.Format(QueueText.ManyWaiting, waiting);
        }

        if (items.Count == 0)
        {
            return QueueText.NothingEverHeld;
        }

        var approved = items.Count(i => i.State == Approved);
        var rejected = items.Count(i => i.State == Rejected);
        return Localized.Format(QueueText.QueueTotals, waiting, approved, rejected);
    }

    /// <summary>The queue entry itself: where the item stands and who decided what.</summary>
    public static IEnumerable<(string Name, string? Value)> HeldFields(HeldItem held)
    {
        yield return (CommonText.Id, held.ItemId);
        yield return (CommonText.State, State(held.State));
        yield return (QueueText.HeldByRuleHeader, held.Rule);
        yield return (QueueText.HeldAtHeader, Formats.Time(held.HeldAt));
        yield return (QueueText.SubmittedByHeader, Submitter(held));
        if (held.State != Held)
        {
            yield return (QueueText.DecidedByHeader, held.DecidedBy);
            yield return (QueueText.DecidedAtHeader, Formats.Time(held.DecidedAt));
            yield return (held.State == Rejected ? QueueText.RejectReasonHeader : QueueText.NoteHeader, held.Reason);
        }
    }

    /// <summary>The rule decision as the node explained it, one indented line per line of its text.</summary>
    public static IEnumerable<string> Explanation(string explanation)
    {
        var lines = explanation.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        if (lines is [""])
        {
            yield return QueueText.NoExplanation;
            yield break;
        }

        foreach (var line in lines)
        {
            yield return "  " + line;
        }
    }

    /// <summary>The item as it stands now (after any edit): labels, who it names, and its 5W1H fields.</summary>
    public static IEnumerable<(string Name, string? Value)> ItemFields(Item item)
    {
        var body = item.Body ?? new Body();
        yield return (CommonText.Title, body.Title);
        yield return (CommonText.Label, Vocabulary.TlpLabel(item.Tlp));
        yield return (CommonText.Kind, Vocabulary.Kind.Format(item.Kind));
        if (item.Exercise)
        {
            yield return (CommonText.Exercise, CommonText.ExerciseYes);
        }

        yield return (CommonText.OriginNode, item.OriginNode);
        yield return (CommonText.Created, Formats.Time(item.CreatedAt));
        yield return (QueueText.AudienceHeader, Audience(item.Audience, item.Tlp));
        yield return (QueueText.NamesSubmitterHeader, NamedSubmitter(item));
        yield return (QueueText.AttributionHeader, AttributionNames.Format(item.Handling?.Attribution ?? Attribution.Unspecified));
        yield return (QueueText.SummaryHeader, body.Summary);
        yield return (QueueText.WhenHeader, When(body));
        yield return (QueueText.WhereHeader, Where(body.Where));
        yield return (QueueText.AffectedHeader, Formats.List(body.Affected));
        yield return (QueueText.WhatHeader, Text(body.What));
        yield return (QueueText.ThreatTypeHeader, Text(body.Why?.ThreatType));
        yield return (QueueText.CauseHeader, Text(body.Why?.Cause));
        yield return (QueueText.HandlingHeader, body.How is null ? "-" : StatusNames.Format(body.How.Status));
        yield return (QueueText.ActionsTakenHeader, Formats.List(body.How?.ActionsTaken ?? []));
        yield return (QueueText.SeverityHeader, Vocabulary.Severity.Format(body.Severity));
        yield return (QueueText.IndicatorsHeader, Indicators(body.Indicators));
    }

    /// <summary>The decisions open on an item that is still waiting, as commands ready to paste.</summary>
    public static IEnumerable<string> NextSteps(string itemId, bool withEdit)
    {
        yield return Localized.Format(QueueText.NextApprove, itemId);
        yield return Localized.Format(QueueText.NextReject, itemId);
        if (withEdit)
        {
            yield return Localized.Format(QueueText.NextEdit, itemId);
        }
    }

    /// <summary>A decision (the node's protocol word) in one word of the reader's language; a word this CLI does not know as sent.</summary>
    public static string Decision(string state) => state switch
    {
        Held => QueueText.DecisionHeld,
        Approved => QueueText.DecisionApproved,
        Rejected => QueueText.DecisionRejected,
        _ => state,
    };

    public static string State(string state) => state switch
    {
        Held => QueueText.StateHeld,
        Approved => QueueText.StateApproved,
        Rejected => QueueText.StateRejected,
        _ => state,
    };

    public static string Submitter(HeldItem held) =>
        held.SubmittedByMember.Length > 0 ? held.SubmittedByMember : QueueText.ReceivedFromPeer;

    private static string NamedSubmitter(Item item)
    {
        if (item.SubmittedBy is not { } submitter)
        {
            return QueueText.SubmitterNotNamed;
        }

        var name = submitter.DisplayName.Length > 0 ? $"{submitter.MemberId} ({submitter.DisplayName})" : submitter.MemberId;
        return Localized.Format(QueueText.SubmitterOfNode, name, submitter.Node);
    }

    private static string Audience(Audience? audience, Tlp tlp)
    {
        audience ??= new Audience();
        var parts = new List<string>();
        if (audience.WholeFederation)
        {
            parts.Add(QueueText.WholeFederation);
        }

        if (audience.Nodes.Count > 0)
        {
            parts.Add(Localized.Format(QueueText.AudienceNodes, string.Join(", ", audience.Nodes)));
        }

        if (audience.Sectors.Count > 0)
        {
            parts.Add(Localized.Format(QueueText.AudienceSectors, string.Join(", ", audience.Sectors)));
        }

        if (audience.Members.Count > 0)
        {
            parts.Add(Localized.Format(QueueText.AudienceMembers, string.Join(", ", audience.Members.Select(m => $"{m.MemberId}@{m.Node}"))));
        }

        if (audience.Roles.Count > 0)
        {
            parts.Add(Localized.Format(QueueText.AudienceRoles, string.Join(", ", audience.Roles)));
        }

        if (audience.SectorMinistries.Count > 0)
        {
            parts.Add(Localized.Format(QueueText.AudienceSectorMinistries, string.Join(", ", audience.SectorMinistries)));
        }

        // proto: an empty audience means the whole federation for CLEAR and GREEN; other labels must name their recipients.
        if (parts.Count == 0)
        {
            return tlp is Tlp.Clear or Tlp.Green ? QueueText.WholeFederationNoneNamed : QueueText.NoneNamed;
        }

        return string.Join("; ", parts);
    }

    private static string When(Body body)
    {
        var parts = new List<string>();
        if (body.OccurredAt is not null)
        {
            parts.Add(Localized.Format(QueueText.Occurred, Formats.Time(body.OccurredAt)));
        }

        if (body.DetectedAt is not null)
        {
            parts.Add(Localized.Format(QueueText.Detected, Formats.Time(body.DetectedAt)));
        }

        return parts.Count == 0 ? "-" : string.Join(", ", parts);
    }

    private static string Where(Where? where)
    {
        if (where is null)
        {
            return "-";
        }

        var parts = new List<string>();
        if (where.Systems.Count > 0)
        {
            parts.Add(Localized.Format(QueueText.WhereSystems, string.Join(", ", where.Systems)));
        }

        if (where.Services.Count > 0)
        {
            parts.Add(Localized.Format(QueueText.WhereServices, string.Join(", ", where.Services)));
        }

        if (where.Regions.Count > 0)
        {
            parts.Add(Localized.Format(QueueText.WhereRegions, string.Join(", ", where.Regions)));
        }

        return parts.Count == 0 ? "-" : string.Join("; ", parts);
    }

    private static string Indicators(IReadOnlyCollection<Indicator> indicators)
    {
        if (indicators.Count == 0)
        {
            return "-";
        }

        var shown = string.Join("; ", indicators.Take(MaxIndicatorsShown).Select(i => $"{IndicatorNames.Format(i.Type)} {i.Value}"));
        return indicators.Count <= MaxIndicatorsShown
            ? shown
            : Localized.Format(QueueText.IndicatorsMore, shown, indicators.Count - MaxIndicatorsShown);
    }

    private static string Text(string? text) => string.IsNullOrEmpty(text) ? "-" : text;
}
