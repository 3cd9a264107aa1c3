using System.CommandLine;
using Ceptoar.AdminCli.Authoring;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.AdminCli.Items;

/// <summary>`items …`: the items this node holds, with their envelopes and signature checks.</summary>
internal static class ItemsCommands
{
    private const uint MaxPageSize = 1000;

    public static Command Create()
    {
        var options = new NodeOptions();
        var items = new Command("items", ItemsText.ItemsDescription);
        options.AddTo(items);
        items.Subcommands.Add(List(options));
        items.Subcommands.Add(Show(options));
        items.Subcommands.Add(ItemStatusCommand.Create(options));
        items.Subcommands.Add(ItemFetchCommand.Create(options));
        items.Subcommands.Add(ItemSubmitCommand.Create(options));
        items.Subcommands.Add(ItemNewCommand.Create(options));
        items.Subcommands.Add(ItemAckCommand.Create(options));
        items.Subcommands.Add(ItemWithdrawCommands.Revoke(options));
        items.Subcommands.Add(ItemWithdrawCommands.Correct(options));
        items.Subcommands.Add(ItemInterchangeCommands.Export(options));
        items.Subcommands.Add(ItemInterchangeCommands.Import(options));
        return items;
    }

    private static Command List(NodeOptions options)
    {
        var kinds = Vocabulary.Kind.Option("--kind", ItemsText.KindDescription);
        var labels = Vocabulary.Tlp.Option("--tlp", ItemsText.TlpDescription);
        var origin = new Option<string?>("--origin") { Description = ItemsText.OriginDescription, HelpName = "NODE-ID" };
        var member = new Option<string?>("--member") { Description = ItemsText.MemberDescription, HelpName = "MEMBER-ID" };
        ArgumentRules.RequireMemberId(member);
        var text = new Option<string?>("--text") { Description = ItemsText.TextDescription, HelpName = "TEXT" };
        var from = ArgumentRules.TimeOption("--from", ItemsText.FromDescription);
        var to = ArgumentRules.TimeOption("--to", ItemsText.ToDescription);
        var limit = new Option<uint?>("--limit") { Description = Localized.Format(ItemsText.LimitDescription, MaxPageSize), HelpName = "N" };
        ArgumentRules.RequireRange(limit, 1, MaxPageSize);
        var pageToken = new Option<string?>("--page-token") { Description = ItemsText.PageTokenDescription, HelpName = "TOKEN" };

        var command = new Command("list", ItemsText.ListDescription)
        {
            kinds, labels, origin, member, text, from, to, limit, pageToken,
        };
        NodeAction.Set(command, options, async call =>
        {
            if (call.Get(from) is { } start && call.Get(to) is { } end && start > end)
            {
                throw new UsageException(Localized.Format(CommonText.FromAfterTo, Formats.Time(start), Formats.Time(end)));
            }

            var request = new AdminListItemsRequest
            {
                OriginNode = call.Get(origin)?.Trim() ?? string.Empty,
                SubmittedByMember = call.Get(member) ?? string.Empty,
                Text = call.Get(text)?.Trim() ?? string.Empty,
                PageSize = call.Get(limit) ?? 0,
                PageToken = call.Get(pageToken) ?? string.Empty,
                CreatedFrom = ToTimestamp(call.Get(from)),
                CreatedTo = ToTimestamp(call.Get(to)),
            };
            request.Kinds.Add(call.Get(kinds) ?? []);
            request.Labels.Add(call.Get(labels) ?? []);
            var response = await call.Client.ListItemsAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            if (response.Items.Count == 0)
            {
                call.Output.Line(ItemsText.NoItems);
            }
            else
            {
                call.Output.Rows(
                    [CommonText.Id, ItemsText.CursorHeader, CommonText.Created, ItemsText.OriginHeader, CommonText.Kind, "TLP", CommonText.Exercise, CommonText.Title, ItemsText.SubmittedByHeader],
                    response.Items.Select(i => new[]
                    {
                        i.ItemId, Formats.Number(i.Cursor), Formats.Time(i.CreatedAt), i.OriginNode, Vocabulary.Kind.Format(i.Kind),
                        Vocabulary.TlpLabel(i.Tlp), i.Exercise ? CommonText.ExerciseMark : string.Empty, i.Sealed ? ItemsText.SealedCiphertextOnly : i.Title, i.SubmittedByMember,
                    }));
            }

            if (response.NextPageToken.Length > 0)
            {
                call.Output.Line(Localized.Format(ItemsText.MoreItems, response.NextPageToken));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(NodeOptions options)
    {
        var id = new Argument<string>("ITEM-ID") { Description = ItemsText.ShowIdDescription };
        id.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!ArgumentRules.IsItemId(value))
            {
                result.AddError(Localized.Format(CommonText.NotAnItemId, value));
            }
        });
        var raw = new Option<bool>("--raw") { Description = ItemsText.RawDescription };
        var command = new Command("show", ItemsText.ShowDescription) { id, raw };
        NodeAction.Set(command, options, async call =>
        {
            var item = await call.Client.GetItemAsync(new AdminGetItemRequest { ItemId = call.Require(id).Trim() }, call.Options);
            if (call.Get(raw))
            {
                call.Output.Line(Convert.ToBase64String(EnvelopeBytes(item, call.Error).Span));
                return ExitCodes.Ok;
            }

            if (call.Json)
            {
                call.Output.Json(item);
                return ExitCodes.Ok;
            }

            Print(item, call.Output);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(AdminItem item, CliOutput output)
    {
        var summary = item.Summary ?? new AdminItemSummary();
        var verification = item.Verification ?? new SignatureCheck { Problem = ItemsText.NoVerificationResult };
        var verdict = verification.Valid ? ItemsText.SignatureValid : Localized.Format(ItemsText.SignatureInvalid, verification.Problem);
        output.Fields([
            (CommonText.Id, summary.ItemId),
            (CommonText.Title, summary.Sealed ? ItemsText.SealedRelayOnly : summary.Title),
            (CommonText.Kind, Vocabulary.Kind.Format(summary.Kind)),
            ("TLP", Vocabulary.TlpLabel(summary.Tlp)),
            (CommonText.Exercise, summary.Exercise ? ItemsText.ExerciseYes : CommonText.No),
            (ItemsText.OriginNodeHeader, summary.OriginNode),
            (ItemsText.SubmittedByHeader, summary.SubmittedByMember),
            (CommonText.Created, Formats.Time(summary.CreatedAt)),
            (ItemsText.ReceivedHeader, Formats.Time(summary.ReceivedAt)),
            (ItemsText.CursorHeader, Formats.Number(summary.Cursor)),
            (ItemsText.EnvelopeHeader, $"{item.Envelope?.PayloadType} ({Formats.Bytes((ulong)item.EnvelopeBytes.Length)})"),
            (ItemsText.SignatureHeader, verdict),
            (ItemsText.SignerHeader, verification.SignerNode),
            (CommonText.KeyId, verification.KeyId),
            (ItemsText.KeyRevokedHeader, KeyRevoked(verification.RevokedKey)),
        ]);
        if (item.Item is not null)
        {
            output.Line();
            output.Line(ItemsText.ItemHeading);
            output.Json(item.Item);
        }
    }

    /// <summary>The flag of a kept item whose signing key was revoked after it was signed (docs/LIFECYCLE.md §3); empty otherwise.</summary>
    public static string KeyRevoked(KeyRevocationFlag? flag) => flag is null
        ? ""
        : Localized.Format(ItemsText.KeyRevokedFlag, flag.KeyId, Formats.Time(flag.RevokedAt), flag.Reason, flag.ListVersion);

    private static ReadOnlyMemory<byte> EnvelopeBytes(AdminItem item, TextWriter error)
    {
        if (!item.EnvelopeBytes.IsEmpty)
        {
            return item.EnvelopeBytes.Memory;
        }

        // Re-serialising is not byte-exact (protobuf is not canonical), so say so rather than pass it off as the stored bytes.
        error.WriteLine(ItemsText.NoStoredEnvelope);
        return item.Envelope?.ToByteArray() ?? [];
    }

    private static Timestamp? ToTimestamp(DateTimeOffset? time) => time is { } value ? Timestamp.FromDateTimeOffset(value) : null;
}
