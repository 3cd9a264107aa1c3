using Ceptoar.Federation.V1;
using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.Node.Tests.People;

/// <summary>
/// The people RPCs of the admin API on a real node (docs/CONSOLE.md §2): hostile and wrong input refused with the exact
/// code, naming the field, in English and Japanese, nothing stored; a contact becomes a person; changes audited naming the staff.
/// </summary>
public sealed class AdminPeopleTests(PeopleNode people) : IClassFixture<PeopleNode>
{
    private static readonly Metadata Japanese = new() { { "accept-language", "ja" } };

    private AdminService.AdminServiceClient Admin => people.Node.Admin;

    public static TheoryData<string, AddPersonRequest, string, string> BadAdds => new()
    {
        { "login", Member(""), "login: is missing", "login: 指定されていません" },
        { "login", Member(new string('a', 255)), "is not a login: use 1 to 254 ASCII letters", "はログイン名として使えません" },
        { "login", Member("tanaka hanako"), "'tanaka hanako' is not a login", "'tanaka hanako' はログイン名として使えません" },
        { "login", Member("田中@bank.example"), "is not a login", "はログイン名として使えません" },
        { "display_name", Member("ok-login", name: ""), "display_name: give the person's name", "display_name: 本人の名前を" },
        { "display_name", Member("ok-login", name: new string('名', 101)), "display_name: give the person's name", "display_name: 本人の名前を" },
        { "display_name", Member("ok-login", name: "Evil\u202Eeman"), "display_name: give the person's name", "display_name: 本人の名前を" },
        { "kind", new AddPersonRequest { Login = "ok-login", DisplayName = "A", StaffName = "suzuki" }, "kind: say whom the person belongs to", "kind: 所属を指定してください" },
        { "member_id", new AddPersonRequest { Login = "ok-login", DisplayName = "A", Kind = PersonAccountKind.Member, StaffName = "suzuki" }, "member_id: a member's person needs the member id", "member_id: 構成員の担当者には構成員 ID が必要です" },
        { "member_id", new AddPersonRequest { Login = "ok-login", DisplayName = "A", Kind = PersonAccountKind.Staff, MemberId = PeopleNode.Member, StaffName = "suzuki" }, "member_id: staff and Council people belong to the secretariat", "member_id: 事務局職員と協議会の担当者は事務局に所属します" },
        { "member_id", Member("ok-login", member: "bad member\n" + new string('x', 5000)), "member_id: 'bad member?xxxx", "member_id: 'bad member?xxxx" },
        { "language", Member("ok-login", language: "fr"), "language: 'fr' is not a language", "language: 'fr' は言語として使えません" },
        { "staff_name", Member("ok-login", staff: ""), "staff_name: must be 1 to 64 letters", "staff_name: 文字（どの文字体系でも可）" },
        { "staff_name", Member("ok-login", staff: "suzuki:admin"), "staff_name: must be 1 to 64 letters", "staff_name: 文字（どの文字体系でも可）" },
        { "contact_id", new AddPersonRequest { ContactId = "ct-0000000000", Kind = PersonAccountKind.Staff, StaffName = "suzuki" }, "contact_id: a person made from a contact takes", "contact_id: 連絡先から作る担当者は" },
    };

    [Theory]
    [MemberData(nameof(BadAdds))]
    public async Task AddPerson_BadField_InvalidArgumentNamingIt_BothLanguages_NothingStored(string field, AddPersonRequest request, string english, string japanese)
    {
        var inEnglish = await Assert.ThrowsAsync<RpcException>(() => Admin.AddPersonAsync(request).ResponseAsync);
        var inJapanese = await Assert.ThrowsAsync<RpcException>(() => Admin.AddPersonAsync(request, Japanese).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument), (inEnglish.StatusCode, inJapanese.StatusCode));
        Assert.Equal(field, inEnglish.GetRpcStatus()!.GetDetail<ErrorInfo>().Metadata["field"]);
        Assert.Contains(english, inEnglish.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(japanese, inJapanese.Status.Detail, StringComparison.Ordinal);
        Assert.True(inEnglish.Status.Detail.Length < 600, inEnglish.Status.Detail);
        Assert.DoesNotContain((await Admin.ListPeopleAsync(new ListPeopleRequest())).People, p => p.Login == "ok-login");
    }

