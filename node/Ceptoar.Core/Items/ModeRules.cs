using Ceptoar.Federation.V1;
using static System.FormattableString;

namespace Ceptoar.Core.Items;

/// <summary>
/// What makes a mode change valid (docs/MODES.md §4): never an exercise, CLEAR or GREEN, addressed to the whole federation,
/// a defined mode, a reason, and for large-scale a report interval and sectors of the vocabulary; no other kind carries
/// mode fields. That only NISC may sign one is checked against the origin's certified role (AcceptancePolicy). Pure.
/// </summary>
internal sealed class ModeRules(Vocabulary vocabulary)
{
    public const int MaxReasonChars = 2_000;
    public const uint MinReportEveryMinutes = 5;
    public const uint MaxReportEveryMinutes = 1_440;

    public void Check(Violations violations, string prefix, Item item)
    {
        var path = prefix + ".mode_change";
        if (item.Kind != ItemKind.ModeChange)
        {
            if (item.ModeChange is not null)
            {
                violations.Add(path, new(nameof(ItemsText.ModeOnOtherKind)));
            }

            return;
        }

        if (item.Exercise)
        {
            violations.Add(prefix + ".exercise", new(nameof(ItemsText.ModeExercise)));
        }

        if (item.Tlp is not (Tlp.Clear or Tlp.Green) || item.Audience is not { WholeFederation: true })
        {
            violations.Add(prefix + ".audience", new(nameof(ItemsText.ModeAudience)));
        }

        if (item.ModeChange is not { } change)
        {
            violations.Add(path, new(nameof(ItemsText.ModeMissing)));
            return;
        }

        TextRules.Check(violations, path + ".reason", new(nameof(ItemsText.LabelModeReason)), change.Reason, MaxReasonChars, required: true);
        switch (change.Mode)
        {
            case FederationMode.LargeScale:
                if (change.ReportEveryMinutes is < MinReportEveryMinutes or > MaxReportEveryMinutes)
                {
                    violations.Add(path + ".report_every_minutes", new(nameof(ItemsText.ModeReportEvery), MinReportEveryMinutes, MaxReportEveryMinutes));
                }

                if (change.EndsPeriod.Length > 0)
                {
                    violations.Add(path + ".ends_period", new(nameof(ItemsText.ModeEndsPeriodOnLargeScale)));
                }

                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < change.ScopeSectors.Count; i++)
                {
                    var field = Invariant($"{path}.scope_sectors[{i}]");
                    if (!vocabulary.Sectors.ContainsKey(change.ScopeSectors[i]))
                    {
                        violations.Add(field, new(nameof(ItemsText.SectorUnknown), vocabulary.Version, string.Join(", ", vocabulary.Sectors.Keys)));
                    }
                    else if (!seen.Add(change.ScopeSectors[i]))
                    {
                        violations.Add(field, new(nameof(ItemsText.SectorTwice)));
                    }
                }

                break;

            case FederationMode.Normal:
                if (change.ScopeSectors.Count > 0 || change.ReportEveryMinutes != 0)
                {
                    violations.Add(path, new(nameof(ItemsText.ModeNormalFields)));
                }

                if (change.EndsPeriod.Length > 0 && !UuidV7.IsValid(change.EndsPeriod))
                {
                    violations.Add(path + ".ends_period", new(nameof(ItemsText.ModeEndsPeriodInvalid)));
                }

                break;

            default:
                violations.Add(path + ".mode", new(nameof(ItemsText.ModeUnknown)));
                break;
        }
    }
}
