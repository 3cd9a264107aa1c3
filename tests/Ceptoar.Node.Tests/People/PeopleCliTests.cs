using System.Text.RegularExpressions;
using Ceptoar.AdminCli;
using Ceptoar.Node.People;

namespace Ceptoar.Node.Tests.People;

/// <summary>
/// `ceptoar-admin people` against a real node: the password and the TOTP secret it prints sign the person in (the code
/// computed here with HMAC-SHA-1 from the printed secret); after `people reset` only the new ones do.
/// </summary>
public sealed partial class PeopleCliTests(PeopleNode people) : IClassFixture<PeopleNode>
{
    [Fact]
    public async Task PeopleAdd_PrintedPasswordAndSecret_SignTheMemberPersonIn()
    {
        var add = await RunAsync("people", "add", "--login", "takahashi@mizuho.example", "--name", "Takahashi Jiro", "--member", PeopleNode.Member, "--as", "suzuki");
        Assert.True(add.Code == 0, add.Error);
        var (password, secret) = Credentials(add.Output);

        var result = await people.SignIn.SignInAsync("takahashi@mizuho.example", password, TestTotp.Code(secret, people.Clock.GetUtcNow()), "192.0.2.20", CancellationToken.None);

        Assert.Equal(SignInOutcome.Succeeded, result.Outcome);
        Assert.Equal((PeopleNode.Member, PersonKind.Member), (result.Person!.MemberId, result.Person.Kind));
    }

    [Fact]
    public async Task PeopleReset_NewCredentialsSignIn_OldOnesNoLonger_ListShowsTheState()
    {
        var add = await RunAsync("people", "add", "--login", "matsumoto", "--name", "Matsumoto Yui", "--staff", "--as", "suzuki");
        var (oldPassword, oldSecret) = Credentials(add.Output);

        var reset = await RunAsync("people", "reset", "matsumoto", "--as", "suzuki");
        var (newPassword, newSecret) = Credentials(reset.Output);
        var old = await people.SignIn.SignInAsync("matsumoto", oldPassword, TestTotp.Code(oldSecret, people.Clock.GetUtcNow()), "192.0.2.20", CancellationToken.None);
        var renewed = await people.SignIn.SignInAsync("matsumoto", newPassword, TestTotp.Code(newSecret, people.Clock.GetUtcNow()), "192.0.2.20", CancellationToken.None);
        var disable = await RunAsync("people", "disable", "matsumoto", "--as", "suzuki");
        var list = await RunAsync("people", "list");

        Assert.True(reset.Code == 0, reset.Error);
        Assert.Equal(SignInOutcome.Refused, old.Outcome);
        Assert.Equal(SignInOutcome.Succeeded, renewed.Outcome);
        Assert.Contains("Person matsumoto disabled", disable.Output, StringComparison.Ordinal);
        Assert.Matches(@"matsumoto\s*│\s*Matsumoto Yui\s*│\s*staff\s*│\s*browser\s*│\s*disabled", list.Output);
    }

    private static (string Password, string Secret) Credentials(string output) =>
        (PasswordLine().Match(output).Groups[1].Value, SecretLine().Match(output).Groups[1].Value);

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--lang", "en", "--socket", people.Node.Ready.AdminSocket], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [GeneratedRegex(@"Initial password\s*│?\s*([A-Za-z0-9]{20})\b")]
    private static partial Regex PasswordLine();

    [GeneratedRegex(@"TOTP secret \(authenticator app\)\s*│?\s*([A-Z2-7]{32})\b")]
    private static partial Regex SecretLine();
}
