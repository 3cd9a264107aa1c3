using Ceptoar.Federation.V1;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Members;

/// <summary>
/// The exchange formats as the member API uses them (docs/INTERCHANGE.md): implemented above this folder, by the node's
/// Interchange, which itself submits through this folder's SubmissionService.
/// </summary>
internal interface IMemberInterchange
{
    /// <summary>The stored items, already checked as visible to the caller, as one document of the format.</summary>
    ExportedDocument Export(InterchangeFormat format, IReadOnlyList<StoredItem> items);

    /// <summary>A document's drafts submitted as <paramref name="submitter"/>'s, through the same path as Submit.</summary>
    Task<ImportResponse> ImportAsync(Submitter submitter, InterchangeFormat format, ReadOnlyMemory<byte> document, ImportChoices choices, CancellationToken cancellationToken);
}

/// <summary>What the importer chose for a whole document (docs/INTERCHANGE.md §5).</summary>
/// <param name="Fallback">The label for a document that carries none; null: such a document is refused.</param>
/// <param name="Partial">Submit what maps and list the rest, instead of refusing the whole document.</param>
/// <param name="AcceptCopies">As ItemDraft.accept_copies, for every draft.</param>
/// <param name="Audience">The recipients of every draft that names none (STIX and MISP carry none); null: none given.</param>
internal sealed record ImportChoices(Tlp? Fallback, bool Partial, bool AcceptCopies, Audience? Audience)
{
    public static ImportChoices Of(Tlp fallback, bool partial, bool acceptCopies, Audience? audience) =>
        new(fallback == Tlp.Unspecified ? null : fallback, partial, acceptCopies, audience);
}
