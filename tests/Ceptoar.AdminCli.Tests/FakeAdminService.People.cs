using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.AdminCli.Tests;

/// <summary>The people calls of the fake (docs/CONSOLE.md §2): it records the request and answers with fixed credentials.</summary>
internal sealed partial class FakeAdminService
{
    public const string InitialPassword = "Abcdefghijkmnopqrstu";
    public const string TotpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    public const string OtpAuthUri = "otpauth://totp/CEPTOAR%20bank-ceptoar:sato?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=CEPTOAR%20bank-ceptoar";

    public List<PersonView> People { get; } = [];

    public AddPersonRequest? LastAddPerson { get; private set; }

    public DisablePersonRequest? LastDisablePerson { get; private set; }

    public ResetPersonRequest? LastResetPerson { get; private set; }

    public override Task<AddPersonResponse> AddPerson(AddPersonRequest request, ServerCallContext context)
    {
        LastAddPerson = request;
        var person = new PersonView
        {
            PersonId = "0197a1b2-0000-7000-8000-000000000001", Login = request.Login.Length > 0 ? request.Login : "alice@mizuho.example",
            DisplayName = request.DisplayName.Length > 0 ? request.DisplayName : "Alice Smith", MemberId = request.MemberId, Kind = request.Kind,
            Language = request.Language, ContactId = request.ContactId, CreatedAt = CreatedAt,
        };
        People.Add(person);
        return Task.FromResult(new AddPersonResponse { Person = person, InitialPassword = InitialPassword, TotpSecret = TotpSecret, OtpauthUri = OtpAuthUri });
    }

    public override Task<ListPeopleResponse> ListPeople(ListPeopleRequest request, ServerCallContext context)
    {
        var response = new ListPeopleResponse();
        response.People.AddRange(People.Where(p => request.MemberId.Length == 0 || p.MemberId == request.MemberId));
        return Task.FromResult(response);
    }

    public override Task<DisablePersonResponse> DisablePerson(DisablePersonRequest request, ServerCallContext context)
    {
        LastDisablePerson = request;
        var person = People.SingleOrDefault(p => p.Login == request.Login)
            ?? throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, $"login '{request.Login}': no such person on this node: list them with `people list`"));
        person.Disabled = true;
        return Task.FromResult(new DisablePersonResponse { Person = person });
    }

    public override Task<ResetPersonResponse> ResetPerson(ResetPersonRequest request, ServerCallContext context)
    {
        LastResetPerson = request;
        var person = People.Single(p => p.Login == request.Login);
        return Task.FromResult(new ResetPersonResponse { Person = person, InitialPassword = InitialPassword, TotpSecret = TotpSecret, OtpauthUri = OtpAuthUri });
    }
}
