using System.Globalization;
using Ceptoar.Node.Hosting;

namespace Ceptoar.Node.Web;

/// <summary>Times on the console's pages: in the node's zone (Node:TimeZone), always with the offset (docs/CONSOLE.md §6).</summary>
public sealed class WebTime
{
    private readonly TimeZoneInfo _zone;

    internal WebTime(NodeOptions node)
    {
        _zone = node.Zone;
        ZoneId = node.TimeZone;
    }

    /// <summary>The IANA id of the zone, e.g. Asia/Tokyo.</summary>
    public string ZoneId { get; }

    /// <summary>"Asia/Tokyo (UTC+09:00)": the zone and its offset now, for the footer of every page.</summary>
    public string ZoneLabel(DateTimeOffset now) =>
        ZoneId + TimeZoneInfo.ConvertTime(now, _zone).ToString(" '(UTC'zzz')'", CultureInfo.InvariantCulture);

    /// <summary>"2026-12-06 23:55 (UTC+09:00)": one unambiguous form for both languages.</summary>
    public string Format(DateTimeOffset time)
    {
        var local = TimeZoneInfo.ConvertTime(time, _zone);
        return local.ToString("yyyy-MM-dd HH:mm '(UTC'zzz')'", CultureInfo.InvariantCulture);
    }
}
