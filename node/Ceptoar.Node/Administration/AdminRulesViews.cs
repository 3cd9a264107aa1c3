using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;

namespace Ceptoar.Node.Administration;

/// <summary>Rule sets as the admin API shows them, and rule-file errors as field violations.</summary>
internal static class AdminRulesViews
{
    /// <summary>
    /// Most file errors one answer carries: they travel in the status trailer, which HTTP/2 clients cap (64 KiB in .NET),
    /// and an admin fixes a file from its first mistakes anyway.
    /// </summary>
    public const int MaxReportedErrors = 50;

    // An error message may quote the admin's text; a quoted 10,000-character line must not fill the trailer alone.
    private const int MaxErrorChars = 400;

    public static RuleSetView Set(RuleSet rules)
    {
        var view = new RuleSetView { Etag = rules.ETag, Text = RuleFile.Write(rules) };
        for (var i = 0; i < rules.Rules.Count; i++)
        {
            view.Rules.Add(Rule(rules, i));
        }

        return view;
    }

    public static RuleView Rule(RuleSet rules, int index)
    {
        var rule = rules.Rules[index];
        return new RuleView { Position = (uint)(index + 1), Name = rule.Name, Description = rule.Description, Text = Block(rule) };
    }

    /// <summary>One rule as a block of the rule file: what `rules add` takes and `rules show` prints.</summary>
    public static string Block(HandlingRule rule)
    {
        // A one-rule file is the header comment, a blank line, then the block.
        var written = RuleFile.Write(new RuleSet([rule]));
        return written[RuleFile.Header.Length..].TrimStart('\n');
    }

    public static int IndexOf(RuleSet rules, string name)
    {
        for (var i = 0; i < rules.Rules.Count; i++)
        {
            if (rules.Rules[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of the first rule without conditions (which matches every item), or -1.</summary>
    public static int FirstCatchAll(RuleSet rules)
    {
        for (var i = 0; i < rules.Rules.Count; i++)
        {
            if (rules.Rules[i].When.IsCatchAll)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>File errors as field violations named "PREFIXline L, column C", at most <see cref="MaxReportedErrors"/> and a count of the rest.</summary>
    public static List<FieldViolation> FileErrors(IReadOnlyList<RuleFileError> errors, string fieldPrefix = "")
    {
        var violations = errors.Take(MaxReportedErrors)
            .Select(e => new FieldViolation($"{fieldPrefix}line {e.Line}, column {e.Column}", Shorten(e.Message)))
            .ToList();
        if (errors.Count > MaxReportedErrors)
        {
            violations.Add(new FieldViolation(fieldPrefix + "errors",
                string.Format(CultureInfo.InvariantCulture, AdministrationText.MoreFileErrors, errors.Count - MaxReportedErrors, errors[MaxReportedErrors - 1].Line)));
        }

        return violations;
    }

    /// <summary>Problems of a whole set (RuleSetValidator) as violations of one request field.</summary>
    public static List<FieldViolation> Problems(IReadOnlyList<RuleProblem> problems, string field) =>
        [.. problems.Take(MaxReportedErrors).Select(p => new FieldViolation(field, Shorten(p.Key is null ? p.Message : string.Format(CultureInfo.InvariantCulture, AdministrationText.RuleProblem, p.RuleName, p.Key, p.Message))))];

    public static Grpc.Core.RpcException RuleNotFound(string name) =>
        GrpcErrors.NotFound(ErrorReasons.RuleNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.RuleNotFound, name));

    private static string Shorten(string message) => message.Length <= MaxErrorChars ? message : message[..(MaxErrorChars - 1)] + "…";
}
