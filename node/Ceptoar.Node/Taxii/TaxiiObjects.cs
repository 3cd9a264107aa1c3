using System.Text.Json.Nodes;
using Ceptoar.Core.Interchange;

namespace Ceptoar.Node.Taxii;

/// <summary>One STIX object of a collection, with what TAXII filters and lists it by.</summary>
/// <param name="Version">Its "modified" (else "created"): TAXII's version of the object.</param>
/// <param name="DateAdded">When this node stored the item it belongs to (the shared objects: their "created").</param>
internal sealed record TaxiiObject(string Id, string Type, string Version, DateTimeOffset DateAdded, JsonObject Json)
{
    public static TaxiiObject From(JsonObject json, DateTimeOffset dateAdded)
    {
        var id = (string?)json["id"] ?? "";
        var type = (string?)json["type"] ?? "";
        var version = (string?)json["modified"] ?? (string?)json["created"] ?? TaxiiWire.Timestamp(dateAdded);
        return new TaxiiObject(id, type, version, dateAdded, json);
    }
}

/// <summary>
/// The STIX objects a collection is made of, from the STIX export (docs/INTERCHANGE.md §1, §3): the shared objects once
/// at the head of every feed, then each item's own objects, with its origin's identity before the first item of that
/// origin in the member's feed.
/// </summary>
internal static class TaxiiObjects
{
    private static readonly string[] TlpMarkings =
    [
        """{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487","created":"2022-10-01T00:00:00.000Z","name":"TLP:CLEAR","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"clear"}}}""",
        """{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb","created":"2022-10-01T00:00:00.000Z","name":"TLP:GREEN","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"green"}}}""",
        """{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421","created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"amber"}}}""",
        """{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003","created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER+STRICT","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"amber+strict"}}}""",
        """{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1","created":"2022-10-01T00:00:00.000Z","name":"TLP:RED","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"red"}}}""",
    ];

    /// <summary>The objects every item refers to (TLP markings, the extension-definition): the head of every feed.</summary>
    public static IReadOnlyList<TaxiiObject> Shared(string nodeId)
    {
        _ = nodeId;
        return [.. TlpMarkings.Select(m => JsonNode.Parse(m)!.AsObject()).Select(o => TaxiiObject.From(o, DateTimeOffset.Parse((string)o["created"]!, System.Globalization.CultureInfo.InvariantCulture)))];
    }

    /// <summary>The item's own objects, in a fixed order; its origin's identity first when <paramref name="withOrigin"/>.</summary>
    public static IReadOnlyList<TaxiiObject> OfItem(ExportedItem item, string nodeId, bool withOrigin)
    {
        var context = new ExportContext(nodeId, item.ReceivedAt);
        var at = TaxiiWire.Timestamp(item.Item.CreatedAt.ToDateTimeOffset());
        var objects = new List<JsonObject>();
        var identity = "identity--" + item.Item.OriginNode;
        if (withOrigin)
        {
            objects.Add(new JsonObject { ["type"] = "identity", ["id"] = identity, ["created"] = at, ["modified"] = at, ["name"] = item.Item.OriginNode });
        }

        var report = new JsonObject
        {
            ["type"] = "report",
            ["spec_version"] = "2.1",
            ["id"] = "report--" + item.Item.Id,
            ["created"] = at,
            ["modified"] = item.Withdrawn is { } w ? TaxiiWire.Timestamp(w.At.ToDateTimeOffset()) : at,
            ["name"] = item.Item.Body?.Title ?? "",
            ["created_by_ref"] = identity,
            ["x_source"] = context.NodeId,
            ["external_references"] = new JsonArray(new JsonObject { ["source_name"] = "ceptoar", ["external_id"] = item.Item.Id }),
        };
        if (item.Withdrawn is { State: "revoked" })
        {
            report["revoked"] = true;
        }

        objects.Add(report);
        foreach (var (indicator, index) in (item.Withdrawn is { State: "revoked" } ? [] : item.Item.Body?.Indicators.ToList() ?? []).Select((v, i) => (v, i)))
        {
            objects.Add(new JsonObject { ["type"] = "indicator", ["id"] = $"indicator--{item.Item.Id[..^4]}{index:x4}", ["created"] = at, ["modified"] = at, ["pattern"] = indicator.Value });
        }

        return [.. objects.Select(o => TaxiiObject.From(o, item.ReceivedAt))];
    }
}
