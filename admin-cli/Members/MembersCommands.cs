using System.CommandLine;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
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
        var members = new Command("members", MembersText.MembersDescription);
        options.AddTo(members);
        members.Subcommands.Add(Add(options));
        members.Subcommands.Add(List(options));
        members.Subcommands.Add(Show(options));
        members.Subcommands.Add(Disable(options));
        return members;
    }

    private static Command Add(NodeOptions options)
    {
        var id = ArgumentRules.MemberIdArgument(MembersText.NewMemberIdDescription);
        var nameJa = new Option<string>("--name-ja") { Description = MembersText.NameJaDescription, HelpName = "NAME", Required = true };
        var nameEn = new Option<string>("--name-en") { Description = MembersText.NameEnDescription, HelpName = "NAME", Required = true };
        var sector = new Option<string>("--sector") { Description = MembersText.SectorDescription, HelpName = "CODE", Required = true };
        var tags = new Option<string[]>("--tag") { Description = MembersText.TagDescription, HelpName = "TAG" };
        var email = new Option<string?>("--email") { Description = MembersText.EmailDescription, HelpName = "ADDRESS" };
        var language = new Option<string?>("--language") { Description = MembersText.LanguageDescription, HelpName = "ja|en" };
        language.AcceptOnlyFromAmong("ja", "en");
        ArgumentRules.RequireText(nameJa, MembersText.TheJapaneseName);
        ArgumentRules.RequireText(nameEn, MembersText.TheEnglishName);
        ArgumentRules.RequireText(sector, MembersText.ASectorCode);
        email.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (!ArgumentRules.IsEmail(value))
            {
                result.AddError(Localized.Format(MembersText.EmailInvalid, value));
            }
        });

        var command = new Command("add", MembersText.AddDescription)
        {
            id, nameJa, nameEn, sector, tags, email, language,
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
                Language = call.Get(language) ?? string.Empty,
            };
            request.Tags.Add((call.Get(tags) ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct());
            var member = await call.Client.AddMemberAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(member);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(MembersText.MemberAdded, member.MemberId));
            call.Output.Fields(Fields(member));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(NodeOptions options)
    {
        var all = new Option<bool>("--all") { Description = MembersText.IncludeDisabledDescription };
        var command = new Command("list", MembersText.ListDescription) { all };
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
                call.Output.Line(MembersText.NoMembersYet);
                return ExitCodes.Ok;
            }

            call.Output.Rows(
                [CommonText.Id, MembersText.NameJaHeader, MembersText.NameEnHeader, MembersText.SectorHeader, MembersText.TagsHeader, MembersText.EmailHeader, CommonText.Status, CommonText.Created],
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
        var id = ArgumentRules.MemberIdArgument(MembersText.TheMemberId);
        var command = new Command("show", MembersText.ShowDescription) { id };
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
        var id = ArgumentRules.MemberIdArgument(MembersText.TheMemberId);
        var reason = new Option<string>("--reason") { Description = MembersText.DisableReasonDescription, HelpName = "TEXT", Required = true };
        ArgumentRules.RequireText(reason, CommonText.TheReasonForTheAuditLog);
        var command = new Command("disable", MembersText.DisableDescription) { id, reason };
        NodeAction.Set(command, options, async call =>
        {
            var request = new DisableMemberRequest { MemberId = call.Require(id), Reason = call.Require(reason).Trim() };
            var member = await call.Client.DisableMemberAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(member);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(MembersText.MemberDisabled, member.MemberId));
            call.Output.Fields(Fields(member));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string State(Member member) => member.Disabled ? CommonText.Disabled : CommonText.Active;

    private static IEnumerable<(string, string?)> Fields(Member member)
    {
        yield return (CommonText.Id, member.MemberId);
        yield return (MembersText.NameJaHeader, member.NameJa);
        yield return (MembersText.NameEnHeader, member.NameEn);
        yield return (MembersText.SectorHeader, member.Sector);
        yield return (MembersText.TagsHeader, Formats.List(member.Tags));
        yield return (MembersText.EmailHeader, member.ContactEmail);
        yield return (MembersText.LanguageHeader, member.Language);
        yield return (CommonText.Status, State(member));
        yield return (CommonText.Created, Formats.Time(member.CreatedAt));
        if (member.Disabled)
        {
            yield return (MembersText.DisabledAt, Formats.Time(member.DisabledAt));
            yield return (MembersText.DisabledBecause, member.DisabledReason);
        }
    }
}
