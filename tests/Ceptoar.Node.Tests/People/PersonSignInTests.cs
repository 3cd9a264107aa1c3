using Ceptoar.Federation.V1;
using Ceptoar.Node.People;

namespace Ceptoar.Node.Tests.People;

/// <summary>
/// Signing in (docs/CONSOLE.md §2) on a real node's store with a clock the test moves: password and TOTP code, replay,
/// lockout per account and its end, disabled people and members, session stamps, and the audit of every attempt.
/// </summary>
public sealed class PersonSignInTests(PeopleNode people) : IClassFixture<PeopleNode>
{
    private const string Remote = "192.0.2.10";

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task SignIn_RightPasswordAndCode_SucceedsAsTheMembersPerson_AuditedWithoutSecrets()
    {
        var added = await people.AddAsync("sato@mizuho.example");
        var code = people.CodeNow(added.TotpSecret);

        var result = await people.SignIn.SignInAsync("SATO@mizuho.example", added.InitialPassword, code, Remote, None);

        Assert.Equal(SignInOutcome.Succeeded, result.Outcome);
        var person = result.Person!;
        // What the console scopes the feed by: this person sees as mizuho-bank, never more.
        Assert.Equal((added.Person.PersonId, "sato@mizuho.example", "Tanaka Hanako", PeopleNode.Member, PersonKind.Member),
            (person.PersonId, person.Login, person.DisplayName, person.MemberId, person.Kind));
        Assert.Equal(person, await people.SignIn.FindAsync(person.PersonId, None));
        var signin = Assert.Single(await people.AuditAsync("person.signin"), e => e.Subject == person.PersonId);
        Assert.Equal(("person:sato@mizuho.example", "remote=" + Remote), (signin.Actor, signin.Detail));
        var all = (await people.Node.Admin.ListAuditAsync(new ListAuditRequest { Limit = 1000 })).Entries;
        Assert.DoesNotContain(all, e => e.Detail.Contains(added.InitialPassword, StringComparison.Ordinal) || e.Detail.Contains(code, StringComparison.Ordinal)
            || e.Detail.Contains(added.TotpSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignIn_WrongPassword_Refused_AuditedAsWrongPassword()
    {
        var added = await people.AddAsync("ito@mizuho.example");

        var result = await people.SignIn.SignInAsync("ito@mizuho.example", added.InitialPassword + "x", people.CodeNow(added.TotpSecret), Remote, None);

        Assert.Equal(new SignInResult(SignInOutcome.Refused), result);
        var refused = Assert.Single(await people.AuditAsync("person.signin.refused"), e => e.Subject == added.Person.PersonId);
        Assert.Equal("reason=wrong-password remote=" + Remote, refused.Detail);
    }

    [Fact]
    public async Task SignIn_WrongCode_Refused_AuditedAsWrongCode()
    {
        var added = await people.AddAsync("kato@mizuho.example");

        var result = await people.SignIn.SignInAsync(
            "kato@mizuho.example", added.InitialPassword, TestTotp.WrongCode(added.TotpSecret, people.Clock.GetUtcNow()), Remote, None);

        Assert.Equal(new SignInResult(SignInOutcome.Refused), result);
        Assert.Equal("reason=wrong-code remote=" + Remote,
            Assert.Single(await people.AuditAsync("person.signin.refused"), e => e.Subject == added.Person.PersonId).Detail);
    }

    [Fact]
    public async Task SignIn_CodeUsedTwice_SecondRefusedAsReplay()
    {
        var added = await people.AddAsync("yamada@mizuho.example");
        var code = people.CodeNow(added.TotpSecret);

        var first = await people.SignIn.SignInAsync("yamada@mizuho.example", added.InitialPassword, code, Remote, None);
        var second = await people.SignIn.SignInAsync("yamada@mizuho.example", added.InitialPassword, code, "198.51.100.7", None);

        Assert.Equal(SignInOutcome.Succeeded, first.Outcome);
        Assert.Equal(new SignInResult(SignInOutcome.Refused), second);
        Assert.Equal("reason=code-replayed remote=198.51.100.7",
            Assert.Single(await people.AuditAsync("person.signin.refused"), e => e.Subject == added.Person.PersonId).Detail);
    }

    [Fact]
    public async Task SignIn_OneCodeInFourConcurrentAttempts_ExactlyOneSucceeds()
    {
        var added = await people.AddAsync("endo@mizuho.example");
        var code = people.CodeNow(added.TotpSecret);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => people.SignIn.SignInAsync("endo@mizuho.example", added.InitialPassword, code, Remote, None))));

        Assert.Single(results, r => r.Outcome == SignInOutcome.Succeeded);
        Assert.Equal(3, results.Count(r => r.Outcome == SignInOutcome.Refused));
        Assert.Single(await people.AuditAsync("person.signin"), e => e.Subject == added.Person.PersonId);
    }

