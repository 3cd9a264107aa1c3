using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ceptoar.Core.Interchange;
using Ceptoar.Core.Interchange.Misp;
using Ceptoar.Core.Interchange.Stix;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Members;
using Ceptoar.Node.Storage;
using Google.Protobuf;
using ImportRefusal = Ceptoar.Core.Interchange.ImportRefusal;
using InterchangeFormat = Ceptoar.Federation.V1.InterchangeFormat;

namespace Ceptoar.Node.Interchange;

/// <summary>
/// STIX 2.1 and MISP at this node (docs/INTERCHANGE.md §5): stored items written as a document of either format, and a
/// document's drafts submitted through the one submission path (validation, rules, signing, audit). Which items a caller
/// may export is decided before this class sees them, by the door's own TLP check; a revoked item reaches the writers as
/// its tombstone only.
/// </summary>
internal sealed class InterchangeService(NodeOptions node, LimitsOptions limits, TimeProvider time, ItemValidator validator, SubmissionService submissions, AuditLog audit)
    : IMemberInterchange
{
    public const string StixMediaType = "application/stix+json;version=2.1";
    public const string MispMediaType = "application/json";

    private const int MaxClientRequestIdChars = 128;

    /// <summary>An item as an exporter may show it: a revoked one as its tombstone, never its body (docs/LIFECYCLE.md §1).</summary>
    public static ExportedItem ToExported(StoredItem stored) => new(
        stored.Withdrawn is { IsRevoked: true } ? ItemViews.Tombstone(stored) : ItemViews.ParseItem(stored, out _),
        stored.ReceivedAt,
        ItemViews.Withdrawal(stored.Withdrawn));

    /// <summary>The largest document an import reads: the request limit every door of the node has (Limits:MaxRequestBytes).</summary>
    public long MaxDocumentBytes => limits.MaxRequestBytes;

    public ExportedDocument Export(InterchangeFormat format, IReadOnlyList<StoredItem> items) =>
        Export(format, [.. items.Select(ToExported)]);

    public ExportedDocument Export(InterchangeFormat format, IReadOnlyList<ExportedItem> items)
    {
        var context = new ExportContext(node.Id, time.GetUtcNow());
        var (mediaType, bytes) = format switch
        {
            InterchangeFormat.Stix => (StixMediaType, StixExport.Bundle(items, context)),
            InterchangeFormat.Misp => (MispMediaType, MispExport.Events(items, context)),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "checked by InterchangeRequests.Format"),
        };
        if (bytes.Length > limits.MaxExportBytes)
        {
            // Written whole before it is refused: the size of a document is known only once it is written.
            throw GrpcErrors.ResourceExhausted(
                ErrorReasons.ExportTooLarge,
                string.Format(CultureInfo.InvariantCulture, MembersText.ExportTooLarge, items.Count, bytes.Length, limits.MaxExportBytes),
                new Dictionary<string, string> { ["limit_bytes"] = limits.MaxExportBytes.ToString(CultureInfo.InvariantCulture), ["setting"] = "Limits:MaxExportBytes" });
        }

        return new ExportedDocument { MediaType = mediaType, Document = ByteString.CopyFrom(bytes), Items = (uint)items.Count };
    }

    /// <summary>
    /// Reads the document and submits its drafts as <paramref name="submitter"/>'s. Unless the choices are partial, any
    /// object that cannot be mapped, or any draft the validator refuses, refuses the whole document before anything is
    /// stored (InvalidArgument naming each object). The choices' audience addresses every draft that names no recipient.
    /// Each draft's idempotency key is made from the object it came from, so importing the same document again answers
    /// duplicate = true instead of storing it twice (docs/INTERCHANGE.md §5).
    /// </summary>
    public async Task<ImportResponse> ImportAsync(Submitter submitter, InterchangeFormat format, ReadOnlyMemory<byte> document, ImportChoices choices, CancellationToken cancellationToken)
    {
        var outcome = await ReadAsync(submitter, format, document, choices.Fallback, cancellationToken);
        var partial = choices.Partial;
        var now = time.GetUtcNow();
        var refused = new List<ImportRefusal>(outcome.Refusals);
        var drafts = new List<ImportedDraft>(outcome.Drafts.Count);
        foreach (var imported in outcome.Drafts)
        {
            imported.Draft.AcceptCopies = choices.AcceptCopies;
            if (choices.Audience is { } audience && (imported.Draft.Audience is null || Audiences.NamesNoOne(imported.Draft.Audience)))
            {
                imported.Draft.Audience = audience.Clone();
            }

            var violations = validator.ValidateDraft(imported.Draft, now);
            if (violations.Count == 0)
            {
                drafts.Add(imported);
                continue;
            }

            var language = CultureInfo.CurrentUICulture;
            var reason = string.Join("; ", violations.Take(5).Select(v => $"{v.Field}: {v.DescriptionIn(language)}"));
            if (choices.Audience is null && violations.Any(v => v.Field.StartsWith("draft.audience", StringComparison.Ordinal)))
            {
                // The document cannot name recipients: say where the importer gives them.
                reason += " — " + MembersText.ImportAudienceHint;
            }

            refused.Add(new ImportRefusal(imported.SourceId, "invalid_draft", reason));
        }

        if (refused.Count > 0 && !partial || drafts.Count == 0)
        {
            await audit.AppendAsync(new AuditRecord(submitter.Actor, "item.import", "-", "rejected",
                $"{Name(format)} document: {drafts.Count} draft(s), {refused.Count} object(s) refused"), cancellationToken);
            throw refused.Count > 0
                ? GrpcErrors.InvalidArgument([.. refused.Select(r => new FieldViolation($"document[{r.SourceId}]", $"{r.Reason} ({r.Code})"))], ErrorReasons.ImportRefused)
                : GrpcErrors.InvalidArgument("document", MembersText.ImportNothing, ErrorReasons.ImportRefused);
        }

        var response = new ImportResponse();
        foreach (var imported in drafts)
        {
            var submitted = await submissions.SubmitAsync(submitter, ClientRequestId(format, imported.SourceId), imported.Draft, cancellationToken);
            response.Items.Add(new ImportedItem { SourceId = imported.SourceId, Submitted = submitted });
        }

        response.Refused.AddRange(refused.Select(r => new Ceptoar.Federation.V1.ImportRefusal { SourceId = r.SourceId, Code = r.Code, Reason = r.Reason }));
        await audit.AppendAsync(new AuditRecord(submitter.Actor, "item.import", "-", "accepted",
            $"{Name(format)} document: {response.Items.Count} submitted, {response.Refused.Count} refused"), cancellationToken);
        return response;
    }

    /// <summary>The document's drafts and refusals; a document that cannot be read at all is InvalidArgument naming where, audited.</summary>
    private async Task<ImportOutcome> ReadAsync(Submitter submitter, InterchangeFormat format, ReadOnlyMemory<byte> document, Tlp? fallback, CancellationToken cancellationToken)
    {
        var options = new ImportOptions(fallback, MaxDocumentBytes);
        try
        {
            if (document.IsEmpty)
            {
                throw new ImportDocumentException("document", "empty", MembersText.ImportDocumentEmpty);
            }

            return format == InterchangeFormat.Stix ? StixImport.Read(document.Span, options) : MispImport.Read(document.Span, options);
        }
        catch (ImportDocumentException refused)
        {
            await audit.AppendAsync(new AuditRecord(submitter.Actor, "item.import", "-", "rejected", $"{Name(format)} document unreadable: {refused.Code} at {refused.Field}"), cancellationToken);
            throw GrpcErrors.InvalidArgument(DocumentField(refused.Field), $"{refused.Message} ({refused.Code})", ErrorReasons.ImportRefused);
        }
    }

    /// <summary>"document", or the JSON path inside it ("$.objects[3].type" → "document.objects[3].type").</summary>
    private static string DocumentField(string path) =>
        path.StartsWith('$') ? "document" + path[1..] : path == "document" ? path : "document." + path;

    /// <summary>
    /// The submission's idempotency key: the format and the object's id when that fits the key's rules (1 to 128 printable
    /// ASCII characters), else a SHA-256 of them, so a repeated object is recognised whatever its id looks like.
    /// </summary>
    internal static string ClientRequestId(InterchangeFormat format, string sourceId)
    {
        var key = Name(format) + ":" + sourceId;
        if (key.Length <= MaxClientRequestIdChars && key.All(c => c is >= '!' and <= '~'))
        {
            return key;
        }

        return Name(format) + ":sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceId)));
    }

    private static string Name(InterchangeFormat format) => format == InterchangeFormat.Stix ? "stix" : "misp";
}

/// <summary>Registers the exchange formats' service (docs/INTERCHANGE.md).</summary>
internal static class InterchangeServices
{
    public static IServiceCollection AddInterchange(this IServiceCollection services)
    {
        services.AddSingleton<InterchangeService>();
        services.AddSingleton<IMemberInterchange>(provider => provider.GetRequiredService<InterchangeService>());
        return services;
    }
}
