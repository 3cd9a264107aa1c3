using System.Globalization;

namespace Ceptoar.AdminCli.Localization;

/// <summary>Decides, in one place, the language a person reads: <c>--lang</c>, else <c>LC_ALL</c>, else <c>LANG</c>.</summary>
/// <remarks>
/// Only Japanese and English exist. A locale whose language is Japanese (ja_JP.UTF-8, ja_JP, ja) gives Japanese; any other
/// locale, none, C or POSIX gives English, which is also what scripts and the node's integration tests expect.
/// </remarks>
internal static class CliLanguage
{
    public const string Japanese = "ja";
    public const string English = "en";
    public const string OptionName = "--lang";

    /// <summary>The values <c>--lang</c> accepts, as its help and its error list them.</summary>
    public static IReadOnlyList<string> Choices { get; } = [Japanese, English];

    public static bool TryParse(string? text, out string language)
    {
        language = text?.Trim().ToLowerInvariant() ?? string.Empty;
        return Choices.Contains(language);
    }

    /// <summary>The language of one invocation; an unknown <c>--lang</c> is reported by the parser, so here it falls back.</summary>
    public static string Resolve(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        if (TryParse(OptionValue(args, OptionName), out var chosen))
        {
            return chosen;
        }

        // POSIX precedence: LC_ALL overrides LANG; an empty variable counts as unset.
        var locale = NonEmpty(environment("LC_ALL")) ?? NonEmpty(environment("LANG"));
        return FromLocale(locale);
    }

    /// <summary>ja_JP.UTF-8, ja_JP, ja-JP, ja → Japanese; anything else (en_US.UTF-8, C, POSIX, C.UTF-8) → English.</summary>
    public static string FromLocale(string? locale)
    {
        var language = locale?.Split('_', '-', '.', '@')[0];
        return string.Equals(language, Japanese, StringComparison.OrdinalIgnoreCase) ? Japanese : English;
    }

    /// <summary>The UI culture whose resources are read: ja-JP for Japanese, the neutral (English) resources otherwise.</summary>
    public static CultureInfo Culture(string language) =>
        language == Japanese ? CultureInfo.GetCultureInfo("ja-JP") : CultureInfo.GetCultureInfo(English);

    /// <summary>
    /// The value of an option in raw arguments (<c>--lang ja</c>, <c>--lang=ja</c>, <c>--lang:ja</c>), read before parsing
    /// because the help texts of the command tree are built in the chosen language.
    /// </summary>
    public static string? OptionValue(IReadOnlyList<string> args, string name)
    {
        string? value = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                break;
            }

            if (arg == name && i + 1 < args.Count)
            {
                value = args[++i];
            }
            else if (arg.Length > name.Length && arg.StartsWith(name, StringComparison.Ordinal) && arg[name.Length] is '=' or ':')
            {
                value = arg[(name.Length + 1)..];
            }
        }

        return value;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