    [Fact]
    public async Task SignIn_UnknownLogin_TheSameRefusalAsAWrongPassword_Audited()
    {
        var result = await people.SignIn.SignInAsync("nobody@mizuho.example", "whatever-password-1", "123456", Remote, None);

        Assert.Equal(new SignInResult(SignInOutcome.Refused), result);
        var refused = Assert.Single(await people.AuditAsync("person.signin.refused"), e => e.Subject == "login:nobody@mizuho.example");
        Assert.Equal(("person:?", "reason=unknown-login remote=" + Remote), (refused.Actor, refused.Detail));
    }

    [Fact]
    public async Task SignIn_HostileLoginAndRemote_RefusedAndAuditedOnOneShortLine()
    {
        var result = await people.SignIn.SignInAsync(new string('a', 10_000) + "\n<script>", new string('p', 100_000), "1\u202E23456", "evil\r\nline " + new string('x', 500), None);

        Assert.Equal(new SignInResult(SignInOutcome.Refused), result);
        var refused = Assert.Single(await people.AuditAsync("person.signin.refused"), e => e.Subject == "login:(not a login)");
        Assert.Equal("reason=unknown-login remote=evil__line_" + new string('x', 53), refused.Detail);
    }

    [Fact]
    public async Task SignIn_OversizedPasswordForAKnownLogin_RefusedAsAWrongPassword()
    {
        var added = await people.AddAsync("fujita@mizuho.example");

        var result = await people.SignIn.SignInAsync("fujita@mizuho.example", added.InitialPassword + new string('x', 2000), people.CodeNow(added.TotpSecret), Remote, None);

        Assert.Equal(new SignInResult(SignInOutcome.Refused), result);
        Assert.Equal("reason=wrong-password remote=" + Remote,
            Assert.Single(await people.AuditAsync("person.signin.refused"), e => e.Subject == added.Person.PersonId).Detail);
    }

