using System.Security.Cryptography;
using System.Text;

namespace Ceptoar.Core.Policy.Rules;

/// <summary>
/// A node's ordered handling rules. The FIRST rule whose conditions all hold fires, alone: its actions apply, every
/// action it leaves unset takes the built-in default's value, and no later rule is looked at. When no rule matches, the
/// built-in default fires (<see cref="BuiltInDefault"/>: the conservative reading of TLP), as if it closed every set.
/// Compared by content; <see cref="ETag"/> identifies a version for compare-and-swap when replacing a node's rules.
/// </summary>
public sealed class RuleSet : IEquatable<RuleSet>
{
    /// <summary>How long items are kept when no rule says otherwise.</summary>
    public const int DefaultRetentionDays = 365;

    /// <summary>Longest retention a rule may set: ten years.</summary>
    public const int MaxRetentionDays = 3650;

    /// <summary>Most rules a set may hold: more is not a rule list a person can still predict.</summary>
    public const int MaxRules = 1000;

    /// <summary>Longest description, in characters.</summary>
    public const int MaxDescriptionLength = 500;

    /// <summary>
    /// The conservative reading of TLP 2.0 (docs/TLP.md §2, §5): members as the label and audience allow (CLEAR/GREEN: the
    /// audience's reach here; AMBER: nobody until a rule grants need-to-know; AMBER+STRICT: never; RED: named members),
    /// forward as routing allows, attribution as the origin's handling policy says, no hold, keep a year.
    /// </summary>
    public static readonly HandlingRule BuiltInDefault = new(
        "tlp-default",
        "the conservative reading of TLP 2.0: members as the label and audience allow, forward as routing allows, attribution as the origin says",
        RuleConditions.Any,
        new RuleActions
        {
            Deliver = MemberSelection.Everyone,
            Forward = ForwardRestriction.AsRouted,
            Hold = false,
            RetentionDays = DefaultRetentionDays,
        });

    private readonly Lazy<string> _etag;

    /// <exception cref="ArgumentException">A name is invalid or repeated, a description is not one trimmed line, or there are too many rules.</exception>
    public RuleSet(IEnumerable<HandlingRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = [.. rules];
        if (Rules.Count > MaxRules)
        {
            throw new ArgumentException($"A rule set holds at most {MaxRules} rules, not {Rules.Count}.", nameof(rules));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in Rules)
        {
            ArgumentNullException.ThrowIfNull(rule, nameof(rules));
            if (!RuleNames.IsValidRuleName(rule.Name))
            {
                throw new ArgumentException($"Rule name '{rule.Name}' is not valid: use {RuleNames.RuleNameRule}.", nameof(rules));
            }

            if (!names.Add(rule.Name))
            {
                throw new ArgumentException($"Rule name '{rule.Name}' is used twice: give each rule its own name.", nameof(rules));
            }

            if (!IsValidDescription(rule.Description))
            {
                throw new ArgumentException(
                    $"The description of rule '{rule.Name}' must be one line of at most {MaxDescriptionLength} characters without control characters or surrounding spaces.",
                    nameof(rules));
            }
        }

        _etag = new Lazy<string>(() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(RuleFile.Write(this))))[..32]);
    }

    public IReadOnlyList<HandlingRule> Rules { get; }

    /// <summary>The default rule set: just the built-in default, written out so admins see it and can put rules above it.</summary>
    public static RuleSet Default { get; } = new([BuiltInDefault]);

    /// <summary>No rules: everything gets the built-in default.</summary>
    public static RuleSet Empty { get; } = new([]);

    /// <summary>A content hash (32 hex characters) of the written set: equal sets have equal ETags.</summary>
    public string ETag => _etag.Value;

    public static bool IsValidDescription(string? description) =>
        description is { Length: <= MaxDescriptionLength } && description == description.Trim() && !description.Any(char.IsControl);

    public bool Equals(RuleSet? other) => other is not null && Rules.SequenceEqual(other.Rules);

    public override bool Equals(object? obj) => Equals(obj as RuleSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var rule in Rules)
        {
            hash.Add(rule);
        }

        return hash.ToHashCode();
    }
}
