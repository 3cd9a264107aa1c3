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
            violations.Add(path, "The body is missing: set body with at least a title and a summary");
            return;
        }

        TextRules.Check(violations, path + ".title", "The title", body.Title, limits.MaxTitleChars, required: true);
        TextRules.Check(violations, path + ".summary", "The summary", body.Summary, limits.MaxSummaryChars, required: true);
        TextRules.Check(violations, path + ".what", "The description of what happened", body.What, limits.MaxWhatChars, required: false);
        CheckTimes(violations, path, body, timeReference);

        if (body.Where is { } where)
        {
            TextRules.CheckList(violations, path + ".where.systems", "The list of systems", where.Systems, limits.MaxListEntries, limits.MaxShortTextChars);
            TextRules.CheckList(violations, path + ".where.services", "The list of services", where.Services, limits.MaxListEntries, limits.MaxShortTextChars);
            TextRules.CheckList(violations, path + ".where.regions", "The list of regions", where.Regions, limits.MaxListEntries, limits.MaxShortTextChars);
        }

        TextRules.CheckList(violations, path + ".affected", "The list of affected parties", body.Affected, limits.MaxListEntries, limits.MaxShortTextChars);

        if (body.Why is { } why)
        {
            if (why.ThreatType.Length > 0 && !vocabulary.ThreatTypes.ContainsKey(why.ThreatType))
            {
                violations.Add(path + ".why.threat_type",
                    $"Unknown threat type code in vocabulary {vocabulary.Version}: leave it empty or use one of {string.Join(", ", vocabulary.ThreatTypes.Keys)}");
            }

            TextRules.Check(violations, path + ".why.cause", "The cause", why.Cause, limits.MaxSummaryChars, required: false);
        }

        if (body.How is { } how)
        {
            TextRules.CheckList(violations, path + ".how.actions_taken", "The list of actions taken", how.ActionsTaken, limits.MaxListEntries, limits.MaxShortTextChars);
            if (!Enum.IsDefined(how.Status))
            {
                violations.Add(path + ".how.status", $"The handling status is not a known value: use one of {ProtoNames.List(Enum.GetValues<HandlingStatus>())}");
            }
        }

        if (!Enum.IsDefined(body.Severity))
        {
            violations.Add(path + ".severity", $"The severity is not a known value: use one of {ProtoNames.List(Enum.GetValues<Severity>())} (0 none to 4 extreme)");
        }

        CheckIndicators(violations, path + ".indicators", body.Indicators);
    }

    private static void CheckTimes(Violations violations, string path, Body body, DateTimeOffset? timeReference)
    {
        var occurred = TextRules.CheckTimestamp(violations, path + ".occurred_at", "The occurrence time", body.OccurredAt);
        var detected = TextRules.CheckTimestamp(violations, path + ".detected_at", "The detection time", body.DetectedAt);
        if (timeReference is { } reference)
        {
            // Compared as differences: reference + tolerance overflows for a creation time at the end of year 9999.
            if (occurred - reference > ClockTolerance)
            {
                violations.Add(path + ".occurred_at", "The occurrence time is more than a day in the future: send when it occurred, in UTC (check the time zone)");
            }

            if (detected - reference > ClockTolerance)
            {
                violations.Add(path + ".detected_at", "The detection time is more than a day in the future: send when it was detected, in UTC (check the time zone)");
            }
        }

        if (occurred is { } o && detected is { } d && d < o)
        {
            violations.Add(path + ".detected_at", "The detection time is before the occurrence time: correct one of them (an incident is detected when or after it occurs)");
        }
    }

    private void CheckIndicators(Violations violations, string path, IReadOnlyList<Indicator> indicators)
    {
        if (indicators.Count > limits.MaxIndicators)
        {
            violations.Add(path, Invariant($"The body has {indicators.Count:N0} indicators: send at most {limits.MaxIndicators:N0} per item and split the rest over more items"));
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
                violations.Add(field + ".type", $"The indicator type is missing or unknown: use one of {ProtoNames.List(defined)}");
            }

            var valueOk = TextRules.Check(violations, field + ".value", "The indicator value", indicator.Value, limits.MaxIndicatorValueChars, required: true);
            if (typeOk && valueOk && IndicatorSyntax.Problem(indicator.Type, indicator.Value) is { } problem)
            {
                violations.Add(field + ".value", $"The {ProtoNames.Of(indicator.Type)} value {problem}");
            }

            TextRules.Check(violations, field + ".description", "The indicator description", indicator.Description, limits.MaxShortTextChars, required: false);
        }
    }
}
