using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.AdminCli.Output;

/// <summary>How values are shown to people: times as ISO 8601 UTC, sizes in bytes with a readable unit.</summary>
internal static class Formats
{
    public static string Iso(Timestamp? timestamp) =>
        timestamp is null ? string.Empty : Iso(timestamp.ToDateTimeOffset());

    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

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

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]} ({Number(bytes)} bytes)");
    }

    public static string List(IEnumerable<string> values)
    {
        var joined = string.Join(", ", values);
        return joined.Length == 0 ? "-" : joined;
    }
}
