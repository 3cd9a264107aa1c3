using System.CommandLine;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Peers;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Ceptoar.AdminCli.Rules;

/// <summary>`rules test`: the dry run. Which rule fires for a stored item or a draft, why, and what the node would do.</summary>
internal static class RulesTestCommand
{
    private const string RulesTextPrefix = "rules_text, ";

    public static Command Create(NodeOptions options)
    {
        var item = new Option<string?>("--item") { Description = "An item stored on this node (its id, as `items list` shows it).", HelpName = "ITEM-ID" };
        item.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (!ArgumentRules.IsItemId(value))
            {
                result.AddError($"--item '{value}' is not an item id: item ids are UUIDs such as 01890a5d-ac96-774b-bcce-b302099a8057.");
            }
        });
        var draft = new Option<string?>("--draft")
        {
            Description = "A draft report in protobuf JSON (an ItemDraft, as a member system sends in Submit), tested as if --member submitted it.",
            HelpName = "FILE.json",
        };
        var member = new Option<string?>("--member") { Description = "With --draft: the member of this node that would submit it.", HelpName = "MEMBER-ID" };
        ArgumentRules.RequireMemberId(member);
        var from = new Option<string?>("--from") { Description = "With --item from another node: the peer it came from (default: its origin).", HelpName = "NODE-ID" };
        from.Validators.Add(result =>
        {
            if (PeerArguments.NodeIdProblem(result.GetValueOrDefault<string?>()) is { } problem)
            {
                result.AddError("--from " + problem);
            }
        });
        var rules = new Option<string?>("--rules") { Description = "Test this rule file instead of the active rules (e.g. before `rules import`).", HelpName = "FILE" };

        var command = new Command(
            "test",
            "Dry run: which rule fires for an item or a draft, why the rules above it did not, and what the node would do (label, members, forwarding, attribution, hold, retention). Nothing is stored or sent.")
        {
            item, draft, member, from, rules,
        };
        command.Validators.Add(result =>
        {
            var hasItem = result.GetResult(item) is not null;
            var hasDraft = result.GetResult(draft) is not null;
            if (hasItem == hasDraft)
            {
                result.AddError("give either --item ITEM-ID (an item stored here) or --draft FILE.json --member MEMBER-ID (a report as that member would submit it).");
            }
            else if (hasDraft && result.GetResult(member) is null)
            {
                result.AddError("--draft needs --member MEMBER-ID: the member of this node that would submit it decides sector, tags and member conditions.");
            }
            else if (hasItem && result.GetResult(member) is not null)
            {
                result.AddError("--member goes with --draft only: a stored item is tested as submitted by the member recorded with it.");
            }
            else if (hasDraft && result.GetResult(from) is not null)
            {
                result.AddError("--from goes with --item only: a draft is tested as submitted here.");
            }
        });
        NodeAction.Set(command, options, async call =>
        {
            var request = new TestRulesRequest { MemberId = call.Get(member) ?? "", FromPeer = call.Get(from) ?? "" };
            if (call.Get(item) is { } itemId)
            {
                request.ItemId = itemId.Trim().ToLowerInvariant();
            }
            else
            {
                request.Draft = ReadDraft(call.Require(draft)!);
            }

            var rulesPath = call.Get(rules);
            if (rulesPath is not null)
            {
                request.RulesText = RuleFiles.Read(rulesPath);
            }

            TestRulesResponse response;
            try
            {
                response = await call.Client.TestRulesAsync(request, call.Options);
            }
            catch (RpcException e) when (rulesPath is not null && RuleFiles.FileErrors(e, RuleFiles.DisplayName(rulesPath), RulesTextPrefix) is { } errors)
            {
                return await RulesFileCommands.RefusedAsync(call, errors, $"nothing was tested: fix the errors above in {RuleFiles.DisplayName(rulesPath)} first.");
            }

            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            call.Output.Line(rulesPath is null
                ? "dry run against the active rules (nothing is stored or sent):"
                : $"dry run against {RuleFiles.DisplayName(rulesPath)} (nothing is stored or sent; the active rules are not changed):");
            call.Output.Line(response.Explanation);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static ItemDraft ReadDraft(string path)
    {
        var text = RuleFiles.Read(path);
        try
        {
            return JsonParser.Default.Parse<ItemDraft>(text);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException)
        {
            throw new UsageException(
                $"{RuleFiles.DisplayName(path)} is not a draft in protobuf JSON: {e.Message}. Write an ItemDraft (proto/member.proto) with camelCase field names and enum names, e.g. {{\"kind\": \"ITEM_KIND_INCIDENT_REPORT\", \"tlp\": \"TLP_GREEN\", \"body\": {{\"title\": \"...\"}}}}.");
        }
    }
}
