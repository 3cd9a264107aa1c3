using System.Globalization;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Interchange.Stix;

/// <summary>
/// The objects items refer to besides their own (docs/INTERCHANGE.md §1.2): TLP 2.0 marking-definitions as OASIS publishes
/// them, identities of the origin nodes and reporters, and the 5W1H extension-definition with the federation identity that
/// defines it. Their content never depends on the export time, so every export writes the same version of each.
/// </summary>
internal static class StixSharedWriter
{
    /// <param name="withDefinition">
    /// Whether to write the extension-definition and the federation identity that created it. A bundle leaves them out:
    /// the OASIS bundle schema accepts an object of a type its list does not name (extension-definition is such a type)
    /// only through a oneOf of the SDO core and the cyber-observable core, and any valid object matches both, so no bundle
    /// holding one validates (docs/INTERCHANGE.md §1.5). STIX 2.1 lets an extension-definition be shared apart from the
    /// objects that use it; the TAXII collections serve it.
    /// </param>
    public static void Write(IReadOnlyList<ExportedItem> items, IStixSink sink, bool withDefinition)
    {
        var labels = new SortedSet<Tlp>();
        var origins = new SortedSet<string>(StringComparer.Ordinal);
        // A reporter's identity carries the strictest label of the items that name it: its name is no more public than they are.
        var reporters = new SortedDictionary<string, (SubmittedBy By, Tlp Tlp)>(StringComparer.Ordinal);
        foreach (var exported in items)
        {
            var item = exported.Item;
            labels.Add(item.Tlp);
            origins.Add(item.OriginNode);
            if (item.SubmittedBy is { } by && !string.IsNullOrEmpty(by.MemberId))
            {
                var id = StixIds.Member(by.Node, by.MemberId);
                reporters[id] = reporters.TryGetValue(id, out var seen) && seen.Tlp > item.Tlp ? seen : (by, item.Tlp);
            }
        }

        foreach (var tlp in labels)
        {
            WriteMarking(tlp, sink);
        }

        foreach (var origin in origins)
        {
            WriteIdentity(sink, StixIds.Node(origin), null, origin, null);
        }

        foreach (var (id, (by, tlp)) in reporters)
        {
            WriteIdentity(sink, id, StixIds.Node(by.Node), string.IsNullOrEmpty(by.DisplayName) ? by.MemberId : by.DisplayName, tlp);
        }

        if (withDefinition)
        {
            WriteDefinition(sink);
        }
    }

    private static void WriteDefinition(IStixSink sink)
    {
        var fixedTime = StixVocabulary.FixedTime;
        WriteIdentity(sink, StixIds.Federation, null, Text(nameof(InterchangeText.FederationName)), null);
        var w = sink.Begin(StixIds.ExtensionDefinition, "extension-definition", fixedTime);
        w.WriteStartObject();
        StixItemWriter.WriteCommon(w, "extension-definition", StixIds.ExtensionDefinition, StixIds.Federation, fixedTime, fixedTime);
        w.WriteString("name"u8, Text(nameof(InterchangeText.ExtensionName)));
        w.WriteString("description"u8, Text(nameof(InterchangeText.ExtensionDescription)));
        w.WriteString("schema"u8, Text(nameof(InterchangeText.ExtensionSchema)));
        w.WriteString("version"u8, "1.0.0"u8);
        w.WriteStartArray("extension_types"u8);
        w.WriteStringValue("property-extension"u8);
        w.WriteEndArray();
        w.WriteEndObject();
        sink.End();
    }

    private static void WriteMarking(Tlp tlp, IStixSink sink)
    {
        var id = StixVocabulary.Tlp2MarkingId(tlp);
        var w = sink.Begin(id, "marking-definition", new DateTimeOffset(2022, 10, 1, 0, 0, 0, TimeSpan.Zero));
        w.WriteStartObject();
        w.WriteString("type"u8, "marking-definition"u8);
        w.WriteString("spec_version"u8, "2.1"u8);
        w.WriteString("id"u8, id);
        w.WriteString("created"u8, StixVocabulary.Tlp2Created);
        w.WriteString("name"u8, "TLP:" + StixVocabulary.TlpName(tlp).ToUpperInvariant());
        w.WriteStartObject("extensions"u8);
        w.WriteStartObject(StixIds.Tlp2Extension);
        w.WriteString("extension_type"u8, "property-extension"u8);
        w.WriteString("tlp_2_0"u8, StixVocabulary.TlpName(tlp));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        sink.End();
    }

    private static void WriteIdentity(IStixSink sink, string id, string? createdBy, string name, Tlp? tlp)
    {
        var fixedTime = StixVocabulary.FixedTime;
        var w = sink.Begin(id, "identity", fixedTime);
        w.WriteStartObject();
        StixItemWriter.WriteCommon(w, "identity", id, createdBy, fixedTime, fixedTime);
        w.WriteString("name"u8, name);
        w.WriteString("identity_class"u8, "organization"u8);
        if (tlp is { } label)
        {
            StixItemWriter.WriteMarking(w, StixVocabulary.Tlp2MarkingId(label));
        }

        w.WriteEndObject();
        sink.End();
    }

    // Export texts are data, the same for every reader: the neutral language (English).
    private static string Text(string key) => InterchangeText.ResourceManager.GetString(key, CultureInfo.InvariantCulture)!;
}
