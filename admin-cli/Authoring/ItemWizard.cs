using System.Globalization;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.AdminCli.Authoring;

/// <summary>
/// `items new`: asks for a report the 5W1H way, one field at a time, checking each answer with the node's own draft
/// validator as it goes (a refused answer is asked again, with the reason), then shows the draft and what its label
/// allows before anything is sent. Reads answers from a reader so it can run in a terminal or a test alike.
/// </summary>
internal sealed class ItemWizard(TextReader input, TextWriter output, TimeProvider time)
{
    private readonly ItemValidator _validator = new(Core.Items.Vocabulary.Default, new ItemLimits());

    /// <summary>The draft, confirmed; null when the person stopped (end of input, or "no" at the end).</summary>
    public ItemDraft? Run()
    {
        var draft = new ItemDraft { Body = new Body(), Audience = new Audience(), Handling = new HandlingPolicy() };
        try
        {
            Choose(AuthoringText.AskKind, Input.Vocabulary.Kind, ItemValidator.MemberKinds, k => draft.Kind = k, "draft.kind", draft);
            Choose(AuthoringText.AskTlp, Input.Vocabulary.Tlp, [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red], t => draft.Tlp = t, "draft.tlp", draft, LabelMeaning);
            AskAudience(draft);

            Ask(AuthoringText.AskTitle, optional: false, v => draft.Body.Title = v, "draft.body.title", draft);
            Ask(AuthoringText.AskSummary, optional: false, v => draft.Body.Summary = v, "draft.body.summary", draft);
            Ask(AuthoringText.AskWhat, optional: true, v => draft.Body.What = v, "draft.body.what", draft);
            Ask(AuthoringText.AskWhen, optional: true, v => draft.Body.OccurredAt = Time(v), "draft.body.occurred_at", draft);
            Ask(AuthoringText.AskWhere, optional: true, v => { draft.Body.Where = new Where(); draft.Body.Where.Systems.AddRange(List(v)); }, "draft.body.where", draft);
            Ask(AuthoringText.AskAffected, optional: true, v => { draft.Body.Affected.Clear(); draft.Body.Affected.AddRange(List(v)); }, "draft.body.affected", draft);
            Ask(AuthoringText.AskWhy, optional: true, v => draft.Body.Why = new Why { Cause = v }, "draft.body.why", draft);
            Ask(AuthoringText.AskHow, optional: true, v => { draft.Body.How = new How(); draft.Body.How.ActionsTaken.AddRange(List(v)); }, "draft.body.how", draft);
            Choose(AuthoringText.AskSeverity, Input.Vocabulary.Severity, [Severity.None, Severity.Low, Severity.Medium, Severity.High, Severity.Extreme], s => draft.Body.Severity = s, "draft.body.severity", draft);
            draft.Exercise = YesNo(AuthoringText.AskExercise);
        }
        catch (EndOfStreamException)
        {
            output.WriteLine(AuthoringText.Stopped);
            return null;
        }

        if (Problems(draft, "draft") is { Count: > 0 } remaining)
        {
            // Every field was checked as it was given; what is left concerns their combination (e.g. label and audience).
            foreach (var problem in remaining)
            {
                output.WriteLine($"  {problem.Field}: {problem.DescriptionIn(CultureInfo.CurrentUICulture)}");
            }

            output.WriteLine(AuthoringText.NotSent);
            return null;
        }

        output.WriteLine();
        output.WriteLine(Localized.Format(AuthoringText.Review, Input.Vocabulary.Kind.Format(draft.Kind), Input.Vocabulary.Tlp.Format(draft.Tlp), draft.Body.Title,
            draft.Exercise ? AuthoringText.ExerciseYes : AuthoringText.ExerciseNo));
        output.WriteLine(LabelMeaning(draft.Tlp));
        try
        {
            if (YesNo(AuthoringText.AskSend))
            {
                return draft;
            }
        }
        catch (EndOfStreamException)
        {
        }

        output.WriteLine(AuthoringText.NotSent);
        return null;
    }

    /// <summary>What the label lets recipients do, in the reader's language.</summary>
    public static string LabelMeaning(Tlp label) => label switch
    {
        Tlp.Clear => AuthoringText.MeaningClear,
        Tlp.Green => AuthoringText.MeaningGreen,
        Tlp.Amber => AuthoringText.MeaningAmber,
        Tlp.AmberStrict => AuthoringText.MeaningAmberStrict,
        Tlp.Red => AuthoringText.MeaningRed,
        _ => "",
    };

