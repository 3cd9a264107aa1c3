using System.CommandLine;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Node;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.AdminCli.Rules;

/// <summary>`rules …`: the node's handling rules (情報の取扱ルール), an ordered list where the first match fires.</summary>
internal static class RulesCommands
{
    public static Command Create()
    {
        var options = new NodeOptions();
        var rules = new Command(
            "rules",
            "List, add, move, remove, export and import the node's handling rules, and dry-run them on an item or a draft (format: RULES-FORMAT.md).");
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
                result.AddError($"'{value}' is not a rule name: rule names are {RuleNames.RuleNameRule}.");
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
        var command = new Command("list", "List the rules in the order they are tried, with their conditions, actions and the set's etag.");
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
        var name = NameArgument("The rule's name, as `rules list` shows it.");
        var command = new Command("show", "Show one rule as a block of the rule file (pipe it to `rules add --file -` on another node).") { name };
        NodeAction.Set(command, options, async call =>
        {
            var rule = await call.Client.GetRuleAsync(new GetRuleRequest { Name = call.Require(name) }, call.Options);
            if (call.Json)
            {
                call.Output.Json(rule);
                return ExitCodes.Ok;
            }

            call.Output.Line($"# position {rule.Position}: tried after the rules above it, before those below");
            call.Output.Writer.Write(rule.Text);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add(NodeOptions options)
    {
        var file = new Option<string>("--file")
        {
            Description = "A file holding one rule block (rule NAME, description, when, then); - reads it from standard input.",
            HelpName = "FILE",
            Required = true,
        };
        var position = new Option<uint?>("--position")
        {
            Description = "Where to put it: 1 = first, tried before all others. Default: the last place where it can still fire, just above the first rule without conditions (such as tlp-default).",
            HelpName = "N",
        };
        ArgumentRules.RequireRange(position, 1, RuleSet.MaxRules);
        var command = new Command("add", "Add one rule. Specific rules (exceptions) go above general ones: the first rule that matches fires.") { file, position };
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
                return await RulesFileCommands.RefusedAsync(call, errors, "the rule was not added; the active rules are unchanged.");
            }

            var added = after.Rules.FirstOrDefault(r => before.Rules.All(b => b.Name != r.Name));
            return Changed(call, after, added is null ? "nothing changed." : $"rule {added.Name} added at position {added.Position}.");
        });
        return command;
    }

    private static Command Remove(NodeOptions options)
    {
        var name = NameArgument("The rule to remove, as `rules list` shows it.");
        var command = new Command("remove", "Remove one rule. With no rule left, every item gets the built-in default (the conservative reading of TLP).") { name };
        NodeAction.Set(command, options, async call =>
        {
            var before = await CurrentAsync(call);
            var after = await call.Client.RemoveRuleAsync(new RemoveRuleRequest { Name = call.Require(name), ExpectedEtag = before.Etag }, call.Options);
            return Changed(call, after, $"rule {call.Require(name)} removed; {after.Rules.Count} rule{(after.Rules.Count == 1 ? "" : "s")} left.");
        });
        return command;
    }

    private static Command Move(NodeOptions options)
    {
        var name = NameArgument("The rule to move, as `rules list` shows it.");
        var to = new Option<uint>("--to") { Description = "Its new position: 1 = first, tried before all others.", HelpName = "N", Required = true };
        to.Validators.Add(result =>
        {
            if (ArgumentRules.TryGetValue<uint>(result, out var position) && position is < 1 or > RuleSet.MaxRules)
            {
                result.AddError($"--to must be a position from 1 (first) to the number of rules, not {position}.");
            }
        });
        var command = new Command("move", "Move one rule to another position; the rules between shift by one.") { name, to };
        NodeAction.Set(command, options, async call =>
        {
            var before = await CurrentAsync(call);
            var after = await call.Client.MoveRuleAsync(
                new MoveRuleRequest { Name = call.Require(name), Position = call.Require(to), ExpectedEtag = before.Etag }, call.Options);
            return Changed(call, after, $"rule {call.Require(name)} is now at position {call.Require(to)}.");
        });
        return command;
    }
}
