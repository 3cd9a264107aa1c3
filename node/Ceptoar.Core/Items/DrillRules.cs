using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Items;

/// <summary>
/// What makes a drill item valid (docs/DRILLS.md §2): a drill is always an exercise, CLEAR or GREEN, carries its
/// instruction in Japanese and English and an acknowledgement deadline after its creation and not after its expiry; no
/// other kind carries drill fields. Pure.
/// </summary>
internal static class DrillRules
{
    /// <summary>Longest instruction, per language.</summary>
    public const int MaxInstructionChars = 4_000;

    public static void Check(Violations violations, string prefix, Item item, DateTimeOffset? created, DateTimeOffset? expires)
    {
        var path = prefix + ".drill";
        if (item.Kind != ItemKind.Drill)
        {
            if (item.Drill is not null)
            {
                violations.Add(path, new(nameof(ItemsText.DrillOnOtherKind)));
            }

            return;
        }

        if (!item.Exercise)
        {
            violations.Add(prefix + ".exercise", new(nameof(ItemsText.DrillNotExercise)));
        }

        if (item.Tlp is not (Tlp.Clear or Tlp.Green))
        {
            violations.Add(prefix + ".tlp", new(nameof(ItemsText.DrillLabel)));
        }

        if (item.Drill is not { } drill)
        {
            violations.Add(path, new(nameof(ItemsText.DrillMissing)));
            return;
        }

        TextRules.Check(violations, path + ".instruction_ja", new(nameof(ItemsText.LabelInstructionJa)), drill.InstructionJa, MaxInstructionChars, required: true);
        TextRules.Check(violations, path + ".instruction_en", new(nameof(ItemsText.LabelInstructionEn)), drill.InstructionEn, MaxInstructionChars, required: true);
        var deadline = TextRules.CheckTimestamp(violations, path + ".acknowledge_by", new(nameof(ItemsText.LabelAcknowledgeBy)), drill.AcknowledgeBy);
        if (drill.AcknowledgeBy is null)
        {
            violations.Add(path + ".acknowledge_by", new(nameof(ItemsText.DrillDeadlineMissing)));
        }
        else if (deadline is { } d && ((created is { } c && d <= c) || (expires is { } e && d > e)))
        {
            violations.Add(path + ".acknowledge_by", new(nameof(ItemsText.DrillDeadlineOutOfRange)));
        }
    }
}