    [Fact]
    public async Task SignIn_FiveFailures_LockedOutWhateverIsTyped_OtherAccountsNot_UntilTheLockoutEnds()
    {
        var added = await people.AddAsync("kimura@mizuho.example");
        var other = await people.AddAsync("mori@mizuho.example");
        var results = new List<SignInResult>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await people.SignIn.SignInAsync("kimura@mizuho.example", "wrong-password-" + i, people.CodeNow(added.TotpSecret), Remote, None));
        }

        var start = people.Clock.GetUtcNow();
        var whileLocked = await people.SignIn.SignInAsync("kimura@mizuho.example", added.InitialPassword, people.CodeNow(added.TotpSecret), Remote, None);
        var otherWhileLocked = await people.SignIn.SignInAsync("mori@mizuho.example", other.InitialPassword, people.CodeNow(other.TotpSecret), Remote, None);
        people.Clock.Advance(TimeSpan.FromMinutes(14));
        var stillLocked = await people.SignIn.SignInAsync("kimura@mizuho.example", added.InitialPassword, people.CodeNow(added.TotpSecret), Remote, None);
        people.Clock.Advance(TimeSpan.FromMinutes(2));
        var after = await people.SignIn.SignInAsync("kimura@mizuho.example", added.InitialPassword, people.CodeNow(added.TotpSecret), Remote, None);

        Assert.All(results.Take(4), r => Assert.Equal(SignInOutcome.Refused, r.Outcome));
        Assert.Equal(SignInOutcome.LockedOut, results[4].Outcome);
        Assert.InRange(results[4].LockedUntil!.Value, start.AddMinutes(15).AddSeconds(-30), start.AddMinutes(15).AddSeconds(1));
        Assert.Equal(new SignInResult(SignInOutcome.LockedOut, LockedUntil: results[4].LockedUntil), whileLocked);
        Assert.Equal(SignInOutcome.Succeeded, otherWhileLocked.Outcome);
        Assert.Equal(SignInOutcome.LockedOut, stillLocked.Outcome);
        Assert.Equal(SignInOutcome.Succeeded, after.Outcome);
        var refusals = (await people.AuditAsync("person.signin.refused")).Where(e => e.Subject == added.Person.PersonId).Select(e => e.Detail).ToList();
        Assert.Equal(7, refusals.Count);
        Assert.StartsWith("reason=wrong-password remote=192.0.2.10 locked-until=", refusals[4], StringComparison.Ordinal);
        Assert.Equal(["reason=locked-out remote=192.0.2.10", "reason=locked-out remote=192.0.2.10"], refusals.Skip(5));
    }

    [Fact]
    public async Task SignIn_DisabledPerson_DisabledUntilEnabled_FindGivesNullMeanwhile()
    {
        var added = await people.AddAsync("nakamura@mizuho.example");
        await people.Node.Admin.DisablePersonAsync(new DisablePersonRequest { Login = "nakamura@mizuho.example", StaffName = "suzuki" });

        var disabled = await people.SignIn.SignInAsync("nakamura@mizuho.example", added.InitialPassword, people.CodeNow(added.TotpSecret), Remote, None);
        var found = await people.SignIn.FindAsync(added.Person.PersonId, None);
        await people.Node.Admin.EnablePersonAsync(new EnablePersonRequest { Login = "nakamura@mizuho.example", StaffName = "suzuki" });
        var enabled = await people.SignIn.SignInAsync("nakamura@mizuho.example", added.InitialPassword, people.CodeNow(added.TotpSecret), Remote, None);

        Assert.Equal(new SignInResult(SignInOutcome.Disabled), disabled);
        Assert.Null(found);
        Assert.Equal(SignInOutcome.Succeeded, enabled.Outcome);
        Assert.Equal("reason=disabled remote=" + Remote,
            Assert.Single(await people.AuditAsync("person.signin.refused"), e => e.Subject == added.Person.PersonId).Detail);
    }

    [Fact]
    public async Task SignIn_PersonOfADisabledMember_Disabled_FindGivesNull()
    {
        var added = await people.AddAsync("ono@resona.example", PeopleNode.OtherMember);
        var before = await people.SignIn.SignInAsync("ono@resona.example", added.InitialPassword, people.CodeNow(added.TotpSecret), Remote, None);
        await people.Node.Admin.DisableMemberAsync(new DisableMemberRequest { MemberId = PeopleNode.OtherMember, Reason = "contract ended" });
        people.Clock.Advance(TimeSpan.FromSeconds(30));

        var after = await people.SignIn.SignInAsync("ono@resona.example", added.InitialPassword, people.CodeNow(added.TotpSecret), Remote, None);

        Assert.Equal(SignInOutcome.Succeeded, before.Outcome);
        Assert.Equal(new SignInResult(SignInOutcome.Disabled), after);
        Assert.Null(await people.SignIn.FindAsync(added.Person.PersonId, None));
    }

    [Fact]
    public async Task SessionStamp_NewOnPasswordChangeResetAndDisable_OldCredentialsNoLongerSignIn()
    {
        var added = await people.AddAsync("hayashi@mizuho.example");
        var signedIn = (await people.SignIn.SignInAsync("hayashi@mizuho.example", added.InitialPassword, people.CodeNow(added.TotpSecret), Remote, None)).Person!;

        var changed = await people.SignIn.ChangePasswordAsync(signedIn.PersonId, added.InitialPassword, "correct horse battery staple", None);
        people.Clock.Advance(TimeSpan.FromSeconds(30));
        var oldPassword = await people.SignIn.SignInAsync("hayashi@mizuho.example", added.InitialPassword, people.CodeNow(added.TotpSecret), Remote, None);
        var newPassword = await people.SignIn.SignInAsync("hayashi@mizuho.example", "correct horse battery staple", people.CodeNow(added.TotpSecret), Remote, None);
        var reset = await people.Node.Admin.ResetPersonAsync(new ResetPersonRequest { Login = "hayashi@mizuho.example", StaffName = "suzuki" });
        var afterReset = (await people.SignIn.FindAsync(signedIn.PersonId, None))!;
        var oldSecret = await people.SignIn.SignInAsync("hayashi@mizuho.example", reset.InitialPassword, people.CodeNow(added.TotpSecret), Remote, None);
        var newSecret = await people.SignIn.SignInAsync("hayashi@mizuho.example", reset.InitialPassword, people.CodeNow(reset.TotpSecret), Remote, None);
        await people.Node.Admin.DisablePersonAsync(new DisablePersonRequest { Login = "hayashi@mizuho.example", StaffName = "suzuki" });
        await people.Node.Admin.EnablePersonAsync(new EnablePersonRequest { Login = "hayashi@mizuho.example", StaffName = "suzuki" });
        var afterDisable = (await people.SignIn.FindAsync(signedIn.PersonId, None))!;

        Assert.Equal(PasswordChangeOutcome.Changed, changed.Outcome);
        var stamps = new[] { signedIn.SessionStamp, changed.Person!.SessionStamp, afterReset.SessionStamp, afterDisable.SessionStamp };
        Assert.Equal(4, stamps.Distinct().Count());
        Assert.Equal(SignInOutcome.Refused, oldPassword.Outcome);
        Assert.Equal(SignInOutcome.Succeeded, newPassword.Outcome);
        Assert.NotEqual(added.TotpSecret, reset.TotpSecret);
        Assert.Equal(SignInOutcome.Refused, oldSecret.Outcome);
        Assert.Equal(SignInOutcome.Succeeded, newSecret.Outcome);
        Assert.Single(await people.AuditAsync("person.password"), e => e.Subject == signedIn.PersonId);
        Assert.Equal("staff:suzuki", Assert.Single(await people.AuditAsync("person.reset"), e => e.Subject == signedIn.PersonId).Actor);
        Assert.Equal("staff:suzuki", Assert.Single(await people.AuditAsync("person.disable"), e => e.Subject == signedIn.PersonId).Actor);
    }

    [Fact]
    public async Task ChangePassword_TooShortNameOrWrongCurrent_RefusedAndNothingChanges()
    {
        var added = await people.AddAsync("inoue@mizuho.example", name: "Inoue Kentaro Mizuho");
        var id = added.Person.PersonId;

        var tooShort = await people.SignIn.ChangePasswordAsync(id, added.InitialPassword, "elevenchars", None);
        var login = await people.SignIn.ChangePasswordAsync(id, added.InitialPassword, "INOUE@mizuho.example", None);
        var name = await people.SignIn.ChangePasswordAsync(id, added.InitialPassword, "inoue kentaro mizuho", None);
        var wrong = await people.SignIn.ChangePasswordAsync(id, "not-the-password", "a good long passphrase", None);
        var unknown = await people.SignIn.ChangePasswordAsync("no-such-person", added.InitialPassword, "a good long passphrase", None);
        var stillWorks = await people.SignIn.SignInAsync("inoue@mizuho.example", added.InitialPassword, people.CodeNow(added.TotpSecret), Remote, None);

        Assert.Equal(new PasswordChangeResult(PasswordChangeOutcome.BadLength, MinLength: 12), tooShort);
        Assert.Equal(PasswordChangeOutcome.SameAsName, login.Outcome);
        Assert.Equal(PasswordChangeOutcome.SameAsName, name.Outcome);
        Assert.Equal(new PasswordChangeResult(PasswordChangeOutcome.WrongPassword), wrong);
        Assert.Equal(new PasswordChangeResult(PasswordChangeOutcome.Disabled), unknown);
        Assert.Equal(SignInOutcome.Succeeded, stillWorks.Outcome);
        Assert.Equal("reason=password-change-wrong-password remote=-",
            Assert.Single(await people.AuditAsync("person.signin.refused"), e => e.Subject == id).Detail);
    }

    [Fact]
    public async Task SetLanguage_Stored_FindShowsIt()
    {
        var added = await people.AddAsync("ogawa@mizuho.example");

        await people.SignIn.SetLanguageAsync(added.Person.PersonId, "ja", None);
        var japanese = await people.SignIn.FindAsync(added.Person.PersonId, None);
        await people.SignIn.SetLanguageAsync(added.Person.PersonId, null, None);
        var browser = await people.SignIn.FindAsync(added.Person.PersonId, None);

        Assert.Equal("ja", japanese!.Language);
        Assert.Null(browser!.Language);
    }
}
