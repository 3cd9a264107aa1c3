using System.CommandLine;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Members;

/// <summary>`members …`: the member companies of this node.</summary>
internal static class MembersCommands
{
    public static Command Create()
    {
        var options = new NodeOptions();
        var members = new Command("members", "Add, list, show and disable the member companies of this node.");
        options.AddTo(members);
        members.Subcommands.Add(Add(options));
        members.Subcommands.Add(List(options));
        members.Subcommands.Add(Show(options));
        members.Subcommands.Add(Disable(options));
        return members;
    }

    private static Command Add(NodeOptions options)
    {
        var id = ArgumentRules.MemberIdArgument("The new member's id: 2 to 64 characters of a-z, 0-9 and '-', e.g. mizuho-bank. It cannot be changed later.");
        var nameJa = new Option<string>("--name-ja") { Description = "The member's name in Japanese, e.g. 株式会社みずほ銀行.", HelpName = "NAME", Required = true };
        var nameEn = new Option<string>("--name-en") { Description = "The member's name in English, e.g. Mizuho Bank, Ltd.", HelpName = "NAME", Required = true };
        var sector = new Option<string>("--sector") { Description = "The member's sector code (see data/ceptoars-2014.json), e.g. finance.", HelpName = "CODE", Required = true };
        var tags = new Option<string[]>("--tag") { Description = "A tag handling rules can match (sub-sector, region, size...). Repeat for several.", HelpName = "TAG" };
        var email = new Option<string?>("--email") { Description = "The member's contact e-mail address.", HelpName = "ADDRESS" };
        ArgumentRules.RequireText(nameJa, "the Japanese name");
        ArgumentRules.RequireText(nameEn, "the English name");
        ArgumentRules.RequireText(sector, "a sector code such as finance");
        email.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (!ArgumentRules.IsEmail(value))
            {
                result.AddError($"--email '{value}' is not an e-mail address (expected name@example.jp).");
            }
        });

        var command = new Command("add", "Register a member company. Issue it an API key afterwards with `keys issue`.")
        {
            id, nameJa, nameEn, sector, tags, email,
        };
        NodeAction.Set(command, options, async call =>
        {
            var request = new AddMemberRequest
            {
                MemberId = call.Require(id),
                NameJa = call.Require(nameJa).Trim(),
                NameEn = call.Require(nameEn).Trim(),
                Sector = call.Require(sector).Trim(),
                ContactEmail = call.Get(email) ?? string.Empty,
            };
            request.Tags.Add((call.Get(tags) ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct());
            var member = await call.Client.AddMemberAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(member);
                return ExitCodes.Ok;
            }

            call.Output.Line($"member {member.MemberId} added. Issue it an API key with: ceptoar-admin keys issue {member.MemberId}");
            call.Output.Fields(Fields(member));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(NodeOptions options)
    {
        var all = new Option<bool>("--all") { Description = "Include disabled members." };
        var command = new Command("list", "List the members of this node (active ones unless --all).") { all };
        NodeAction.Set(command, options, async call =>
        {
            var response = await call.Client.ListMembersAsync(new ListMembersRequest { IncludeDisabled = call.Get(all) }, call.Options);
            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            if (response.Members.Count == 0)
            {
                call.Output.Line("no members yet; add one with: ceptoar-admin members add ID --name-ja .. --name-en .. --sector CODE");
                return ExitCodes.Ok;
            }

            call.Output.Rows(
                ["Id", "Name (ja)", "Name (en)", "Sector", "Tags", "E-mail", "Status", "Created"],
                response.Members.Select(m => new[]
                {
                    m.MemberId, m.NameJa, m.NameEn, m.Sector, Formats.List(m.Tags), m.ContactEmail, State(m), Formats.Time(m.CreatedAt),
                }));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(NodeOptions options)
    {
        var id = ArgumentRules.MemberIdArgument("The member's id.");
        var command = new Command("show", "Show one member.") { id };
        NodeAction.Set(command, options, async call =>
        {
            var member = await call.Client.GetMemberAsync(new GetMemberRequest { MemberId = call.Require(id) }, call.Options);
            if (call.Json)
            {
                call.Output.Json(member);
                return ExitCodes.Ok;
            }

            call.Output.Fields(Fields(member));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Disable(NodeOptions options)
    {
        var id = ArgumentRules.MemberIdArgument("The member's id.");
        var reason = new Option<string>("--reason") { Description = "Why, for the audit log (e.g. \"left the CEPTOAR 2025-03-31\").", HelpName = "TEXT", Required = true };
        ArgumentRules.RequireText(reason, "the reason, which goes into the audit log");
        var command = new Command("disable", "Disable a member: all its API keys are refused from now on; its items stay.") { id, reason };
        NodeAction.Set(command, options, async call =>
        {
            var request = new DisableMemberRequest { MemberId = call.Require(id), Reason = call.Require(reason).Trim() };
            var member = await call.Client.DisableMemberAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(member);
                return ExitCodes.Ok;
            }

            call.Output.Line($"member {member.MemberId} disabled: its API keys are refused from now on.");
            call.Output.Fields(Fields(member));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string State(Member member) => member.Disabled ? "disabled" : "active";

    private static IEnumerable<(string, string?)> Fields(Member member)
    {
        yield return ("Id", member.MemberId);
        yield return ("Name (ja)", member.NameJa);
        yield return ("Name (en)", member.NameEn);
        yield return ("Sector", member.Sector);
        yield return ("Tags", Formats.List(member.Tags));
        yield return ("E-mail", member.ContactEmail);
        yield return ("Status", State(member));
        yield return ("Created", Formats.Time(member.CreatedAt));
        if (member.Disabled)
        {
            yield return ("Disabled at", Formats.Time(member.DisabledAt));
            yield return ("Disabled because", member.DisabledReason);
        }
    }
}