    /// <summary>
    /// Who it is for: sectors (not for AMBER+STRICT and RED, which name nodes), then nodes; both empty means the whole
    /// federation, which only CLEAR and GREEN allow. Asked again from the start until the label accepts the audience.
    /// </summary>
    private void AskAudience(ItemDraft draft)
    {
        while (true)
        {
            draft.Audience = new Audience();
            if (draft.Tlp is Tlp.Clear or Tlp.Green or Tlp.Amber)
            {
                Ask(AuthoringText.AskSectors, optional: true, v => { draft.Audience.Sectors.Clear(); draft.Audience.Sectors.AddRange(List(v)); }, "draft.audience.sectors", draft);
            }

            Ask(AuthoringText.AskNodes, optional: true, v => { draft.Audience.Nodes.Clear(); draft.Audience.Nodes.AddRange(List(v)); }, "draft.audience.nodes", draft);
            if (Reported(draft, "draft.audience"))
            {
                return;
            }
        }
    }

    private void Choose<T>(string prompt, FriendlyEnum<T> names, IReadOnlyList<T> choices, Action<T> set, string field, ItemDraft draft, Func<T, string>? explain = null)
        where T : struct, System.Enum
    {
        while (true)
        {
            output.WriteLine(prompt);
            for (var i = 0; i < choices.Count; i++)
            {
                output.WriteLine($"  {i + 1}. {names.Format(choices[i])}{(explain is null ? "" : " — " + explain(choices[i]))}");
            }

            var answer = Read();
            if (int.TryParse(answer, out var number) && number >= 1 && number <= choices.Count)
            {
                set(choices[number - 1]);
            }
            else if (names.TryParse(answer, out var value) && choices.Contains(value))
            {
                set(value);
            }
            else
            {
                output.WriteLine(Localized.Format(AuthoringText.PickOne, choices.Count));
                continue;
            }

            if (Reported(draft, field))
            {
                return;
            }
        }
    }

    private void Ask(string prompt, bool optional, Action<string> set, string field, ItemDraft draft)
    {
        while (true)
        {
            output.WriteLine(optional ? Localized.Format(AuthoringText.Optional, prompt) : prompt);
            var answer = Read();
            if (answer.Length == 0 && optional)
            {
                return;
            }

            try
            {
                set(answer);
            }
            catch (FormatException)
            {
                output.WriteLine(AuthoringText.NotATime);
                continue;
            }

            if (Reported(draft, field))
            {
                return;
            }
        }
    }

    private bool YesNo(string prompt)
    {
        while (true)
        {
            output.WriteLine(prompt);
            var answer = Read().ToLowerInvariant();
            if (AuthoringText.AnswersYes.Split(',').Contains(answer))
            {
                return true;
            }

            // Enter alone keeps the default, which is always "no": nothing is sent or marked without a yes.
            if (answer.Length == 0 || AuthoringText.AnswersNo.Split(',').Contains(answer))
            {
                return false;
            }
        }
    }

    /// <summary>True when the field just given is valid; otherwise says why and asks again.</summary>
    private bool Reported(ItemDraft draft, string field)
    {
        var problems = Problems(draft, field);
        foreach (var problem in problems)
        {
            output.WriteLine(Localized.Format(AuthoringText.Refused, problem.DescriptionIn(CultureInfo.CurrentUICulture)));
        }

        return problems.Count == 0;
    }

    private List<FieldViolation> Problems(ItemDraft draft, string field) =>
        [.. _validator.ValidateDraft(draft, time.GetUtcNow()).Where(v => v.Field == field || v.Field.StartsWith(field + ".", StringComparison.Ordinal) || v.Field.StartsWith(field + "[", StringComparison.Ordinal))];

    private string Read() => input.ReadLine()?.Trim() ?? throw new EndOfStreamException();

    private static IEnumerable<string> List(string value) => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A time as typed: with its offset, or in the zone times are shown in (Asia/Tokyo unless --time-zone says otherwise).</summary>
    private static Timestamp Time(string value)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        if (DateTimeOffset.TryParse(value, culture, System.Globalization.DateTimeStyles.None, out var withOffset) && HasOffset(value))
        {
            return Timestamp.FromDateTimeOffset(withOffset);
        }

        var local = DateTime.Parse(value, culture, System.Globalization.DateTimeStyles.None);
        var zone = TimeDisplay.Current.Zone;
        return Timestamp.FromDateTimeOffset(new DateTimeOffset(local, zone.GetUtcOffset(local)));
    }

    private static bool HasOffset(string value) => value.EndsWith('Z') || value.EndsWith('z') || System.Text.RegularExpressions.Regex.IsMatch(value, @"[+-]\d{2}:?\d{2}$");
}
