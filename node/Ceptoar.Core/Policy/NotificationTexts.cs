using System.Globalization;
using System.Resources;

namespace Ceptoar.Core.Policy;

/// <summary>The words of notifications, from NotificationTexts.resx (English) and NotificationTexts.ja.resx (Japanese).</summary>
public static class NotificationTexts
{
    /// <summary>The resources' base name, for tests that list every key of both languages.</summary>
    public const string BaseName = "Ceptoar.Core.Policy.NotificationTexts";

    private static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja");

    public static ResourceManager Resources { get; } = new(BaseName, typeof(NotificationTexts).Assembly);

    /// <summary>The culture whose resource file holds the language's texts (English is the neutral file).</summary>
    public static CultureInfo Culture(NotificationLanguage language) => language == NotificationLanguage.Japanese ? Japanese : CultureInfo.InvariantCulture;

    /// <summary>The text for the key, formatted with the arguments; a key missing from the resources is a bug and throws.</summary>
    public static string Get(NotificationLanguage language, string key, params object?[] args)
    {
        var culture = Culture(language);
        var text = Resources.GetString(key, culture)
            ?? throw new InvalidOperationException($"the notification text '{key}' is missing from NotificationTexts.resx: add it in both languages");
        return args.Length == 0 ? text : string.Format(CultureInfo.InvariantCulture, text, args);
    }
}
