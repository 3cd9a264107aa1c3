using System.Text.RegularExpressions;
using Ceptoar.Federation.V1;
using static System.FormattableString;

namespace Ceptoar.Core.Items;

/// <summary>
/// What makes an exercise scenario and a participant's exercise result valid (docs/DRILLS.md §7): both always exercises,
/// each inject's content checked as a member's draft would be (kind, audience per label, 5W1H body), injects sent by
/// participants, every window inside the scenario item's life; no other kind carries these fields. Pure.
/// </summary>
internal sealed partial class ExerciseRules(AudienceRules audience, BodyRules body)
{
    public const int MaxParticipants = 100;
    public const int MaxInjects = 200;
    public const int MaxExpectations = 100;
    public const int MaxMinutes = 10_080;
    public const int MaxTitleChars = 200;

    /// <summary>How much earlier than the item's creation a scenario may say it starts (a scenario signed a moment late).</summary>
    public static readonly TimeSpan StartSlack = TimeSpan.FromMinutes(5);

    public void Check(Violations violations, string prefix, Item item, DateTimeOffset? created, DateTimeOffset? expires)
    {
        if (item.Kind != ItemKind.ExerciseScenario && item.Scenario is not null)
        {
            violations.Add(prefix + ".scenario", new(nameof(ItemsText.ExerciseFieldOnOtherKind), "scenario", "ITEM_KIND_EXERCISE_SCENARIO"));
        }

        if (item.Kind != ItemKind.ExerciseResult && item.ExerciseResult is not null)
        {
            violations.Add(prefix + ".exercise_result", new(nameof(ItemsText.ExerciseFieldOnOtherKind), "exercise_result", "ITEM_KIND_EXERCISE_RESULT"));
        }

        if (item.Kind is not (ItemKind.ExerciseScenario or ItemKind.ExerciseResult))
        {
            return;
        }

        if (!item.Exercise)
        {
            violations.Add(prefix + ".exercise", new(nameof(ItemsText.ExerciseNotMarked)));
        }

        if (item.Kind == ItemKind.ExerciseScenario)
        {
            CheckScenario(violations, prefix + ".scenario", item.Scenario, created, expires);
        }
        else
        {
            CheckResult(violations, prefix + ".exercise_result", item.ExerciseResult);
        }
    }

    private void CheckScenario(Violations violations, string path, ExerciseScenario? scenario, DateTimeOffset? created, DateTimeOffset? expires)
    {
        if (scenario is null)
        {
            violations.Add(path, new(nameof(ItemsText.ScenarioMissing)));
            return;
        }

        if (!NamePattern().IsMatch(scenario.Name))
        {
            violations.Add(path + ".name", new(nameof(ItemsText.ScenarioNameInvalid)));
        }

        TextRules.Check(violations, path + ".title_ja", new(nameof(ItemsText.LabelTitle)), scenario.TitleJa, MaxTitleChars, required: scenario.TitleEn.Length == 0);
        TextRules.Check(violations, path + ".title_en", new(nameof(ItemsText.LabelTitle)), scenario.TitleEn, MaxTitleChars, required: false);
        var start = TextRules.CheckTimestamp(violations, path + ".start_at", new(nameof(ItemsText.LabelScenarioStart)), scenario.StartAt);
        if (scenario.StartAt is null)
        {
            violations.Add(path + ".start_at", new(nameof(ItemsText.ScenarioStartMissing)));
        }
        else if (start is { } s && created is { } c && s < c - StartSlack)
        {
            violations.Add(path + ".start_at", new(nameof(ItemsText.ScenarioStartPast)));
        }

        var participants = CheckNodeList(violations, path + ".participants", scenario.Participants);
        if (scenario.Injects.Count is 0 or > MaxInjects)
        {
            violations.Add(path + ".injects", new(nameof(ItemsText.ScenarioInjectCount), scenario.Injects.Count, MaxInjects));
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < scenario.Injects.Count; i++)
        {
            var inject = scenario.Injects[i];
            var at = Invariant($"{path}.injects[{i}]");
            if (!InjectIdPattern().IsMatch(inject.Id))
            {
                violations.Add(at + ".id", new(nameof(ItemsText.InjectIdInvalid)));
            }
            else if (!ids.Add(inject.Id))
            {
                violations.Add(at + ".id", new(nameof(ItemsText.InjectIdTwice), inject.Id));
            }

            if (inject.AtMinutes > MaxMinutes)
            {
                violations.Add(at + ".at_minutes", new(nameof(ItemsText.MinutesOutOfRange), inject.AtMinutes, MaxMinutes));
            }

            if (!participants.Contains(inject.FromNode))
            {
                violations.Add(at + ".from_node", new(nameof(ItemsText.InjectSenderNotParticipant)));
            }

            if (!ItemValidator.MemberKinds.Contains(inject.Kind))
            {
                violations.Add(at + ".kind", new(nameof(ItemsText.KindSetOneOf), new LocalText(nameof(ItemsText.KindMissing)), ProtoNames.List(ItemValidator.MemberKinds)));
            }

            audience.Check(violations, at + ".audience", inject.Tlp, inject.Audience);
            body.Check(violations, at + ".body", inject.Body, start);
            CheckExpectations(violations, at + ".expect", inject, start, expires);
        }
    }

