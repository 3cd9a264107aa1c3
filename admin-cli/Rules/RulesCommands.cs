using System.CommandLine;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.AdminCli.Rules;

/// <summary>`rules …`: the node's handling rules (情報の取扱ルール), an ordered list where the first match fires.</summary>
internal static class RulesCommands
{
    /// <summary>"1 rule" or "3 rules": the count with its noun, in the reader's language.</summary>
    public static string RuleCount(int count) => count == 1 ? RulesText.OneRule : Localized.Format(RulesText.ManyRules, count);

    public static Command Create()
    {
        var options = new NodeOptions();
        var rules = new Command(
            "rules",
            RulesText.RulesDescription);
        options.AddTo(rules);
        rules.Subcommands.Add(List(options));
        rules.Subcommands.Add(Show(options));
        rules.Subcommands.Add(Add(options));
        rules.Subcommands.Add(Remove(options));
        rules.Subcommands.Add(Move(options));
        rules.Subcommands.Add(RulesFileCommands.Export(options));
        rules.Subcommands.Add(RulesFileCommands.Import(options));
        rules.Subcommands.Add(RulesTestCommand.Create(options));
        return rules;
    }

    public static Argument<string> NameArgument(string description)
    {
        var argument = new Argument<string>("NAME") { Description = description };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!RuleNames.IsValidRuleName(value))
            {
                result.AddError(Localized.Format(RulesText.NotARuleName, value, RuleNames.RuleNameRule));
            }
        });
        return argument;
    }

    /// <summary>Prints a changed set: under --json the set alone, else what changed, then the list.</summary>
    public static int Changed(NodeCall call, RuleSetView view, string summary)
    {
        if (call.Json)
        {
            call.Output.Json(view);
            return ExitCodes.Ok;
        }

        call.Output.Line(summary);
        RuleViews.Print(call.Output, view);
        return ExitCodes.Ok;
    }

    /// <summary>The active set's etag, sent with a change so that one made meanwhile by another admin is not overwritten.</summary>
    public static async Task<RuleSetView> CurrentAsync(NodeCall call) => await call.Client.ListRulesAsync(new ListRulesRequest(), call.Options);

    private static Command List(NodeOptions options)
    {
        var command = new Command("list", RulesText.ListDescription);
        NodeAction.Set(command, options, async call =>
        {
            var view = await CurrentAsync(call);
            if (call.Json)
            {
                call.Output.Json(view);
                return ExitCodes.Ok;
            }

            RuleViews.Print(call.Output, view);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(NodeOptions options)
    {
        var name = NameArgument(RulesText.RuleNameDescription);
        var command = new Command("show", RulesText.ShowDescription) { name };
        NodeAction.Set(command, options, async call =>
        {
            var rule = await call.Client.GetRuleAsync(new GetRuleRequest { Name = call.Require(name) }, call.Options);
            if (call.Json)
            {
                call.Output.Json(rule);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(RulesText.PositionComment, rule.Position));
            call.Output.Writer.Write(rule.Text);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add(NodeOptions options)
    {
        var file = new Option<string>("--file")
        {
            Description = RulesText.AddFileDescription,
            HelpName = "FILE",
            Required = true,
        };
        var position = new Option<uint?>("--position")
        {
            Description = RulesText.AddPositionDescription,
            HelpName = "N",
        };
        ArgumentRules.RequireRange(position, 1, RuleSet.MaxRules);
        var command = new Command("add", RulesText.AddDescription) { file, position };
        NodeAction.Set(command, options, async call =>
        {
            var path = call.Require(file);
            var text = RuleFiles.Read(path);
            var before = await CurrentAsync(call);
            RuleSetView after;
            try
            {
                after = await call.Client.AddRuleAsync(
                    new AddRuleRequest { Text = text, Position = call.Get(position) ?? 0, ExpectedEtag = before.Etag }, call.Options);
            }
            catch (RpcException e) when (RuleFiles.FileErrors(e, RuleFiles.DisplayName(path)) is { } errors)
            {
                return await RulesFileCommands.RefusedAsync(call, errors, RulesText.NotAdded);
            }

            var added = after.Rules.FirstOrDefault(r => before.Rules.All(b => b.Name != r.Name));
            return Changed(call, after, added is null ? RulesText.NothingChanged : Localized.Format(RulesText.RuleAdded, added.Name, added.Position));
        });
        return command;
    }

    private static Command Remove(NodeOptions options)
    {
        var name = NameArgument(RulesText.RemoveNameDescription);
        var command = new Command("remove", RulesText.RemoveDescription) { name };
        NodeAction.Set(command, options, async call =>
        {
            var before = await CurrentAsync(call);
            var after = await call.Client.RemoveRuleAsync(new RemoveRuleRequest { Name = call.Require(name), ExpectedEtag = before.Etag }, call.Options);
            return Changed(call, after, Localized.Format(RulesText.RuleRemoved, call.Require(name), RuleCount(after.Rules.Count)));
        });
        return command;
    }

    private static Command Move(NodeOptions options)
    {
        var name = NameArgument(RulesText.MoveNameDescription);
        var to = new Option<uint>("--to") { Description = RulesText.MoveToDescription, HelpName = "N", Required = true };
        to.Validators.Add(result =>
        {
            if (ArgumentRules.TryGetValue<uint>(result, out var position) && position is < 1 or > RuleSet.MaxRules)
            {
                result.AddError(Localized.Format(RulesText.MoveToOutOfRange, position));
            }
        });
        var command = new Command("move", RulesText.MoveDescription) { name, to };
        NodeAction.Set(command, options, async call =>
        {
            var before = await CurrentAsync(call);
            var after = await call.Client.MoveRuleAsync(
                new MoveRuleRequest { Name = call.Require(name), Position = call.Require(to), ExpectedEtag = before.Etag }, call.Options);
            return Changed(call, after, Localized.Format(RulesText.RuleMoved, call.Require(name), call.Require(to)));
        });
        return command;
    }
}
