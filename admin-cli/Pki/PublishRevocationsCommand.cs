using System.CommandLine;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.AdminCli.Pki;

/// <summary>`pki publish-revocations FILE`: hands a root-signed revocation list to the node, which passes it to the federation (docs/LIFECYCLE.md §3).</summary>
internal static class PublishRevocationsCommand
{
    public static Command Create()
    {
        var options = new NodeOptions();
        var file = new Argument<string>("FILE") { Description = PkiText.PublishFileDescription };
        var command = new Command("publish-revocations", PkiText.PublishDescription) { file };
        options.AddTo(command);
        NodeAction.Set(command, options, async call =>
        {
            var path = call.Require(file);
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException(Localized.Format(PkiText.PublishFileUnreadable, path, e.Message));
            }

            var view = await call.Client.PublishRevocationsAsync(new PublishRevocationsRequest { Envelope = ByteString.CopyFrom(bytes) }, call.Options);
            if (call.Json)
            {
                call.Output.Json(view);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(view.Replaced ? PkiText.PublishTaken : PkiText.PublishAlreadyHeld, view.Version, Formats.Time(view.IssuedAt), view.Root));
            call.Output.Line(Localized.Format(PkiText.PublishCounts, view.Certificates, view.SigningKeys));
            return ExitCodes.Ok;
        });
        return command;
    }
}
