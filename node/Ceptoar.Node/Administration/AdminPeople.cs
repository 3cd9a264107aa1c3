using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.People;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Administration;

/// <summary>The people part of the admin API: who may sign in to the web console (docs/CONSOLE.md §2).</summary>
internal sealed class AdminPeople(PeopleStore people, MemberStore members, ContactStore contacts, NodeOptions node, TimeProvider time)
{
    /// <summary>Longest text of the request quoted back in a refusal, so a hostile value does not fill the answer.</summary>
    private const int MaxQuoted = 64;

    public async Task<AddPersonResponse> AddAsync(AddPersonRequest request, CancellationToken cancellationToken)
    {
        var actor = Actor(request.StaffName);
        var contactId = request.ContactId.Trim();
        var (login, name, memberId, kind, language) = contactId.Length > 0
            ? await FromContactAsync(request, contactId, cancellationToken)
            : FromRequest(request);
        if (memberId is not null)
        {
            var member = await members.GetAsync(memberId, cancellationToken)
                ?? throw GrpcErrors.NotFound(ErrorReasons.MemberNotFound, Format(AdministrationText.MemberNotFoundAddFirst, memberId));
            if (member.Disabled)
            {
                throw GrpcErrors.FailedPrecondition(ErrorReasons.MemberDisabled, Format(AdministrationText.PersonMemberDisabled, memberId));
            }
        }

        var credentials = PersonCredentials.New(node.Id, login);
        var record = new PersonRecord(
            Guid.CreateVersion7().ToString(), login, name, memberId, kind, language, credentials.PasswordHash, credentials.TotpSecret, 0,
            PersonCredentials.NewStamp(), 0, null, false, contactId.Length > 0 ? contactId : null, SqlHelpers.TruncateToMs(time.GetUtcNow()), null);
        if (!await people.AddAsync(record, actor, cancellationToken))
        {
            throw GrpcErrors.AlreadyExists(ErrorReasons.LoginExists, Format(AdministrationText.PersonLoginTaken, login));
        }

        return new AddPersonResponse
        {
            Person = View(record), InitialPassword = credentials.InitialPassword, TotpSecret = credentials.TotpSecret, OtpauthUri = credentials.OtpAuthUri,
        };
    }

    public async Task<ListPeopleResponse> ListAsync(ListPeopleRequest request, CancellationToken cancellationToken)
    {
        var member = request.MemberId.Trim();
        if (member.Length > 0 && !Identifiers.IsValidMemberId(member))
        {
            throw GrpcErrors.InvalidArgument("member_id", Format(AdministrationText.PersonMemberIdInvalid, Quote(member)));
        }

        var response = new ListPeopleResponse();
        response.People.AddRange((await people.ListAsync(member.Length == 0 ? null : member, cancellationToken)).Select(View));
        return response;
    }

    public async Task<DisablePersonResponse> DisableAsync(DisablePersonRequest request, CancellationToken cancellationToken)
    {
        var actor = Actor(request.StaffName);
        var person = await FindAsync(request.Login, cancellationToken);
        var changed = await people.SetDisabledAsync(person.PersonId, true, PersonCredentials.NewStamp(), actor, cancellationToken) ?? throw NotFound(person.Login);
        return new DisablePersonResponse { Person = View(changed) };
    }

    public async Task<EnablePersonResponse> EnableAsync(EnablePersonRequest request, CancellationToken cancellationToken)
    {
        var actor = Actor(request.StaffName);
        var person = await FindAsync(request.Login, cancellationToken);
        var changed = await people.SetDisabledAsync(person.PersonId, false, person.SessionStamp, actor, cancellationToken) ?? throw NotFound(person.Login);
        return new EnablePersonResponse { Person = View(changed) };
    }

    public async Task<ResetPersonResponse> ResetAsync(ResetPersonRequest request, CancellationToken cancellationToken)
    {
        var actor = Actor(request.StaffName);
        var person = await FindAsync(request.Login, cancellationToken);
        var credentials = PersonCredentials.New(node.Id, person.Login);
        var changed = await people.ResetAsync(person.PersonId, credentials.PasswordHash, credentials.TotpSecret, PersonCredentials.NewStamp(), actor, cancellationToken)
            ?? throw NotFound(person.Login);
        return new ResetPersonResponse
        {
            Person = View(changed), InitialPassword = credentials.InitialPassword, TotpSecret = credentials.TotpSecret, OtpauthUri = credentials.OtpAuthUri,
        };
    }

    public static PersonView View(PersonRecord person)
    {
        var view = new PersonView
        {
            PersonId = person.PersonId,
            Login = person.Login,
            DisplayName = person.DisplayName,
            MemberId = person.MemberId ?? "",
            Kind = person.Kind switch
            {
                PersonRecord.Member => PersonAccountKind.Member,
                PersonRecord.Council => PersonAccountKind.Council,
                _ => PersonAccountKind.Staff,
            },
            Language = person.Language ?? "",
            Disabled = person.Disabled,
            CreatedAt = Timestamp.FromDateTimeOffset(person.CreatedAt),
            ContactId = person.ContactId ?? "",
        };
        if (person.LockedUntil is { } locked)
        {
            view.LockedUntil = Timestamp.FromDateTimeOffset(locked);
        }

        if (person.LastSignInAt is { } last)
        {
            view.LastSignInAt = Timestamp.FromDateTimeOffset(last);
        }

        return view;
    }

