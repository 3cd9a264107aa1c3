using System.Globalization;

namespace Ceptoar.AdminCli.Localization;

/// <summary>Fills the numbered placeholders of a resource text; numbers and ids are written the same in both languages.</summary>
internal static class Localized
{
    public static string Format(string format, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, format, args);
}
