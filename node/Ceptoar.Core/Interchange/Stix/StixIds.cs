using System.Globalization;

namespace Ceptoar.Core.Interchange.Stix;

/// <summary>
/// STIX identifiers of the objects a node makes (docs/INTERCHANGE.md §1.3). The schema's identifier pattern wants a UUID of
/// version 1 to 5, so the UUIDv7 item ids cannot be used as they are: each object gets a name-based UUIDv5 (RFC 9562 §5.5)
/// in the node's own namespace, so every node exports the same item under the same STIX ids and consumers deduplicate.
/// </summary>
public static class StixIds
{
    /// <summary>The UUIDv5 namespace of every id derived here (a fixed random UUID, docs/INTERCHANGE.md §1.3).</summary>
    public const string Namespace = "c44cba2b-0531-4967-ac1a-d5800bdb7f6a";

    /// <summary>The fixed id of the 5W1H property extension's extension-definition (docs/INTERCHANGE.md §1.5).</summary>
    public const string ExtensionDefinition = "extension-definition--8dccff46-60d1-4b63-9715-6fdf884f0f37";

    /// <summary>The extension-definition of the official TLP 2.0 markings (OASIS cti-stix-common-objects).</summary>
    public const string Tlp2Extension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    private static readonly Guid NamespaceId = Guid.Parse(Namespace);

    /// <summary>The item's own object: report--v5("report/{item id}").</summary>
    public static string Report(string itemId) => Derived("report", "report/" + itemId);

    /// <summary>The item's indicator at that position of its body: indicator--v5("indicator/{item id}/{index}").</summary>
    public static string Indicator(string itemId, int index) =>
        Derived("indicator", string.Create(CultureInfo.InvariantCulture, $"indicator/{itemId}/{index}"));

    /// <summary>The item's CVE at that position of its body: vulnerability--v5("vulnerability/{item id}/{index}").</summary>
    public static string Vulnerability(string itemId, int index) =>
        Derived("vulnerability", string.Create(CultureInfo.InvariantCulture, $"vulnerability/{itemId}/{index}"));

    /// <summary>A node of the federation: identity--v5("node/{node id}").</summary>
    public static string Node(string nodeId) => Derived("identity", "node/" + nodeId);

    /// <summary>A member company that reported an item: identity--v5("member/{node id}/{member id}").</summary>
    public static string Member(string nodeId, string memberId) => Derived("identity", "member/" + nodeId + "/" + memberId);

    /// <summary>The federation itself, creator of the extension-definition: identity--v5("federation").</summary>
    public static string Federation { get; } = Derived("identity", "federation");

    /// <summary>A bundle's id, from who exported it, when, and what it holds (the same export gives the same id).</summary>
    public static string Bundle(string nodeId, DateTimeOffset now, int count, string firstItemId) =>
        Derived("bundle", string.Create(CultureInfo.InvariantCulture, $"bundle/{nodeId}/{now.ToUnixTimeMilliseconds()}/{count}/{firstItemId}"));

    /// <summary>"{type}--" and the UUIDv5 of <paramref name="name"/> in <see cref="Namespace"/>.</summary>
    public static string Derived(string type, string name) => type + "--" + UuidV5(name);

    internal static string UuidV5(string name) => NameBasedUuid.Of(NamespaceId, name);
}
