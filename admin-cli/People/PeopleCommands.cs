using System.CommandLine;
using Ceptoar.AdminCli.Authoring;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.People;

/// <summary>`people …`: who may sign in to the web console (docs/CONSOLE.md §2).</summary>
internal static class PeopleCommands
{
    public static Command Create()
    {
        var options = new NodeOptions();
        var people = new Command("people", PeopleText.PeopleDescription);
        options.AddTo(people);
        people.Subcommands.Add(Add(options));
        people.Subcommands.Add(List(options));
        people.Subcommands.Add(Disable(options));
        people.Subcommands.Add(Enable(options));
        people.Subcommands.Add(Reset(options));
        return people;
    }

    private static Command Add(NodeOptions options)
    {
        var login = new Option<string?>("--login") { Description = PeopleText.LoginDescription, HelpName = "LOGIN" };
        var name = new Option<string?>("--name") { Description = PeopleText.NameDescription, HelpName = "NAME" };
        var member = new Option<string?>("--member") { Description = PeopleText.MemberDescription, HelpName = "MEMBER-ID" };
        ArgumentRules.RequireMemberId(member);
        var staffKind = new Option<bool>("--staff") { Description = PeopleText.StaffDescription };
        var council = new Option<bool>("--council") { Description = PeopleText.CouncilDescription };
        var language = new Option<string?>("--language") { Description = PeopleText.LanguageDescription, HelpName = "ja|en" };
        language.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && value.Trim().ToLowerInvariant() is not ("ja" or "en"))
            {
                result.AddError(Localized.Format(PeopleText.LanguageInvalid, value));
            }
        });
        var contact = new Option<string?>("--contact") { Description = PeopleText.ContactDescription, HelpName = "CONTACT-ID" };
        var staff = ItemSubmitCommand.StaffOption(PeopleText.AsDescription);
        var command = new Command("add", PeopleText.AddDescription) { login, name, member, staffKind, council, language, contact, staff };
        command.Validators.Add(result =>
        {
            var fromContact = result.GetResult(contact) is not null;
            var kinds = (result.GetResult(member) is null ? 0 : 1) + (result.GetValue(staffKind) ? 1 : 0) + (result.GetValue(council) ? 1 : 0) + (fromContact ? 1 : 0);
            if (kinds != 1)
            {
                result.AddError(PeopleText.OneOfKind);
            }
            else if (fromContact && (result.GetResult(name) is not null || result.GetResult(language) is not null))
            {
                result.AddError(PeopleText.ContactAlone);
            }
            else if (!fromContact && string.IsNullOrWhiteSpace(result.GetValue(login)))
            {
                result.AddError(PeopleText.LoginRequired);
            }
            else if (!fromContact && string.IsNullOrWhiteSpace(result.GetValue(name)))
            {
                result.AddError(PeopleText.NameRequired);
            }
        });
        NodeAction.Set(command, options, async call =>
        {
            var request = new AddPersonRequest
            {
                Login = call.Get(login)?.Trim() ?? "",
                DisplayName = call.Get(name)?.Trim() ?? "",
                MemberId = call.Get(member)?.Trim() ?? "",
                Kind = call.Get(contact) is not null ? PersonAccountKind.Unspecified
                    : call.Get(member) is not null ? PersonAccountKind.Member
                    : call.Get(council) ? PersonAccountKind.Council : PersonAccountKind.Staff,
                Language = call.Get(language)?.Trim().ToLowerInvariant() ?? "",
                ContactId = call.Get(contact)?.Trim() ?? "",
                StaffName = ItemSubmitCommand.StaffName(call.Get(staff)),
            };
            var response = await call.Client.AddPersonAsync(request, call.Options);
            return await Credentials(call, response, response.Person, PeopleText.PersonAdded, response.InitialPassword, response.TotpSecret, response.OtpauthUri);
        });
        return command;
    }

    private static Command List(NodeOptions options)
    {
        var member = new Option<string?>("--member") { Description = PeopleText.ListMemberDescription, HelpName = "MEMBER-ID" };
        ArgumentRules.RequireMemberId(member);
        var command = new Command("list", PeopleText.ListDescription) { member };
        NodeAction.Set(command, options, async call =>
        {
            var response = await call.Client.ListPeopleAsync(new ListPeopleRequest { MemberId = call.Get(member)?.Trim() ?? "" }, call.Options);
            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            if (response.People.Count == 0)
            {
                call.Output.Line(PeopleText.NoPeople);
                return ExitCodes.Ok;
            }

            call.Output.Rows(
                [PeopleText.LoginHeader, PeopleText.NameHeader, PeopleText.KindHeader, PeopleText.LanguageHeader, PeopleText.StateHeader, PeopleText.LastSignInHeader,
                 PeopleText.ContactHeader],
                response.People.Select(p => new[]
                {
                    p.Login, p.DisplayName, Kind(p), Language(p), State(p), p.LastSignInAt is null ? PeopleText.Never : Formats.Time(p.LastSignInAt), p.ContactId,
                }));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Disable(NodeOptions options) => Change(options, "disable", PeopleText.DisableDescription, async (call, login, staff) =>
    {
        var response = await call.Client.DisablePersonAsync(new DisablePersonRequest { Login = login, StaffName = staff }, call.Options);
        return (response, response.Person, PeopleText.PersonDisabled);
    });

    private static Command Enable(NodeOptions options) => Change(options, "enable", PeopleText.EnableDescription, async (call, login, staff) =>
    {
        var response = await call.Client.EnablePersonAsync(new EnablePersonRequest { Login = login, StaffName = staff }, call.Options);
        return (response, response.Person, PeopleText.PersonEnabled);
    });

    private static Command Reset(NodeOptions options)
    {
        var (command, login, staff) = LoginCommand("reset", PeopleText.ResetDescription);
        NodeAction.Set(command, options, async call =>
        {
            var response = await call.Client.ResetPersonAsync(
                new ResetPersonRequest { Login = call.Require(login).Trim(), StaffName = ItemSubmitCommand.StaffName(call.Get(staff)) }, call.Options);
            return await Credentials(call, response, response.Person, PeopleText.PersonReset, response.InitialPassword, response.TotpSecret, response.OtpauthUri);
        });
        return command;
    }

    private static Command Change(
        NodeOptions options, string verb, string description, Func<NodeCall, string, string, Task<(Google.Protobuf.IMessage Response, PersonView Person, string Done)>> send)
    {
        var (command, login, staff) = LoginCommand(verb, description);
        NodeAction.Set(command, options, async call =>
        {
            var (response, person, done) = await send(call, call.Require(login).Trim(), ItemSubmitCommand.StaffName(call.Get(staff)));
            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(done, person.Login));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static (Command Command, Argument<string> Login, Option<string?> Staff) LoginCommand(string verb, string description)
    {
        var login = new Argument<string>("LOGIN") { Description = PeopleText.LoginArgument };
        ArgumentRules.RequireText(login, PeopleText.TheLogin);
        var staff = ItemSubmitCommand.StaffOption(PeopleText.AsDescription);
        return (new Command(verb, description) { login, staff }, login, staff);
    }

    /// <summary>The person and, once, the credentials to hand over by a separate channel.</summary>
    private static async Task<int> Credentials(
        NodeCall call, Google.Protobuf.IMessage response, PersonView person, string done, string password, string secret, string uri)
    {
        if (call.Json)
        {
            // stdout stays one JSON document; the warning still reaches the person running the script.
            await call.Error.WriteLineAsync(PeopleText.HandOver);
            call.Output.Json(response);
            return ExitCodes.Ok;
        }

        call.Output.Line(Localized.Format(done, person.Login));
        call.Output.Fields(
        [
            (PeopleText.LoginHeader, person.Login), (PeopleText.NameHeader, person.DisplayName), (PeopleText.KindHeader, Kind(person)),
            (PeopleText.LanguageHeader, Language(person)), (PeopleText.ContactHeader, person.ContactId),
        ]);
        call.Output.Line();
        call.Output.Line(PeopleText.HandOver);
        call.Output.Line();
        call.Output.Fields([(PeopleText.InitialPassword, password), (PeopleText.TotpSecret, secret), (PeopleText.OtpAuthUri, uri)]);
        return ExitCodes.Ok;
    }

    private static string Kind(PersonView person) => person.Kind switch
    {
        PersonAccountKind.Member => Localized.Format(PeopleText.KindMember, person.MemberId),
        PersonAccountKind.Council => PeopleText.KindCouncil,
        _ => PeopleText.KindStaff,
    };

    private static string Language(PersonView person) => person.Language.Length == 0 ? PeopleText.Browser : person.Language;

    private static string State(PersonView person) =>
        person.Disabled ? PeopleText.StateDisabled
        : person.LockedUntil is { } until && until.ToDateTimeOffset() > DateTimeOffset.UtcNow ? Localized.Format(PeopleText.StateLocked, Formats.Time(until))
        : PeopleText.StateActive;
}