    [Fact]
    public async Task AddPerson_UnknownMember_NotFoundNamingIt_BothLanguages()
    {
        var request = Member("ghost-person", member: "ghost-bank");

        var english = await Assert.ThrowsAsync<RpcException>(() => Admin.AddPersonAsync(request).ResponseAsync);
        var japanese = await Assert.ThrowsAsync<RpcException>(() => Admin.AddPersonAsync(request, Japanese).ResponseAsync);

        Assert.Equal((StatusCode.NotFound, "MEMBER_NOT_FOUND"), (english.StatusCode, english.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason));
        Assert.StartsWith("no member 'ghost-bank' on this node", english.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("このノードに構成員 'ghost-bank' はありません", japanese.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPerson_LoginTakenInAnotherCase_AlreadyExistsNamingIt_BothLanguages_TheFirstStays()
    {
        var first = await people.AddAsync("Kobayashi@Mizuho.example");

        var english = await Assert.ThrowsAsync<RpcException>(() => Admin.AddPersonAsync(Member("kobayashi@mizuho.EXAMPLE", name: "Someone Else")).ResponseAsync);
        var japanese = await Assert.ThrowsAsync<RpcException>(() => Admin.AddPersonAsync(Member("KOBAYASHI@mizuho.example"), Japanese).ResponseAsync);

        Assert.Equal((StatusCode.AlreadyExists, "LOGIN_EXISTS"), (english.StatusCode, english.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason));
        Assert.StartsWith("login 'kobayashi@mizuho.EXAMPLE' is taken", english.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("ログイン名 'KOBAYASHI@mizuho.example' は使用中です", japanese.Status.Detail, StringComparison.Ordinal);
        var stored = Assert.Single((await Admin.ListPeopleAsync(new ListPeopleRequest())).People, p => p.Login.Equals("kobayashi@mizuho.example", StringComparison.OrdinalIgnoreCase));
        Assert.Equal((first.Person.PersonId, "Tanaka Hanako"), (stored.PersonId, stored.DisplayName));
    }

    [Theory]
    [InlineData("disable")]
    [InlineData("enable")]
    [InlineData("reset")]
    public async Task ChangePerson_UnknownLogin_NotFoundNamingIt_BothLanguages(string change)
    {
        var english = await Assert.ThrowsAsync<RpcException>(() => Change(change, "nobody@example.jp", null));
        var japanese = await Assert.ThrowsAsync<RpcException>(() => Change(change, "nobody@example.jp", Japanese));
        var empty = await Assert.ThrowsAsync<RpcException>(() => Change(change, " ", null));

        Assert.Equal((StatusCode.NotFound, "PERSON_NOT_FOUND"), (english.StatusCode, english.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason));
        Assert.StartsWith("login 'nobody@example.jp': no such person on this node", english.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("ログイン名 'nobody@example.jp': このノードにそのような担当者はいません", japanese.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((StatusCode.InvalidArgument, "login"), (empty.StatusCode, empty.GetRpcStatus()!.GetDetail<ErrorInfo>().Metadata["field"]));
    }

    [Fact]
    public async Task AddPerson_Staff_AuditedNamingTheStaff_ListedWithoutSecrets()
    {
        var added = await Admin.AddPersonAsync(new AddPersonRequest
        {
            Login = "watanabe", DisplayName = "渡辺 一郎", Kind = PersonAccountKind.Council, Language = "ja", StaffName = "山田.taro",
        });

        var listed = Assert.Single((await Admin.ListPeopleAsync(new ListPeopleRequest())).People, p => p.Login == "watanabe");
        var audit = Assert.Single((await people.AuditAsync("person.add")), e => e.Subject == added.Person.PersonId);
        Assert.Equal(("", PersonAccountKind.Council, "ja", false), (listed.MemberId, listed.Kind, listed.Language, listed.Disabled));
        Assert.Equal(("staff:山田.taro", "watanabe council secretariat"), (audit.Actor, audit.Detail));
        Assert.Matches("^[a-zA-Z2-9]{20}$", added.InitialPassword);
        Assert.Matches("^[A-Z2-7]{32}$", added.TotpSecret);
        Assert.Equal($"otpauth://totp/CEPTOAR%20bank-ceptoar:watanabe?secret={added.TotpSecret}&issuer=CEPTOAR%20bank-ceptoar&algorithm=SHA1&digits=6&period=30", added.OtpauthUri);
        Assert.DoesNotContain(added.InitialPassword, listed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(added.TotpSecret, listed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPerson_FromAnEmailContact_TakesNameAddressMemberAndLanguage_AWebhookRefused()
    {
        var contact = await Admin.AddContactAsync(new AddContactRequest
        {
            MemberId = PeopleNode.Member, Name = "Alice Smith", Email = "alice@mizuho.example", Language = "en", Role = "CSIRT",
        });
        var webhook = await Admin.AddContactAsync(new AddContactRequest
        {
            MemberId = PeopleNode.Member, Name = "SOAR", WebhookUrl = "https://soar.mizuho.example/hook", Language = "ja",
        });

        var added = await Admin.AddPersonAsync(new AddPersonRequest { ContactId = contact.Contact.ContactId, StaffName = "suzuki" });
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            Admin.AddPersonAsync(new AddPersonRequest { ContactId = webhook.Contact.ContactId, StaffName = "suzuki" }, Japanese).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Admin.AddPersonAsync(new AddPersonRequest { ContactId = "ct-ffffffffff", StaffName = "suzuki" }).ResponseAsync);

        Assert.Equal(("alice@mizuho.example", "Alice Smith", PeopleNode.Member, PersonAccountKind.Member, "en", contact.Contact.ContactId),
            (added.Person.Login, added.Person.DisplayName, added.Person.MemberId, added.Person.Kind, added.Person.Language, added.Person.ContactId));
        Assert.Equal((StatusCode.InvalidArgument, "contact_id"), (refused.StatusCode, refused.GetRpcStatus()!.GetDetail<ErrorInfo>().Metadata["field"]));
        Assert.Contains($"連絡先 '{webhook.Contact.ContactId}' は Webhook で、人ではありません", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((StatusCode.NotFound, "CONTACT_NOT_FOUND"), (unknown.StatusCode, unknown.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason));
    }

    [Fact]
    public async Task ListPeople_OneMember_OnlyItsPeople_BadMemberIdRefused()
    {
        await people.AddAsync("abe@mizuho.example");
        await people.AddAsync("ueda@resona.example", PeopleNode.OtherMember);

        var listed = await Admin.ListPeopleAsync(new ListPeopleRequest { MemberId = PeopleNode.OtherMember });
        var refused = await Assert.ThrowsAsync<RpcException>(() => Admin.ListPeopleAsync(new ListPeopleRequest { MemberId = "no such\tmember" }).ResponseAsync);

        Assert.Contains(listed.People, p => p.Login == "ueda@resona.example");
        Assert.All(listed.People, p => Assert.Equal(PeopleNode.OtherMember, p.MemberId));
        Assert.Equal((StatusCode.InvalidArgument, "member_id"), (refused.StatusCode, refused.GetRpcStatus()!.GetDetail<ErrorInfo>().Metadata["field"]));
    }

    private static AddPersonRequest Member(string login, string name = "Tanaka Hanako", string member = PeopleNode.Member, string language = "", string staff = "suzuki") => new()
    {
        Login = login, DisplayName = name, MemberId = member, Kind = PersonAccountKind.Member, Language = language, StaffName = staff,
    };

    private Task Change(string change, string login, Metadata? headers) => change switch
    {
        "disable" => Admin.DisablePersonAsync(new DisablePersonRequest { Login = login, StaffName = "suzuki" }, headers).ResponseAsync,
        "enable" => Admin.EnablePersonAsync(new EnablePersonRequest { Login = login, StaffName = "suzuki" }, headers).ResponseAsync,
        _ => Admin.ResetPersonAsync(new ResetPersonRequest { Login = login, StaffName = "suzuki" }, headers).ResponseAsync,
    };
}
