using System.CommandLine;
using Ceptoar.AdminCli.Authoring;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.AdminCli.Items;

/// <summary>
/// `items export --format stix|misp ITEM-ID…` and `items import --format stix|misp FILE`: stored items as a STIX 2.1
/// bundle or MISP events, and a bundle or event submitted as the staff person's reports (docs/INTERCHANGE.md).
/// </summary>
internal static class ItemInterchangeCommands
{
    // The node refuses a document over Limits:MaxRequestBytes anyway; a file far above any real bundle is the wrong file.
    private const long MaxFileBytes = 64 * 1024 * 1024;

    public static Command Export(NodeOptions options)
    {
        var format = FormatOption();
        var ids = new Argument<string[]>("ITEM-ID") { Description = ItemsText.ExportIdsDescription, Arity = ArgumentArity.OneOrMore };
        ids.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!ArgumentRules.IsItemId(value.Trim()))
                {
                    result.AddError(Localized.Format(CommonText.NotAnItemId, value));
                }
            }
        });
        var output = new Option<string?>("--out") { Description = ItemsText.ExportOutDescription, HelpName = "FILE" };
        var force = new Option<bool>("--force") { Description = ItemsText.ExportForceDescription };
        var command = new Command("export", ItemsText.ExportDescription) { format, ids, output, force };
        NodeAction.Set(command, options, async call =>
        {
            var request = new AdminExportRequest { Format = Format(call.Get(format)) };
            request.ItemIds.AddRange(call.Require(ids).Select(id => id.Trim()));
            var document = await call.Client.ExportItemsAsync(request, call.Options);
            var text = document.Document.ToStringUtf8();
            if (call.Get(output) is { Length: > 0 } path)
            {
                Rules.RuleFiles.Write(path, text, call.Get(force));
                // The document went to the file; the terminal says what and where, in the reader's language.
                call.Output.Line(Localized.Format(ItemsText.Exported, document.Items, path));
            }
            else
            {
                call.Output.Line(text);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Import(NodeOptions options)
    {
        var format = FormatOption();
        var file = new Argument<string>("FILE") { Description = ItemsText.ImportFileDescription };
        var tlp = new Option<string?>("--tlp") { Description = ItemsText.ImportTlpDescription, HelpName = "TLP-LABEL" };
        tlp.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !Vocabulary.Tlp.TryParse(value, out _))
            {
                result.AddError("--tlp: " + Vocabulary.Tlp.Problem(value));
            }
        });
        var partial = new Option<bool>("--partial") { Description = ItemsText.ImportPartialDescription };
        var acceptCopies = new Option<bool>("--accept-copies") { Description = ItemsText.ImportAcceptCopiesDescription };
        var nodes = new Option<string[]>("--node") { Description = ItemsText.ImportNodeDescription, HelpName = "NODE-ID", AllowMultipleArgumentsPerToken = false };
        var sectors = new Option<string[]>("--sector") { Description = ItemsText.ImportSectorDescription, HelpName = "SECTOR" };
        var staff = ItemSubmitCommand.StaffOption();
        var command = new Command("import", ItemsText.ImportDescription) { format, file, tlp, partial, acceptCopies, nodes, sectors, staff };
        NodeAction.Set(command, options, async call =>
        {
            var request = new AdminImportRequest
            {
                Format = Format(call.Get(format)),
                Document = ByteString.CopyFrom(ReadDocument(call.Require(file))),
                Partial = call.Get(partial),
                AcceptCopies = call.Get(acceptCopies),
                StaffName = ItemSubmitCommand.StaffName(call.Get(staff)),
            };
            if (call.Get(nodes) is { Length: > 0 } || call.Get(sectors) is { Length: > 0 })
            {
                // STIX and MISP name no recipients: these address every report of the document (AMBER and stricter need them).
                request.Audience = new Audience { Nodes = { call.Get(nodes) ?? [] }, Sectors = { call.Get(sectors) ?? [] } };
            }

            if (call.Get(tlp) is { } label && Vocabulary.Tlp.TryParse(label, out var parsed))
            {
                request.FallbackTlp = parsed;
            }

            var response = await call.Client.ImportItemsAsync(request, call.Options);
            return Report(call, response);
        });
        return command;
    }

    private static int Report(NodeCall call, ImportResponse response)
    {
        if (call.Json)
        {
            call.Output.Json(response);
            return response.Refused.Count == 0 ? ExitCodes.Ok : ExitCodes.Refused;
        }

        call.Output.Rows(
            [ItemsText.ImportSourceHeader, ItemsText.ImportItemHeader, ItemsText.ImportStatusHeader],
            response.Items.Select(i => (IReadOnlyList<string?>)[i.SourceId, i.Submitted.ItemId,
                i.Submitted.Duplicate ? ItemsText.ImportDuplicate : i.Submitted.Status]));
        foreach (var refused in response.Refused)
        {
            call.Output.Line(Localized.Format(ItemsText.ImportRefused, refused.SourceId, refused.Reason, refused.Code));
        }

        call.Output.Line(Localized.Format(ItemsText.ImportSummary, response.Items.Count, response.Items.Count(i => i.Submitted.Duplicate), response.Refused.Count));
        // With --partial the node stored what it could: a refusal still needs a person's look, so the exit code says so.
        return response.Refused.Count == 0 ? ExitCodes.Ok : ExitCodes.Refused;
    }

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = ItemsText.FormatDescription, HelpName = "stix|misp", Required = true };
        format.AcceptOnlyFromAmong("stix", "misp");
        return format;
    }

    private static InterchangeFormat Format(string? name) => name == "misp" ? InterchangeFormat.Misp : InterchangeFormat.Stix;

    /// <summary>The document's bytes as they are (the node reads them as UTF-8 JSON), or stdin for "-"; a file that cannot be read is a usage error.</summary>
    private static byte[] ReadDocument(string path)
    {
        if (path == Rules.RuleFiles.StdinName)
        {
            using var stdin = Console.OpenStandardInput();
            using var copy = new MemoryStream();
            stdin.CopyTo(copy);
            return copy.ToArray();
        }

        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new UsageException(Localized.Format(ItemsText.ImportFileMissing, path));
            }

            if (info.Length > MaxFileBytes)
            {
                throw new UsageException(Localized.Format(ItemsText.ImportFileTooBig, path, info.Length, MaxFileBytes));
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException(Localized.Format(ItemsText.ImportCannotRead, path, e.Message));
        }
    }
}
