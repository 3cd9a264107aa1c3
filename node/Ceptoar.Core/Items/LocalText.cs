using System.Globalization;

namespace Ceptoar.Core.Items;

/// <summary>
/// A text for people from ItemsText.resx: its key and arguments, written out in the language of whoever reads it. The
/// validator keeps its words this way so that the member API can answer in the caller's language while everything the
/// node keeps or tells other nodes (audit entries, peers' rejection reasons, logs) stays English (README, "Language of
/// the member API").
/// </summary>
public sealed class LocalText
{
    private readonly object?[] _args;

    internal LocalText(string key, params object?[] args)
    {
        Key = key;
        _args = args;
    }

    /// <summary>The key in ItemsText.resx.</summary>
    public string Key { get; }

    /// <summary>The text in English, the neutral language: what is stored, logged and sent to peers.</summary>
    public string English => In(CultureInfo.InvariantCulture);

    /// <summary>
    /// The text in the culture's language (Japanese for "ja" and "ja-JP", English otherwise); arguments that are texts
    /// themselves are written in the same language, numbers and times as the invariant culture writes them.
    /// </summary>
    public string In(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var format = ItemsText.ResourceManager.GetString(Key, culture)
            ?? throw new InvalidOperationException($"the validator text '{Key}' is missing from ItemsText.resx: add it in both languages");
        var args = Array.ConvertAll(_args, arg => arg is LocalText text ? text.In(culture) : arg);
        return args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
    }

    public override string ToString() => English;
}