    private static (string Login, string Name, string? MemberId, string Kind, string? Language) FromRequest(AddPersonRequest request)
    {
        var login = Login(request.Login);
        var name = request.DisplayName.Trim();
        if (!PersonRules.IsDisplayName(name))
        {
            throw GrpcErrors.InvalidArgument("display_name", AdministrationText.PersonNameInvalid);
        }

        var memberId = request.MemberId.Trim();
        var kind = request.Kind switch
        {
            PersonAccountKind.Member => PersonRecord.Member,
            PersonAccountKind.Staff => PersonRecord.Staff,
            PersonAccountKind.Council => PersonRecord.Council,
            _ => throw GrpcErrors.InvalidArgument("kind", AdministrationText.PersonKindMissing),
        };
        if (kind == PersonRecord.Member && memberId.Length == 0)
        {
            throw GrpcErrors.InvalidArgument("member_id", AdministrationText.PersonMemberMissing);
        }

        if (kind != PersonRecord.Member && memberId.Length > 0)
        {
            throw GrpcErrors.InvalidArgument("member_id", AdministrationText.PersonMemberNotForStaff);
        }

        if (memberId.Length > 0 && !Identifiers.IsValidMemberId(memberId))
        {
            throw GrpcErrors.InvalidArgument("member_id", Format(AdministrationText.PersonMemberIdInvalid, Quote(memberId)));
        }

        return (login, name, memberId.Length == 0 ? null : memberId, kind, Language(request.Language));
    }

    /// <summary>The contact's name, e-mail address (unless a login is given), member (or the duty roster: staff) and language.</summary>
    private async Task<(string Login, string Name, string? MemberId, string Kind, string? Language)> FromContactAsync(
        AddPersonRequest request, string contactId, CancellationToken cancellationToken)
    {
        if (request.Kind != PersonAccountKind.Unspecified || request.MemberId.Trim().Length > 0 || request.Language.Trim().Length > 0)
        {
            throw GrpcErrors.InvalidArgument("contact_id", AdministrationText.PersonContactConflict);
        }

        var login = request.Login.Trim().Length > 0 ? Login(request.Login) : null;
        var contact = await contacts.GetAsync(contactId, cancellationToken) ?? throw AdminContacts.NotFound(Quote(contactId));
        if (contact.Channel != ContactRecord.Email)
        {
            throw GrpcErrors.InvalidArgument("contact_id", Format(AdministrationText.PersonContactNotEmail, contact.ContactId));
        }

        login ??= PersonRules.IsLogin(contact.Address)
            ? contact.Address
            : throw GrpcErrors.InvalidArgument("login", Format(AdministrationText.PersonLoginInvalid, Quote(contact.Address)));
        var name = request.DisplayName.Trim().Length > 0 ? request.DisplayName.Trim() : contact.Name;
        if (!PersonRules.IsDisplayName(name))
        {
            throw GrpcErrors.InvalidArgument("display_name", AdministrationText.PersonNameInvalid);
        }

        return (login, name, contact.MemberId, contact.MemberId is null ? PersonRecord.Staff : PersonRecord.Member, contact.Language);
    }

    private async Task<PersonRecord> FindAsync(string login, CancellationToken cancellationToken)
    {
        var checkedLogin = Login(login);
        return await people.FindByLoginAsync(checkedLogin, cancellationToken) ?? throw NotFound(checkedLogin);
    }

    private static string Login(string login)
    {
        var trimmed = login.Trim();
        if (trimmed.Length == 0)
        {
            throw GrpcErrors.InvalidArgument("login", AdministrationText.PersonLoginMissing);
        }

        return PersonRules.IsLogin(trimmed) ? trimmed : throw GrpcErrors.InvalidArgument("login", Format(AdministrationText.PersonLoginInvalid, Quote(trimmed)));
    }

    private static string? Language(string language) => language.Trim() switch
    {
        "" => null,
        "ja" => "ja",
        "en" => "en",
        var other => throw GrpcErrors.InvalidArgument("language", Format(AdministrationText.PersonLanguageInvalid, Quote(other))),
    };

    /// <summary>"staff:&lt;name&gt;": the staff person the audit log names.</summary>
    private string Actor(string staffName) =>
        StaffNames.IsValid(staffName)
            ? Submitter.Staff(staffName, node).Actor
            : throw GrpcErrors.InvalidArgument("staff_name", Format(AdministrationText.StaffNamePeopleInvalid, AdministrationText.StaffNameRule));

    private static Grpc.Core.RpcException NotFound(string login) => GrpcErrors.NotFound(ErrorReasons.PersonNotFound, Format(AdministrationText.PersonNotFound, login));

    private static string Quote(string value) =>
        new([.. (value.Length > MaxQuoted ? value[..MaxQuoted] + "…" : value).Select(c => char.IsControl(c) ? '?' : c)]);

    private static string Format(string format, object argument) => string.Format(CultureInfo.InvariantCulture, format, argument);
}
