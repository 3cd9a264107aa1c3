using System.CommandLine;
using System.Reflection;
using System.Text;
using Ceptoar.AdminCli.Localization;
using Ceptoar.Federation.V1;
using Google.Protobuf.Reflection;

namespace Ceptoar.AdminCli.Input;

/// <summary>
/// Reads a protobuf enum from the forms people type ("incident-report", "green", "amber+strict", "TLP:AMBER+STRICT",
/// "AMBER_STRICT", "IncidentReport") and writes it back in its friendly form. The zero "UNSPECIFIED" value is never accepted.
/// </summary>
internal sealed class FriendlyEnum<TEnum>
    where TEnum : struct, Enum
{
    private const string UnspecifiedName = "UNSPECIFIED";

    private readonly Dictionary<string, TEnum> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<TEnum, string> _friendly = [];
    private readonly string _protoPrefix;
    private readonly Func<string> _what;
    private readonly string _helpName;

    /// <param name="what">What a value is called in messages, e.g. "TLP label"; read when a message is written, in its language.</param>
    /// <param name="helpName">The value's placeholder in help, e.g. "TLP-LABEL".</param>
    /// <param name="protoPrefix">The proto name prefix of every value, e.g. "ITEM_KIND_".</param>
    /// <param name="separator">Joins words in the friendly form: '-' for kinds, '+' for TLP ("amber+strict").</param>
    public FriendlyEnum(Func<string> what, string helpName, string protoPrefix, char separator)
    {
        _what = what;
        _helpName = helpName;
        _protoPrefix = protoPrefix;
        foreach (var field in typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var protoName = field.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? field.Name;
            var bare = protoName.StartsWith(protoPrefix, StringComparison.Ordinal) ? protoName[protoPrefix.Length..] : protoName;
            if (bare == UnspecifiedName)
            {
                continue;
            }

            var value = (TEnum)field.GetValue(null)!;
            var key = Key(bare);
            if (!_byKey.TryAdd(key, value))
            {
                throw new InvalidOperationException($"{typeof(TEnum).Name} has two values that read the same: {key}.");
            }

            _friendly[value] = bare.ToLowerInvariant().Replace('_', separator);
        }

        Names = [.. _friendly.Values];
    }

    /// <summary>The friendly forms of every accepted value, in declaration order.</summary>
    public IReadOnlyList<string> Names { get; }

    public bool TryParse(string? text, out TEnum value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var normalized = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            normalized.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        var upper = normalized.ToString();

        // "amber+" or "amber++strict" look like a truncated or mistyped value: refuse rather than guess.
        if (upper.StartsWith('_') || upper.EndsWith('_') || upper.Contains("__", StringComparison.Ordinal))
        {
            return false;
        }

        var bare = upper.StartsWith(_protoPrefix, StringComparison.Ordinal) ? upper[_protoPrefix.Length..] : upper;
        return _byKey.TryGetValue(Key(bare), out value);
    }

    public string Problem(string? text) =>
        Localized.Format(InputText.UnknownValue, _what(), text, string.Join(", ", Names));

    /// <summary>The friendly form; values this CLI does not know (a newer node) show as their number.</summary>
    public string Format(TEnum value) =>
        _friendly.TryGetValue(value, out var friendly) ? friendly : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) switch
        {
            0 => InputText.Unspecified,
            var number => $"#{number}",
        };

    /// <summary>A repeatable option; each occurrence may also hold a comma-separated list ("--tlp green,amber").</summary>
    public Option<TEnum[]> Option(string name, string description) => new(name)
    {
        Description = Localized.Format(InputText.OneOf, description, string.Join(", ", Names)),
        HelpName = _helpName,
        CustomParser = result =>
        {
            var values = new List<TEnum>();
            foreach (var token in result.Tokens)
            {
                foreach (var part in token.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (TryParse(part, out var value))
                    {
                        values.Add(value);
                    }
                    else
                    {
                        result.AddError(Problem(part));
                    }
                }
            }

            return [.. values.Distinct()];
        },
    };

    // Case and separators do not matter: "amber+strict", "AMBER_STRICT" and "AmberStrict" are the same value.
    private static string Key(string name) =>
        string.Concat(name.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant));
}

/// <summary>The enums an admin types on the command line.</summary>
internal static class Vocabulary
{
    public static FriendlyEnum<Tlp> Tlp { get; } = new(() => InputText.TlpLabel, "TLP-LABEL", "TLP_", '+');

    public static FriendlyEnum<ItemKind> Kind { get; } = new(() => InputText.ItemKind, "ITEM-KIND", "ITEM_KIND_", '-');

    public static FriendlyEnum<Severity> Severity { get; } = new(() => InputText.Severity, "SEVERITY", "SEVERITY_", '-');

    /// <summary>TLP 2.0 writes labels as "TLP:AMBER+STRICT".</summary>
    public static string TlpLabel(Tlp tlp) => $"TLP:{Tlp.Format(tlp).ToUpperInvariant()}";
}
