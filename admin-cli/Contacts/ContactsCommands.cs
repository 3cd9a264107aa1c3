using System.CommandLine;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Contacts;

/// <summary>`contacts …`: the people and member systems the node notifies (docs/NOTIFICATIONS.md §6).</summary>
internal static class ContactsCommands
{
    public static Command Create()
    {
        var options = new NodeOptions();
        var contacts = new Command("contacts", ContactsText.ContactsDescription);
        options.AddTo(contacts);
        contacts.Subcommands.Add(Add(options));
        contacts.Subcommands.Add(List(options));
        contacts.Subcommands.Add(Show(options));
        contacts.Subcommands.Add(Remove(options));
        return contacts;
    }

    private static Command Add(NodeOptions options)
    {
        var member = new Option<string?>("--member") { Description = ContactsText.MemberOptionDescription, HelpName = "MEMBER-ID" };
        ArgumentRules.RequireMemberId(member);
        var duty = new Option<bool>("--duty") { Description = ContactsText.DutyOptionDescription };
        var name = new Option<string>("--name") { Description = ContactsText.NameDescription, HelpName = "NAME", Required = true };
        ArgumentRules.RequireText(name, ContactsText.TheName);
        var email = new Option<string?>("--email") { Description = ContactsText.EmailDescription, HelpName = "ADDRESS" };
        email.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (!ArgumentRules.IsEmail(value))
            {
                result.AddError(Localized.Format(ContactsText.EmailInvalid, value));
            }
        });
        var webhook = new Option<string?>("--webhook") { Description = ContactsText.WebhookDescription, HelpName = "URL" };
        var language = new Option<string>("--language") { Description = ContactsText.LanguageDescription, HelpName = "ja|en", Required = true };
        Choices(language, ["ja", "en"], ContactsText.LanguageInvalid);
        var role = new Option<string?>("--role") { Description = ContactsText.RoleDescription, HelpName = "ROLE" };
        var kinds = new Option<string[]>("--kind") { Description = ContactsText.KindDescription, HelpName = "KIND" };
        var labels = new Option<string[]>("--tlp") { Description = ContactsText.TlpDescription, HelpName = "LABEL" };
        var severity = new Option<string?>("--min-severity") { Description = ContactsText.MinSeverityDescription, HelpName = "SEVERITY" };
        Choices(severity, ["none", "low", "medium", "high", "extreme"], ContactsText.SeverityInvalid);
        var noExercises = new Option<bool>("--no-exercises") { Description = ContactsText.NoExercisesDescription };
        var command = new Command("add", ContactsText.AddDescription)
        {
            member, duty, name, email, webhook, language, role, kinds, labels, severity, noExercises,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetResult(member) is null) == !result.GetValue(duty))
            {
                result.AddError(ContactsText.OneOfMemberOrDuty);
            }

            if ((result.GetResult(email) is null) == (result.GetResult(webhook) is null))
            {
                result.AddError(ContactsText.OneOfEmailOrWebhook);
            }
        });
        NodeAction.Set(command, options, async call =>
        {
            var request = new AddContactRequest
            {
                MemberId = call.Get(member)?.Trim() ?? string.Empty,
                DutyRoster = call.Get(duty),
                Name = call.Require(name).Trim(),
                Email = call.Get(email)?.Trim() ?? string.Empty,
                WebhookUrl = call.Get(webhook)?.Trim() ?? string.Empty,
                Language = call.Require(language),
                Role = call.Get(role)?.Trim() ?? string.Empty,
                MinSeverity = call.Get(severity) ?? string.Empty,
                NoExercises = call.Get(noExercises),
            };
            request.Kinds.Add(call.Get(kinds) ?? []);
            request.Labels.Add(call.Get(labels) ?? []);
            var response = await call.Client.AddContactAsync(request, call.Options);
            if (call.Json)
            {
                if (response.WebhookSecret.Length > 0)
                {
                    // stdout stays one JSON document; the warning still reaches the person running the script.
                    await call.Error.WriteLineAsync(ContactsText.SecretShownOnce);
                }

                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(ContactsText.ContactAdded, response.Contact.ContactId));
            call.Output.Fields(Fields(response.Contact));
            if (response.WebhookSecret.Length > 0)
            {
                call.Output.Line();
                call.Output.Line(ContactsText.SecretShownOnce);
                call.Output.Line();
                call.Output.Line($"    {response.WebhookSecret}");
                call.Output.Line();
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(NodeOptions options)
    {
        var member = new Option<string?>("--member") { Description = ContactsText.ListMemberDescription, HelpName = "MEMBER-ID" };
        ArgumentRules.RequireMemberId(member);
        var command = new Command("list", ContactsText.ListDescription) { member };
        NodeAction.Set(command, options, async call =>
        {
            var response = await call.Client.ListContactsAsync(new ListContactsRequest { MemberId = call.Get(member) ?? string.Empty }, call.Options);
            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            if (response.Contacts.Count == 0)
            {
                call.Output.Line(ContactsText.NoContacts);
                return ExitCodes.Ok;
            }

            call.Output.Rows(
                [CommonText.Id, ContactsText.OwnerHeader, ContactsText.NameHeader, CommonText.Role, ContactsText.ChannelHeader, ContactsText.AddressHeader,
                 ContactsText.LanguageHeader, ContactsText.KindsHeader, ContactsText.LabelsHeader, ContactsText.MinSeverityHeader, ContactsText.ExercisesHeader],
                response.Contacts.Select(c => new[]
                {
                    c.ContactId, Owner(c), c.Name, c.Role, Formats.Channel(c.Channel), c.Address, c.Language, All(c.Kinds), All(c.Labels), c.MinSeverity,
                    c.Exercises ? CommonText.Yes : CommonText.No,
                }));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(NodeOptions options)
    {
        var id = ContactIdArgument();
        var command = new Command("show", ContactsText.ShowDescription) { id };
        NodeAction.Set(command, options, async call =>
        {
            var contact = await call.Client.GetContactAsync(new GetContactRequest { ContactId = call.Require(id).Trim() }, call.Options);
            if (call.Json)
            {
                call.Output.Json(contact);
                return ExitCodes.Ok;
            }

            call.Output.Fields(Fields(contact));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(NodeOptions options)
    {
        var id = ContactIdArgument();
        var reason = new Option<string>("--reason") { Description = ContactsText.RemoveReasonDescription, HelpName = "TEXT", Required = true };
        ArgumentRules.RequireText(reason, CommonText.TheReasonForTheAuditLog);
        var command = new Command("remove", ContactsText.RemoveDescription) { id, reason };
        NodeAction.Set(command, options, async call =>
        {
            var removed = await call.Client.RemoveContactAsync(new RemoveContactRequest { ContactId = call.Require(id).Trim(), Reason = call.Require(reason).Trim() }, call.Options);
            if (call.Json)
            {
                call.Output.Json(removed);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(ContactsText.ContactRemoved, removed.ContactId));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Refuses a value outside the choices with the folder's own message, which names the option (the parser's would not, and is English only).</summary>
    private static void Choices<T>(Option<T> option, string[] choices, string message) =>
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<T>() as string;
            if (value is not null && !choices.Contains(value.Trim().ToLowerInvariant()))
            {
                result.AddError(Localized.Format(message, value));
            }
        });

    private static Argument<string> ContactIdArgument()
    {
        var id = new Argument<string>("CONTACT-ID") { Description = ContactsText.ContactIdDescription };
        ArgumentRules.RequireText(id, ContactsText.TheContactId);
        return id;
    }

    private static string Owner(NotifyContact contact) => contact.DutyRoster ? ContactsText.DutyRoster : contact.MemberId;

    private static string All(IEnumerable<string> values) => values.Any() ? Formats.List(values) : ContactsText.AllValues;

    private static IEnumerable<(string, string?)> Fields(NotifyContact contact)
    {
        yield return (CommonText.Id, contact.ContactId);
        yield return (ContactsText.OwnerHeader, Owner(contact));
        yield return (ContactsText.NameHeader, contact.Name);
        yield return (CommonText.Role, contact.Role);
        yield return (ContactsText.ChannelHeader, Formats.Channel(contact.Channel));
        yield return (ContactsText.AddressHeader, contact.Address);
        yield return (ContactsText.LanguageHeader, contact.Language);
        yield return (ContactsText.KindsHeader, All(contact.Kinds));
        yield return (ContactsText.LabelsHeader, All(contact.Labels));
        yield return (ContactsText.MinSeverityHeader, contact.MinSeverity);
        yield return (ContactsText.ExercisesHeader, contact.Exercises ? CommonText.Yes : CommonText.No);
        yield return (CommonText.Created, Formats.Time(contact.CreatedAt));
    }
}
