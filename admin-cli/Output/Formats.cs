using System.Globalization;
using Ceptoar.AdminCli.Localization;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.AdminCli.Output;

/// <summary>How values are shown to people: times in the invocation's time zone with the offset, sizes with a readable unit.</summary>
internal static class Formats
{
    /// <summary>A stored UTC time as a person reads it (<see cref="TimeDisplay"/>); empty when there is none.</summary>
    public static string Time(Timestamp? timestamp) => TimeDisplay.Current.Format(timestamp);

    public static string Time(DateTimeOffset time) => TimeDisplay.Current.Format(time);

    public static string Number(ulong value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Bytes(ulong bytes)
    {
        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        if (bytes < 1024)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
        }

        var value = (double)bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return Localized.Format(CommonText.BytesWithUnit, value, units[unit], Number(bytes));
    }

    /// <summary>
    /// A notification channel's code as a person reads it ("email" → "e-mail" / "メール"); JSON output keeps the code, and a
    /// code this CLI does not know yet is shown as the node sent it.
    /// </summary>
    public static string Channel(string code) => code switch
    {
        "email" => CommonText.ChannelEmail,
        "webhook" => CommonText.ChannelWebhook,
        _ => code,
    };

    public static string List(IEnumerable<string> values)
    {
        var joined = string.Join(", ", values);
        return joined.Length == 0 ? "-" : joined;
    }
}
