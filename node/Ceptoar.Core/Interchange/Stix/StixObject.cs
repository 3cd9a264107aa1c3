namespace Ceptoar.Core.Interchange.Stix;

/// <summary>One serialised STIX object (UTF-8 JSON), with what a TAXII server filters and pages on.</summary>
/// <param name="Id">The STIX id, e.g. "report--…".</param>
/// <param name="Type">The STIX type, e.g. "report".</param>
/// <param name="Modified">Its "modified" (TAXII's version), or "created" for objects without one (marking-definitions).</param>
/// <param name="Json">The object as UTF-8 JSON.</param>
public sealed record StixObject(string Id, string Type, DateTimeOffset Modified, ReadOnlyMemory<byte> Json);
