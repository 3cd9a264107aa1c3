using Ceptoar.Core.Interchange;

namespace Ceptoar.Node.Taxii;

/// <summary>What a member's collection is for.</summary>
internal enum CollectionPurpose
{
    /// <summary>The member's feed: read-only, exactly what its gRPC Subscribe and List show.</summary>
    Feed,

    /// <summary>Write-only: POSTed envelopes are imported as the member's submissions.</summary>
    Write,
}

/// <summary>A member's collection, by id.</summary>
internal sealed record TaxiiCollection(string Id, CollectionPurpose Purpose);

/// <summary>
/// Collection ids: name-based UUIDs (RFC 9562 version 5) of the node id, the member id and the purpose, so a member's two
/// collections keep their ids across restarts and backups without being stored, and differ at every node
/// (docs/INTERCHANGE.md §3).
/// </summary>
internal static class TaxiiCollections
{
    // A fixed namespace UUID for CEPTOAR TAXII collections (random, chosen once; never change it: ids would change).
    private static readonly Guid Namespace = new("6f0c7a52-8e0b-4d55-9a63-2b1f4c7d9e31");

    public static TaxiiCollection Feed(string nodeId, string memberId) => new(Id(nodeId, memberId, CollectionPurpose.Feed), CollectionPurpose.Feed);

    public static TaxiiCollection Write(string nodeId, string memberId) => new(Id(nodeId, memberId, CollectionPurpose.Write), CollectionPurpose.Write);

    /// <summary>The member's collection with this id; null for any other id (another member's answers the same as none).</summary>
    public static TaxiiCollection? Find(string nodeId, string memberId, string id)
    {
        var feed = Feed(nodeId, memberId);
        var write = Write(nodeId, memberId);
        return string.Equals(id, feed.Id, StringComparison.OrdinalIgnoreCase) ? feed
            : string.Equals(id, write.Id, StringComparison.OrdinalIgnoreCase) ? write
            : null;
    }

    private static string Id(string nodeId, string memberId, CollectionPurpose purpose) =>
        NameBasedUuid.Of(Namespace, $"{nodeId}\n{memberId}\n{purpose.ToString().ToLowerInvariant()}");
}
