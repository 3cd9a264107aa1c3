using System.Globalization;
using System.Text.Json.Nodes;

namespace Ceptoar.Core.Tests.Interchange;

/// <summary>Hand-written STIX objects for the import tests, as a foreign tool would send them.</summary>
internal static class StixBundles
{
    public const string Tlp2Clear = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
    public const string Tlp2Green = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    public const string Tlp2Amber = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
    public const string Tlp2AmberStrict = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003";
    public const string Tlp2Red = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
    public const string Tlp1White = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";
    public const string Tlp1Green = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
    public const string Tlp1Amber = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
    public const string Tlp1Red = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";
    public const string BundleId = "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d";

    public static byte[] Bundle(params JsonNode[] objects) =>
        System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["type"] = "bundle", ["id"] = BundleId, ["objects"] = new JsonArray(objects) }.ToJsonString());

    public static JsonObject Report(string id, string name, string? marking, params string[] refs)
    {
        var report = Common("report", id, marking);
        report["name"] = name;
        report["description"] = "説明: " + name;
        report["published"] = "2026-12-01T00:00:00.000Z";
        report["object_refs"] = new JsonArray([.. refs.Select(r => (JsonNode)JsonValue.Create(r))]);
        return report;
    }

    public static JsonObject Indicator(string id, string pattern, string? marking)
    {
        var indicator = Common("indicator", id, marking);
        indicator["pattern"] = pattern;
        indicator["pattern_type"] = "stix";
        indicator["valid_from"] = "2026-12-01T00:00:00.000Z";
        return indicator;
    }

    public static JsonObject Common(string type, string id, string? marking)
    {
        var obj = new JsonObject
        {
            ["type"] = type,
            ["spec_version"] = "2.1",
            ["id"] = id,
            ["created"] = "2026-12-01T00:00:00.000Z",
            ["modified"] = "2026-12-01T00:00:00.000Z",
        };
        if (marking is not null)
        {
            obj["object_marking_refs"] = new JsonArray(marking);
        }

        return obj;
    }

    /// <summary>indicator--00000000-0000-4000-8000-{n:D12}: a valid STIX id per number.</summary>
    public static string IndicatorId(int n) => "indicator--00000000-0000-4000-8000-" + n.ToString("D12", CultureInfo.InvariantCulture);

    /// <summary>A pattern matching a distinct valid IPv4 address per number (up to 16,777,215).</summary>
    public static string Ipv4Pattern(int n) =>
        string.Create(CultureInfo.InvariantCulture, $"[ipv4-addr:value = '10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}']");

    /// <summary>Runs <paramref name="action"/> with the UI culture set, as the member API sets it per call.</summary>
    public static T InCulture<T>(string culture, Func<T> action)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
