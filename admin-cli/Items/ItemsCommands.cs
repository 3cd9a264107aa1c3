using System.CommandLine;
using Ceptoar.AdminCli.Input;
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
        var items = new Command("items", "Search the items this node holds and inspect one with its signed envelope.");
        options.AddTo(items);
        items.Subcommands.Add(List(options));
        items.Subcommands.Add(Show(options));
        items.Subcommands.Add(ItemStatusCommand.Create(options));
        items.Subcommands.Add(ItemFetchCommand.Create(options));
        return items;
    }

    private static Command List(NodeOptions options)
    {
        var kinds = Vocabulary.Kind.Option("--kind", "Only items of this kind.");
        var labels = Vocabulary.Tlp.Option("--tlp", "Only items with this TLP label.");
        var origin = new Option<string?>("--origin") { Description = "Only items created by this node (its node id).", HelpName = "NODE-ID" };
        var member = new Option<string?>("--member") { Description = "Only items submitted here by this member.", HelpName = "MEMBER-ID" };
        ArgumentRules.RequireMemberId(member);
        var text = new Option<string?>("--text") { Description = "Only items whose title or text contains this.", HelpName = "TEXT" };
        var from = ArgumentRules.TimeOption("--from", "Only items created at or after this time (UTC unless an offset is given).");
        var to = ArgumentRules.TimeOption("--to", "Only items created before this time (UTC unless an offset is given).");
        var limit = new Option<uint?>("--limit") { Description = $"At most this many items (1 to {MaxPageSize}; the node's default otherwise).", HelpName = "N" };
        ArgumentRules.RequireRange(limit, 1, MaxPageSize);
        var pageToken = new Option<string?>("--page-token") { Description = "Continue a previous listing from where it stopped (the token it printed).", HelpName = "TOKEN" };

        var command = new Command("list", "List items, filtered by kind, label, origin, member, text and time.")
        {
            kinds, labels, origin, member, text, from, to, limit, pageToken,
        };
        NodeAction.Set(command, options, async call =>
        {
            if (call.Get(from) is { } start && call.Get(to) is { } end && start > end)
            {
                throw new UsageException($"--from {Formats.Time(start)} is after --to {Formats.Time(end)}: swap them.");
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
                call.Output.Line("no items match.");
            }
            else
            {
                call.Output.Rows(
                    ["Id", "Cursor", "Created", "Origin", "Kind", "TLP", "Exercise", "Title", "Submitted by"],
                    response.Items.Select(i => new[]
                    {
                        i.ItemId, Formats.Number(i.Cursor), Formats.Time(i.CreatedAt), i.OriginNode, Vocabulary.Kind.Format(i.Kind),
                        Vocabulary.TlpLabel(i.Tlp), i.Exercise ? "EXERCISE" : string.Empty, i.Sealed ? "(sealed: ciphertext only)" : i.Title, i.SubmittedByMember,
                    }));
            }

            if (response.NextPageToken.Length > 0)
            {
                call.Output.Line($"more items: add --page-token {response.NextPageToken}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(NodeOptions options)
    {
        var id = new Argument<string>("ITEM-ID") { Description = "The item's id (a UUID), as `items list` shows it." };
        id.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!ArgumentRules.IsItemId(value))
            {
                result.AddError($"'{value}' is not an item id: item ids are UUIDs such as 01890a5d-ac96-774b-bcce-b302099a8057.");
            }
        });
        var raw = new Option<bool>("--raw") { Description = "Print only the stored envelope bytes, base64-encoded (pipe to `base64 -d` for the file)." };
        var command = new Command("show", "Show one item: summary, content, envelope size and whether its signature verifies now.") { id, raw };
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
        var verification = item.Verification ?? new SignatureCheck { Problem = "the node did not report a verification result" };
        var verdict = verification.Valid ? "valid" : $"INVALID: {verification.Problem}";
        output.Fields([
            ("Id", summary.ItemId),
            ("Title", summary.Sealed ? "(sealed: this node relays it and cannot read it)" : summary.Title),
            ("Kind", Vocabulary.Kind.Format(summary.Kind)),
            ("TLP", Vocabulary.TlpLabel(summary.Tlp)),
            ("Exercise", summary.Exercise ? "yes (drill traffic, not a real incident)" : "no"),
            ("Origin node", summary.OriginNode),
            ("Submitted by", summary.SubmittedByMember),
            ("Created", Formats.Time(summary.CreatedAt)),
            ("Received", Formats.Time(summary.ReceivedAt)),
            ("Cursor", Formats.Number(summary.Cursor)),
            ("Envelope", $"{item.Envelope?.PayloadType} ({Formats.Bytes((ulong)item.EnvelopeBytes.Length)})"),
            ("Signature", verdict),
            ("Signer", verification.SignerNode),
            ("Key id", verification.KeyId),
        ]);
        if (item.Item is not null)
        {
            output.Line();
            output.Line("Item:");
            output.Json(item.Item);
        }
    }

    private static ReadOnlyMemory<byte> EnvelopeBytes(AdminItem item, TextWriter error)
    {
        if (!item.EnvelopeBytes.IsEmpty)
        {
            return item.EnvelopeBytes.Memory;
        }

        // Re-serialising is not byte-exact (protobuf is not canonical), so say so rather than pass it off as the stored bytes.
        error.WriteLine("warning: the node sent no stored envelope bytes; printing the envelope re-serialised, which may differ byte for byte.");
        return item.Envelope?.ToByteArray() ?? [];
    }

    private static Timestamp? ToTimestamp(DateTimeOffset? time) => time is { } value ? Timestamp.FromDateTimeOffset(value) : null;
}