    private static void CheckExpectations(Violations violations, string path, ExerciseInject inject, DateTimeOffset? start, DateTimeOffset? expires)
    {
        if (inject.Expect.Count > MaxExpectations)
        {
            violations.Add(path, new(nameof(ItemsText.ListTooMany), new LocalText(nameof(ItemsText.LabelExpectations)), inject.Expect.Count, MaxExpectations));
            return;
        }

        for (var j = 0; j < inject.Expect.Count; j++)
        {
            var expect = inject.Expect[j];
            var at = Invariant($"{path}[{j}]");
            if (!Identifiers.IsValidNodeId(expect.Node))
            {
                violations.Add(at + ".node", new(nameof(ItemsText.ListedNodeInvalid), ItemValidator.NodeIdRule));
            }

            if (expect.AcknowledgeWithinMinutes > MaxMinutes)
            {
                violations.Add(at + ".acknowledge_within_minutes", new(nameof(ItemsText.MinutesOutOfRange), expect.AcknowledgeWithinMinutes, MaxMinutes));
            }

            if (expect.ReplyKind != ItemKind.Unspecified && !ItemValidator.MemberKinds.Contains(expect.ReplyKind))
            {
                violations.Add(at + ".reply_kind", new(nameof(ItemsText.KindSetOneOf), new LocalText(nameof(ItemsText.KindUnknown)), ProtoNames.List(ItemValidator.MemberKinds)));
            }

            if ((expect.ReplyKind == ItemKind.Unspecified) != (expect.ReplyWithinMinutes == 0) || expect.ReplyWithinMinutes > MaxMinutes)
            {
                violations.Add(at + ".reply_within_minutes", new(nameof(ItemsText.ReplyWindowInvalid), MaxMinutes));
            }

            var window = Math.Max(expect.AcknowledgeWithinMinutes, expect.ReplyWithinMinutes);
            if (start is { } s && expires is { } e && s.AddMinutes(inject.AtMinutes + (double)window) > e)
            {
                violations.Add(at, new(nameof(ItemsText.ExpectationAfterExpiry)));
            }
        }
    }

    private static void CheckResult(Violations violations, string path, ExerciseResult? result)
    {
        if (result is null)
        {
            violations.Add(path, new(nameof(ItemsText.ResultMissing)));
            return;
        }

        if (!UuidV7.IsValid(result.ScenarioId))
        {
            violations.Add(path + ".scenario_id", new(nameof(ItemsText.ListedItemIdInvalid)));
        }

        if (result.Injects.Count > MaxInjects)
        {
            violations.Add(path + ".injects", new(nameof(ItemsText.ScenarioInjectCount), result.Injects.Count, MaxInjects));
            return;
        }

        for (var i = 0; i < result.Injects.Count; i++)
        {
            var inject = result.Injects[i];
            var at = Invariant($"{path}.injects[{i}]");
            if (!InjectIdPattern().IsMatch(inject.InjectId))
            {
                violations.Add(at + ".inject_id", new(nameof(ItemsText.InjectIdInvalid)));
            }

            if (!UuidV7.IsValid(inject.ItemId))
            {
                violations.Add(at + ".item_id", new(nameof(ItemsText.ListedItemIdInvalid)));
            }

            if (inject.Nodes.Count > MaxExpectations)
            {
                violations.Add(at + ".nodes", new(nameof(ItemsText.ListTooMany), new LocalText(nameof(ItemsText.LabelExpectations)), inject.Nodes.Count, MaxExpectations));
                continue;
            }

            for (var j = 0; j < inject.Nodes.Count; j++)
            {
                var node = inject.Nodes[j];
                if (!Identifiers.IsValidNodeId(node.Node))
                {
                    violations.Add(Invariant($"{at}.nodes[{j}].node"), new(nameof(ItemsText.ListedNodeInvalid), ItemValidator.NodeIdRule));
                }

                if (node.ReplyItemId.Length > 0 && !UuidV7.IsValid(node.ReplyItemId))
                {
                    violations.Add(Invariant($"{at}.nodes[{j}].reply_item_id"), new(nameof(ItemsText.ListedItemIdInvalid)));
                }

                TextRules.Check(violations, Invariant($"{at}.nodes[{j}].rejected_reason"), new(nameof(ItemsText.LabelReason)), node.RejectedReason, 1_000, required: false);
            }
        }
    }

    private static HashSet<string> CheckNodeList(Violations violations, string path, IReadOnlyList<string> nodes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (nodes.Count is 0 or > MaxParticipants)
        {
            // The listed ids still count as participants, so an inject's sender is not refused twice for one mistake.
            violations.Add(path, new(nameof(ItemsText.ParticipantCount), nodes.Count, MaxParticipants));
            seen.UnionWith(nodes);
            return seen;
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            if (!Identifiers.IsValidNodeId(nodes[i]))
            {
                violations.Add(Invariant($"{path}[{i}]"), new(nameof(ItemsText.ListedNodeInvalid), ItemValidator.NodeIdRule));
            }
            else if (!seen.Add(nodes[i]))
            {
                violations.Add(Invariant($"{path}[{i}]"), new(nameof(ItemsText.ParticipantTwice), nodes[i]));
            }
        }

        return seen;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex InjectIdPattern();
}
