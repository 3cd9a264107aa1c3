using System.Globalization;
using Ceptoar.AdminCli.Input;
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

    public static IReadOnlyList<string> WaitingHeaders => ["Id", "Held at", "Kind", "TLP", "Title", "Submitted by", "Rule"];

    /// <summary>With decided items the rule gives way to the decision (`queue show` has both): the table stays readable.</summary>
    public static IReadOnlyList<string> AllHeaders => ["Id", "Held at", "Kind", "TLP", "Title", "Submitted by", "Decision", "Decided at", "Reason or note"];

    // Single tokens a person copies or scans; titles and reasons take the wrapping instead.
    private static HashSet<string> NoWrapHeaders => ["Id", "Held at", "Kind", "TLP", "Rule", "Decision", "Decided at"];

    private static readonly FriendlyEnum<Severity> SeverityNames = new(() => QueueText.Severity, "SEVERITY", "SEVERITY_", '-');
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
            var decision = held.State == Held || held.DecidedBy.Length == 0 ? held.State : $"{held.State} by {held.DecidedBy}";
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
                ? "nothing is waiting for approval."
                : Count(waiting, "item") + " waiting for approval. See one with: ceptoar-admin queue show ITEM-ID";
        }

        if (items.Count == 0)
        {
            return "no item has been held on this node.";
        }

        var approved = items.Count(i => i.State == Approved);
        var rejected = items.Count(i => i.State == Rejected);
        return string.Create(CultureInfo.InvariantCulture, $"{waiting} waiting, {approved} approved, {rejected} rejected.");
    }

    /// <summary>The queue entry itself: where the item stands and who decided what.</summary>
    public static IEnumerable<(string Name, string? Value)> HeldFields(HeldItem held)
    {
        yield return ("Id", held.ItemId);
        yield return ("State", State(held.State));
        yield return ("Held by rule", held.Rule);
        yield return ("Held at", Formats.Time(held.HeldAt));
        yield return ("Submitted by", Submitter(held));
        if (held.State != Held)
        {
            yield return ("Decided by", held.DecidedBy);
            yield return ("Decided at", Formats.Time(held.DecidedAt));
            yield return (held.State == Rejected ? "Reason (the member sees it)" : "Note", held.Reason);
        }
    }

    /// <summary>The rule decision as the node explained it, one indented line per line of its text.</summary>
    public static IEnumerable<string> Explanation(string explanation)
    {
        var lines = explanation.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        if (lines is [""])
        {
            yield return "  (the node recorded no explanation)";
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
        yield return ("Title", body.Title);
        yield return ("Label", Vocabulary.TlpLabel(item.Tlp));
        yield return ("Kind", Vocabulary.Kind.Format(item.Kind));
        if (item.Exercise)
        {
            yield return ("Exercise", "yes (drill traffic, not a real incident)");
        }

        yield return ("Origin node", item.OriginNode);
        yield return ("Created", Formats.Time(item.CreatedAt));
        yield return ("Audience", Audience(item.Audience, item.Tlp));
        yield return ("Names submitter", NamedSubmitter(item));
        yield return ("Attribution", AttributionNames.Format(item.Handling?.Attribution ?? Attribution.Unspecified));
        yield return ("Summary", body.Summary);
        yield return ("When", When(body));
        yield return ("Where", Where(body.Where));
        yield return ("Affected", Formats.List(body.Affected));
        yield return ("What", Text(body.What));
        yield return ("Threat type", Text(body.Why?.ThreatType));
        yield return ("Cause", Text(body.Why?.Cause));
        yield return ("Handling", body.How is null ? "-" : StatusNames.Format(body.How.Status));
        yield return ("Actions taken", Formats.List(body.How?.ActionsTaken ?? []));
        yield return ("Severity", SeverityNames.Format(body.Severity));
        yield return ("Indicators", Indicators(body.Indicators));
    }

    /// <summary>The decisions open on an item that is still waiting, as commands ready to paste.</summary>
    public static IEnumerable<string> NextSteps(string itemId, bool withEdit)
    {
        yield return $"  ceptoar-admin queue approve {itemId} [--note TEXT]";
        yield return $"  ceptoar-admin queue reject {itemId} --reason TEXT";
        if (withEdit)
        {
            yield return $"  ceptoar-admin queue edit {itemId} [--strip-attribution] [--raise LABEL] [--remove FIELD ...]";
        }
    }

    public static string State(string state) => state switch
    {
        Held => "held: waiting for approval",
        Approved => "approved",
        Rejected => "rejected: it does not leave this node",
        _ => state,
    };

    public static string Submitter(HeldItem held) =>
        held.SubmittedByMember.Length > 0 ? held.SubmittedByMember : "(received from a peer)";

    private static string NamedSubmitter(Item item)
    {
        if (item.SubmittedBy is not { } submitter)
        {
            return "no (attribution stripped or not allowed)";
        }

        var name = submitter.DisplayName.Length > 0 ? $"{submitter.MemberId} ({submitter.DisplayName})" : submitter.MemberId;
        return $"{name} of {submitter.Node}";
    }

    private static string Audience(Audience? audience, Tlp tlp)
    {
        audience ??= new Audience();
        var parts = new List<string>();
        if (audience.WholeFederation)
        {
            parts.Add("the whole federation");
        }

        if (audience.Nodes.Count > 0)
        {
            parts.Add("nodes " + string.Join(", ", audience.Nodes));
        }

        if (audience.Sectors.Count > 0)
        {
            parts.Add("sectors " + string.Join(", ", audience.Sectors));
        }

        if (audience.Members.Count > 0)
        {
            parts.Add("members " + string.Join(", ", audience.Members.Select(m => $"{m.MemberId}@{m.Node}")));
        }

        // proto: an empty audience means the whole federation for CLEAR and GREEN; other labels must name their recipients.
        if (parts.Count == 0)
        {
            return tlp is Tlp.Clear or Tlp.Green ? "the whole federation (none named)" : "none named";
        }

        return string.Join("; ", parts);
    }

    private static string When(Body body)
    {
        var parts = new List<string>();
        if (body.OccurredAt is not null)
        {
            parts.Add("occurred " + Formats.Time(body.OccurredAt));
        }

        if (body.DetectedAt is not null)
        {
            parts.Add("detected " + Formats.Time(body.DetectedAt));
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
            parts.Add("systems " + string.Join(", ", where.Systems));
        }

        if (where.Services.Count > 0)
        {
            parts.Add("services " + string.Join(", ", where.Services));
        }

        if (where.Regions.Count > 0)
        {
            parts.Add("regions " + string.Join(", ", where.Regions));
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
            : string.Create(CultureInfo.InvariantCulture, $"{shown}; and {indicators.Count - MaxIndicatorsShown} more (all of them with --json)");
    }

    private static string Text(string? text) => string.IsNullOrEmpty(text) ? "-" : text;

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
