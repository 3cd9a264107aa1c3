using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Rules;

/// <summary>How rule sets are shown to people: one row per rule, in the order they are tried.</summary>
internal static class RuleViews
{
    public const string AddHint = "ceptoar-admin rules add --file RULE.txt";

    public static void Print(CliOutput output, RuleSetView view)
    {
        if (view.Rules.Count == 0)
        {
            output.Line(RulesText.NoRules);
            output.Line(Localized.Format(RulesText.AddOneWith, AddHint));
            output.Line(Localized.Format(RulesText.Etag, view.Etag));
            return;
        }

        output.Rows(
            ["#", RulesText.NameHeader, RulesText.WhenHeader, RulesText.ThenHeader, RulesText.DescriptionHeader],
            view.Rules.Select(r => new[] { r.Position.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Name, Part(r.Text, "when"), Part(r.Text, "then"), r.Description }));
        var catchAll = view.Rules.FirstOrDefault(r => Part(r.Text, "when").Length == 0);
        output.Line(catchAll is null
            ? RulesText.TriedInOrder
            : Localized.Format(RulesText.TriedInOrderCatchAll, catchAll.Name));
        output.Line(Localized.Format(RulesText.Etag, view.Etag));
    }

    /// <summary>The text a rule block gives one key ("when" or "then"), several lines joined; empty when it has none.</summary>
    public static string Part(string block, string key) =>
        string.Join(' ', block.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith(key + " ", StringComparison.Ordinal))
            .Select(line => line[(key.Length + 1)..].Trim()));
}
