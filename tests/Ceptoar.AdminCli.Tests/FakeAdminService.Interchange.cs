using Ceptoar.Federation.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Ceptoar.AdminCli.Tests;

/// <summary>The exchange-format calls of the fake (docs/INTERCHANGE.md).</summary>
internal sealed partial class FakeAdminService
{
    public const string ExportedText = "{\"type\":\"bundle\",\"id\":\"bundle--6b2f0c5e-1f0e-4c47-9d58-2b8f5b0d1a11\",\"objects\":[]}";

    public AdminExportRequest? LastExport { get; private set; }

    public AdminImportRequest? LastImport { get; private set; }

    /// <summary>What ImportItems answers; the default submits one report and refuses one object.</summary>
    public ImportResponse ImportAnswer { get; set; } = new()
    {
        Items =
        {
            new ImportedItem
            {
                SourceId = "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3",
                Submitted = new SubmitResponse { ItemId = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", Status = "accepted" },
            },
        },
        Refused = { new ImportRefusal { SourceId = "malware--31b940d4-6f7f-459a-80ea-9c1f17b58abc", Code = "unsupported_type", Reason = "malware objects are not imported" } },
    };

    public override Task<ExportedDocument> ExportItems(AdminExportRequest request, ServerCallContext context)
    {
        LastExport = request;
        return Task.FromResult(new ExportedDocument
        {
            MediaType = "application/stix+json;version=2.1",
            Document = ByteString.CopyFromUtf8(ExportedText),
            Items = (uint)request.ItemIds.Count,
        });
    }

    public override Task<ImportResponse> ImportItems(AdminImportRequest request, ServerCallContext context)
    {
        LastImport = request;
        return Task.FromResult(ImportAnswer);
    }
}
