using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

/// <summary>`people …` against a fake node over a real Unix socket (docs/CONSOLE.md §2): what is sent, what is printed, in both languages.</summary>
public sealed class PeopleCliTests : IAsyncLifetime
{
    private AdminSocketServer _server = null!;

    public async Task InitializeAsync() => _server = await AdminSocketServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PeopleAdd_MemberPerson_SentWithTheStaffName_CredentialsPrintedOnceWithTheHandOverWarning()
    {
        var result = await _server.RunAsync("people", "add", "--login", "sato@mizuho.example", "--name", "Sato Ichiro", "--member", "mizuho-bank", "--language", "JA",
            "--as", "suzuki", "--lang", "en");

        Assert.True(result.ExitCode == 0, result.ToString());
        var sent = _server.Service.LastAddPerson!;
        Assert.Equal(("sato@mizuho.example", "Sato Ichiro", "mizuho-bank", PersonAccountKind.Member, "ja", "suzuki", ""),
            (sent.Login, sent.DisplayName, sent.MemberId, sent.Kind, sent.Language, sent.StaffName, sent.ContactId));
        Assert.Contains("Person sato@mizuho.example added.", result.Out, StringComparison.Ordinal);
        Assert.Contains("Shown once only. Hand these to the person by a separate channel", result.Out, StringComparison.Ordinal);
        Assert.Contains(FakeAdminService.InitialPassword, result.Out, StringComparison.Ordinal);
        Assert.Contains(FakeAdminService.TotpSecret, result.Out, StringComparison.Ordinal);
        Assert.Contains("otpauth://totp/CEPTOAR%20bank-ceptoar:sato?secret=", result.Out, StringComparison.Ordinal);
        Assert.Contains("member mizuho-bank", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeopleAdd_Japanese_HandOverWarningInJapanese()
    {
        var result = await _server.RunAsync("people", "add", "--login", "yamada", "--name", "山田 太郎", "--council", "--as", "suzuki", "--lang", "ja");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(PersonAccountKind.Council, _server.Service.LastAddPerson!.Kind);
        Assert.Contains("担当者 yamada を追加しました。", result.Out, StringComparison.Ordinal);
        Assert.Contains("この表示は一度だけです。別の経路で本人に渡してください", result.Out, StringComparison.Ordinal);
        Assert.Contains("初期パスワード", result.Out, StringComparison.Ordinal);
        Assert.Contains("協議会", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeopleAdd_FromContact_OnlyTheContactAndLoginSent()
    {
        var result = await _server.RunAsync("people", "add", "--contact", "ct-0123456789", "--as", "suzuki", "--lang", "en");

        Assert.True(result.ExitCode == 0, result.ToString());
        var sent = _server.Service.LastAddPerson!;
        Assert.Equal(("ct-0123456789", "", "", PersonAccountKind.Unspecified, ""), (sent.ContactId, sent.Login, sent.MemberId, sent.Kind, sent.Language));
    }

    [Fact]
    public async Task PeopleAdd_Json_OneDocumentOnStdout_WarningOnStderr()
    {
        var result = await _server.RunAsync("people", "add", "--login", "kato", "--name", "Kato", "--staff", "--as", "suzuki", "--json", "--lang", "en");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("{", result.Out.Trim(), StringComparison.Ordinal);
        Assert.Contains("\"initialPassword\": \"" + FakeAdminService.InitialPassword + "\"", result.Out, StringComparison.Ordinal);
        Assert.Contains("Shown once only", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Give exactly one of --member, --staff, --council, or --contact.", "people", "add", "--login", "x", "--name", "X")]
    [InlineData("Give exactly one of --member, --staff, --council, or --contact.", "people", "add", "--login", "x", "--name", "X", "--staff", "--council")]
    [InlineData("--contact takes the name, member and language from the contact", "people", "add", "--contact", "ct-1", "--name", "X")]
    [InlineData("Give the person's login with --login", "people", "add", "--name", "X", "--staff")]
    [InlineData("Give the person's name with --name", "people", "add", "--login", "x", "--staff")]
    [InlineData("--language: 'fr' is not a language: use ja or en.", "people", "add", "--login", "x", "--name", "X", "--staff", "--language", "fr")]
    public async Task PeopleAdd_BadArguments_UsageErrorNamingTheOption_NothingSent(string message, params string[] args)
    {
        var result = await _server.RunAsync([.. args, "--as", "suzuki", "--lang", "en"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Null(_server.Service.LastAddPerson);
    }

    [Fact]
    public async Task PeopleList_Table_KindStateAndLanguage()
    {
        _server.Service.People.Add(new PersonView { Login = "sato", DisplayName = "Sato", MemberId = "mizuho-bank", Kind = PersonAccountKind.Member, Language = "ja" });
        _server.Service.People.Add(new PersonView { Login = "suzuki", DisplayName = "Suzuki", Kind = PersonAccountKind.Staff, Disabled = true });

        var result = await _server.RunAsync("people", "list", "--lang", "en");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"sato\s*│\s*Sato\s*│\s*member mizuho-bank\s*│\s*ja\s*│\s*active\s*│\s*never", result.Out);
        Assert.Matches(@"suzuki\s*│\s*Suzuki\s*│\s*staff\s*│\s*browser\s*│\s*disabled", result.Out);
    }

    [Fact]
    public async Task PeopleDisable_UnknownLogin_ExitNonZeroWithTheNodesMessage()
    {
        var result = await _server.RunAsync("people", "disable", "nobody", "--as", "suzuki", "--lang", "en");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("login 'nobody': no such person on this node", result.Error, StringComparison.Ordinal);
        Assert.Equal("suzuki", _server.Service.LastDisablePerson!.StaffName);
    }

    [Fact]
    public async Task PeopleReset_Known_NewCredentialsPrintedWithTheWarning_Japanese()
    {
        _server.Service.People.Add(new PersonView { Login = "sato", DisplayName = "Sato", Kind = PersonAccountKind.Staff });

        var result = await _server.RunAsync("people", "reset", "sato", "--as", "suzuki", "--lang", "ja");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(("sato", "suzuki"), (_server.Service.LastResetPerson!.Login, _server.Service.LastResetPerson.StaffName));
        Assert.Contains("担当者 sato をリセットしました", result.Out, StringComparison.Ordinal);
        Assert.Contains("別の経路で本人に渡してください", result.Out, StringComparison.Ordinal);
        Assert.Contains(FakeAdminService.TotpSecret, result.Out, StringComparison.Ordinal);
    }
}
