using Ceptoar.Core.Interchange;
using Ceptoar.Core.Interchange.Stix;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Taxii;

/// <summary>One STIX object of a collection, as the STIX export wrote it, with what TAXII filters and lists it by.</summary>
/// <param name="Version">Its "modified" (TAXII's version of the object).</param>
/// <param name="DateAdded">When this node stored the item it belongs to (a shared object of the head: its "modified").</param>
/// <param name="Json">The object, UTF-8 JSON.</param>
internal sealed record TaxiiObject(string Id, string Type, string Version, DateTimeOffset DateAdded, ReadOnlyMemory<byte> Json)
{
    /// <summary>Every object the STIX export writes is STIX 2.1.</summary>
    public const string SpecVersion = "2.1";

    public static TaxiiObject From(StixObject stix, DateTimeOffset dateAdded) =>
        new(stix.Id, stix.Type, TaxiiWire.Timestamp(stix.Modified), dateAdded, stix.Json);
}

/// <summary>
/// The STIX objects a feed collection is made of, from the STIX export (docs/INTERCHANGE.md §1, §3). Objects many items
/// refer to are not repeated per item: the head of every feed holds the five TLP 2.0 marking-definitions, the 5W1H
/// extension-definition and the federation identity that defines it (they never change); an origin node's identity comes
/// once, just before the first item of that origin in the member's feed. A reporter's identity comes beside each item
/// that names it, marked with that item's label: whether a member may learn who reported is decided per item.
/// </summary>
internal static class TaxiiObjects
{
    private static readonly Tlp[] Labels = [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red];

    private static readonly Lazy<IReadOnlyList<TaxiiObject>> Head = new(ReadHead);

    /// <summary>The head of every feed: the objects every item may refer to, each with its own "modified" as date added.</summary>
    public static IReadOnlyList<TaxiiObject> Shared => Head.Value;

    /// <summary>
    /// The item's objects in a fixed order: its origin's identity first when <paramref name="withOrigin"/>, the identity of a
    /// reporter it names, then its own (report, indicators, vulnerabilities; a withdrawn item its report only). The
    /// export time is the item's date added, so an object's version is the same in every answer.
    /// </summary>
    public static IReadOnlyList<TaxiiObject> OfItem(ExportedItem item, string nodeId, bool withOrigin)
    {
        var context = new ExportContext(nodeId, item.ReceivedAt);
        var origin = StixIds.Node(item.Item.OriginNode);
        var objects = new List<TaxiiObject>();
        // Most items need no identity here (their origin's came before, and they name no reporter): writing the shared
        // objects only to drop them all would cost more than the item's own objects.
        var identities = withOrigin || item.Item.SubmittedBy is not null ? StixExport.SharedObjects([item], context) : [];
        foreach (var shared in identities)
        {
            var wanted = shared.Type == "identity" && shared.Id != StixIds.Federation && (withOrigin || shared.Id != origin);
            if (wanted)
            {
                objects.Add(TaxiiObject.From(shared, item.ReceivedAt));
            }
        }

        objects.AddRange(StixExport.ItemObjects(item, context).Select(o => TaxiiObject.From(o, item.ReceivedAt)));
        return objects;
    }

    /// <summary>
    /// The shared objects of one withdrawn stand-in per label: the markings of all five labels, the extension-definition and
    /// the federation identity. The stand-ins' origin identity is left out; nothing of an item is in the head.
    /// </summary>
    private static IReadOnlyList<TaxiiObject> ReadHead()
    {
        var at = StixVocabulary.FixedTime;
        var standIns = Labels.Select(tlp => new ExportedItem(new Item { Id = Guid.Empty.ToString(), OriginNode = "-", Tlp = tlp }, at)).ToList();
        return [.. StixExport.SharedObjects(standIns, new ExportContext("-", at))
            .Where(o => o.Type is "marking-definition" or "extension-definition" || o.Id == StixIds.Federation)
            .Select(o => TaxiiObject.From(o, o.Modified))];
    }
}
