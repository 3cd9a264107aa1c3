using Ceptoar.Federation.V1;
using static System.FormattableString;

namespace Ceptoar.Core.Items;

/// <summary>The 5W1H body: required title and summary, sizes, times, vocabulary codes, enums and typed indicators.</summary>
internal sealed class BodyRules(Vocabulary vocabulary, ItemLimits limits)
{
    /// <summary>How far in the future "occurred" and "detected" may lie: clocks differ, and time zones get confused.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromDays(1);

    /// <param name="timeReference">The time the body was written (now for a draft, created_at for an item), or null when unknown.</param>
    public void Check(Violations violations, string path, Body? body, DateTimeOffset? timeReference)
    {
        if (body is null)
        {
            violations.Add(path, new(nameof(ItemsText.BodyMissing)));
            return;
        }

        TextRules.Check(violations, path + ".title", new(nameof(ItemsText.LabelTitle)), body.Title, limits.MaxTitleChars, required: true);
        TextRules.Check(violations, path + ".summary", new(nameof(ItemsText.LabelSummary)), body.Summary, limits.MaxSummaryChars, required: true);
        TextRules.Check(violations, path + ".what", new(nameof(ItemsText.LabelWhat)), body.What, limits.MaxWhatChars, required: false);
        CheckTimes(violations, path, body, timeReference);

        if (body.Where is { } where)
        {
            TextRules.CheckList(violations, path + ".where.systems", new(nameof(ItemsText.LabelSystems)), where.Systems, limits.MaxListEntries, limits.MaxShortTextChars);
            TextRules.CheckList(violations, path + ".where.services", new(nameof(ItemsText.LabelServices)), where.Services, limits.MaxListEntries, limits.MaxShortTextChars);
            TextRules.CheckList(violations, path + ".where.regions", new(nameof(ItemsText.LabelRegions)), where.Regions, limits.MaxListEntries, limits.MaxShortTextChars);
        }

        TextRules.CheckList(violations, path + ".affected", new(nameof(ItemsText.LabelAffected)), body.Affected, limits.MaxListEntries, limits.MaxShortTextChars);

        if (body.Why is { } why)
        {
            if (why.ThreatType.Length > 0 && !vocabulary.ThreatTypes.ContainsKey(why.ThreatType))
            {
                violations.Add(path + ".why.threat_type",
                    new(nameof(ItemsText.ThreatTypeUnknown), vocabulary.Version, string.Join(", ", vocabulary.ThreatTypes.Keys)));
            }

            TextRules.Check(violations, path + ".why.cause", new(nameof(ItemsText.LabelCause)), why.Cause, limits.MaxSummaryChars, required: false);
        }

        if (body.How is { } how)
        {
            TextRules.CheckList(violations, path + ".how.actions_taken", new(nameof(ItemsText.LabelActionsTaken)), how.ActionsTaken, limits.MaxListEntries, limits.MaxShortTextChars);
            if (!Enum.IsDefined(how.Status))
            {
                violations.Add(path + ".how.status", new(nameof(ItemsText.StatusUnknown), ProtoNames.List(Enum.GetValues<HandlingStatus>())));
            }
        }

        if (!Enum.IsDefined(body.Severity))
        {
            violations.Add(path + ".severity", new(nameof(ItemsText.SeverityUnknown), ProtoNames.List(Enum.GetValues<Severity>())));
        }

        CheckIndicators(violations, path + ".indicators", body.Indicators);
    }

    private static void CheckTimes(Violations violations, string path, Body body, DateTimeOffset? timeReference)
    {
        var occurred = TextRules.CheckTimestamp(violations, path + ".occurred_at", new(nameof(ItemsText.LabelOccurred)), body.OccurredAt);
        var detected = TextRules.CheckTimestamp(violations, path + ".detected_at", new(nameof(ItemsText.LabelDetected)), body.DetectedAt);
        if (timeReference is { } reference)
        {
            // Compared as differences: reference + tolerance overflows for a creation time at the end of year 9999.
            if (occurred - reference > ClockTolerance)
            {
                violations.Add(path + ".occurred_at", new(nameof(ItemsText.OccurredInFuture)));
            }

            if (detected - reference > ClockTolerance)
            {
                violations.Add(path + ".detected_at", new(nameof(ItemsText.DetectedInFuture)));
            }
        }

        if (occurred is { } o && detected is { } d && d < o)
        {
            violations.Add(path + ".detected_at", new(nameof(ItemsText.DetectedBeforeOccurred)));
        }
    }

    private void CheckIndicators(Violations violations, string path, IReadOnlyList<Indicator> indicators)
    {
        if (indicators.Count > limits.MaxIndicators)
        {
            violations.Add(path, new(nameof(ItemsText.IndicatorsTooMany), indicators.Count, limits.MaxIndicators));
            return;
        }

        for (var i = 0; i < indicators.Count; i++)
        {
            var field = Invariant($"{path}[{i}]");
            var indicator = indicators[i];
            var typeOk = indicator.Type != IndicatorType.Unspecified && Enum.IsDefined(indicator.Type);
            if (!typeOk)
            {
                var defined = Enum.GetValues<IndicatorType>().Where(t => t != IndicatorType.Unspecified);
                violations.Add(field + ".type", new(nameof(ItemsText.IndicatorTypeInvalid), ProtoNames.List(defined)));
            }

            var valueOk = TextRules.Check(violations, field + ".value", new(nameof(ItemsText.LabelIndicatorValue)), indicator.Value, limits.MaxIndicatorValueChars, required: true);
            if (typeOk && valueOk && IndicatorSyntax.Problem(indicator.Type, indicator.Value) is { } problem)
            {
                violations.Add(field + ".value", new(nameof(ItemsText.IndicatorValueProblem), ProtoNames.Of(indicator.Type), problem));
            }

            TextRules.Check(violations, field + ".description", new(nameof(ItemsText.LabelIndicatorDescription)), indicator.Description, limits.MaxShortTextChars, required: false);
        }
    }
}
