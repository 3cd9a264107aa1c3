using System.Globalization;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Interchange;
using Ceptoar.Node.Members;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Administration;

/// <summary>
/// Staff export stored items as STIX or MISP and import a document as their own submissions (docs/INTERCHANGE.md §5):
/// what GetItem would show, never more; an item this node holds only sealed for others cannot be exported.
/// </summary>
internal sealed class AdminInterchange(ItemStore items, NodeOptions node, InterchangeService interchange)
{
    /// <summary>Most items one ExportItems call may name.</summary>
    public const int MaxExportItems = 10_000;

    public async Task<ExportedDocument> ExportAsync(AdminExportRequest request, CancellationToken cancellationToken)
    {
        var format = InterchangeRequests.Format(request.Format);
        var ids = InterchangeRequests.ItemIds(request.ItemIds, MaxExportItems);
        var found = await items.GetManyAsync(ids, cancellationToken);
        var stored = new List<StoredItem>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i];
            var item = found[i]
                ?? throw GrpcErrors.NotFound(ErrorReasons.ItemNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.ItemNotFound, id));
            if (item.Sealed && item.Withdrawn is not { IsRevoked: true })
            {
                // A hub relays some items sealed to their recipients: it holds the envelope, not the content.
                throw GrpcErrors.FailedPrecondition(ErrorReasons.ItemSealed, string.Format(CultureInfo.InvariantCulture, AdministrationText.ExportSealed, id));
            }

            stored.Add(item);
        }

        return interchange.Export(format, stored);
    }

    public Task<ImportResponse> ImportAsync(AdminImportRequest request, CancellationToken cancellationToken)
    {
        AdminRequests.Check(request.StaffName);
        var format = InterchangeRequests.Format(request.Format);
        return interchange.ImportAsync(Submitter.Staff(request.StaffName, node), format, request.Document.Memory,
            ImportChoices.Of(request.FallbackTlp, request.Partial, request.AcceptCopies, request.Audience), cancellationToken);
    }
}
