using System.CommandLine;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
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
        var item = new Option<string?>("--item") { Description = RulesText.TestItemDescription, HelpName = "ITEM-ID" };
        item.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (!ArgumentRules.IsItemId(value))
            {
                result.AddError(Localized.Format(RulesText.TestItemNotId, value));
            }
        });
        var draft = new Option<string?>("--draft")
        {
            Description = RulesText.TestDraftDescription,
            HelpName = "FILE.json",
        };
        var member = new Option<string?>("--member") { Description = RulesText.TestMemberDescription, HelpName = "MEMBER-ID" };
        ArgumentRules.RequireMemberId(member);
        var from = new Option<string?>("--from") { Description = RulesText.TestFromDescription, HelpName = "NODE-ID" };
        from.Validators.Add(result =>
        {
            if (PeerArguments.NodeIdProblem(result.GetValueOrDefault<string?>()) is { } problem)
            {
                result.AddError("--from " + problem);
            }
        });
        var rules = new Option<string?>("--rules") { Description = RulesText.TestRulesDescription, HelpName = "FILE" };

        var command = new Command(
            "test",
            RulesText.TestDescription)
        {
            item, draft, member, from, rules,
        };
        command.Validators.Add(result =>
        {
            var hasItem = result.GetResult(item) is not null;
            var hasDraft = result.GetResult(draft) is not null;
            if (hasItem == hasDraft)
            {
                result.AddError(RulesText.TestNeedsInput);
            }
            else if (hasDraft && result.GetResult(member) is null)
            {
                result.AddError(RulesText.TestDraftNeedsMember);
            }
            else if (hasItem && result.GetResult(member) is not null)
            {
                result.AddError(RulesText.TestMemberOnlyWithDraft);
            }
            else if (hasDraft && result.GetResult(from) is not null)
            {
                result.AddError(RulesText.TestFromOnlyWithItem);
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
                return await RulesFileCommands.RefusedAsync(call, errors, Localized.Format(RulesText.NothingTested, RuleFiles.DisplayName(rulesPath)));
            }

            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            call.Output.Line(rulesPath is null
                ? RulesText.DryRunActive
                : Localized.Format(RulesText.DryRunFile, RuleFiles.DisplayName(rulesPath)));
            call.Output.Line(response.Explanation);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>An ItemDraft in protobuf JSON from a file or stdin ("-"): the format `items submit --file` takes too.</summary>
    internal static ItemDraft ReadDraft(string path)
    {
        var text = RuleFiles.Read(path);
        try
        {
            return JsonParser.Default.Parse<ItemDraft>(text);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException)
        {
            throw new UsageException(
                Localized.Format(RulesText.DraftNotJson, RuleFiles.DisplayName(path), e.Message));
        }
    }
}
