using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Interchange;

/// <summary>The exchange formats a node reads and writes beside its own protobuf contracts (docs/INTERCHANGE.md).</summary>
public enum InterchangeFormat
{
    /// <summary>OASIS STIX 2.1 bundles (docs/INTERCHANGE.md §1).</summary>
    Stix = 1,

    /// <summary>MISP core format events (docs/INTERCHANGE.md §2).</summary>
    Misp = 2,
}

/// <summary>
/// An item as the exporting holder may show it. A withdrawn item comes as its tombstone (id, origin, kind, label, times;
/// no body) with <paramref name="Withdrawn"/> set: an exporter never has a revoked body to leak (docs/LIFECYCLE.md §1).
/// </summary>
/// <param name="Item">The item (for a revoked one, the tombstone the member feed shows).</param>
/// <param name="ReceivedAt">When this node stored it (TAXII's "date added").</param>
/// <param name="Withdrawn">Set when the origin revoked or superseded it.</param>
public sealed record ExportedItem(Item Item, DateTimeOffset ReceivedAt, Withdrawal? Withdrawn = null);

/// <summary>Who exports, and when: the exporting node appears as the document's source.</summary>
/// <param name="NodeId">The exporting node's id.</param>
/// <param name="Now">The export time (STIX "created"/"modified" of objects the node makes, MISP "timestamp").</param>
public sealed record ExportContext(string NodeId, DateTimeOffset Now);

/// <summary>What an importer needs besides the document.</summary>
/// <param name="FallbackTlp">The label for a document that carries none (<c>--tlp</c>); null: such a document is refused.</param>
/// <param name="MaxDocumentBytes">A larger document is refused before it is parsed.</param>
public sealed record ImportOptions(Tlp? FallbackTlp, long MaxDocumentBytes);

/// <summary>One draft read from a document, with the id of the document object it was made from.</summary>
public sealed record ImportedDraft(string SourceId, ItemDraft Draft);

/// <summary>An object of a document that could not become (part of) a draft, and why; never silently dropped.</summary>
/// <param name="SourceId">The object's id in the document (STIX id, MISP uuid), or its JSON path when it has none.</param>
/// <param name="Code">A stable reason for programs, e.g. "unsupported_type", "no_tlp", "bad_pattern".</param>
/// <param name="Reason">Why, for people, in the current UI culture (English or Japanese).</param>
public sealed record ImportRefusal(string SourceId, string Code, string Reason);

/// <summary>The drafts a document yields and the objects it could not map.</summary>
public sealed record ImportOutcome(IReadOnlyList<ImportedDraft> Drafts, IReadOnlyList<ImportRefusal> Refusals);

/// <summary>
/// A document that cannot be read at all (not JSON, too large, too deep, not a bundle or event, no label and no fallback):
/// nothing of it is imported. <see cref="Field"/> names where (a JSON path such as "$.objects[3].type", or "document").
/// </summary>
public sealed class ImportDocumentException(string field, string code, string message) : Exception(message)
{
    public string Field { get; } = field;

    public string Code { get; } = code;
}
