using System.Text.RegularExpressions;
using Ceptoar.AdminCli;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Notifications;

/// <summary>`ceptoar-admin contacts` and `notify` against a real node and a real SMTP server in the test process.</summary>
public sealed partial class NotifyCliTests(NotifyTestPki pki) : IClassFixture<NotifyTestPki>, IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private SmtpSink _sink = null!;
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        _sink = await SmtpSink.StartAsync(pki.ServerCertificate, (NotifyTestPki.User, NotifyTestPki.Password));
        _node = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), "bank-ceptoar", _dir.Combine("data"), settings =>
        {
            settings["Notify:Smtp:Host"] = "127.0.0.1";
            settings["Notify:Smtp:Port"] = _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Notify:Smtp:User"] = NotifyTestPki.User;
            settings["Notify:Smtp:PasswordFile"] = pki.PasswordFile;
            settings["Notify:Smtp:From"] = "CEPTOAR <notify@bank-ceptoar.example>";
            settings["Notify:Smtp:TrustedRootFile"] = pki.RootFile;
        });
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task ContactsAdd_ThenAnItem_NotifyStatusShowsWhoWasToldOverWhichChannel()
    {
        var key = await _node.AddMemberWithKeyAsync("mizuho-bank");
        await _node.AddMemberWithKeyAsync("resona-bank");

        var add = await RunAsync("contacts", "add", "--member", "resona-bank", "--name", "Alice Smith", "--email", "alice@resona.example", "--language", "en", "--role", "CSIRT");
        Assert.True(add.Code == 0, add.Error);
        var contactId = ContactIdPattern().Match(add.Output).Value;
        Assert.NotEmpty(contactId);
        var submitted = await _node.Member(key).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "ATM network outage")));
        await Until.TrueAsync(async () => (await RunAsync("notify", "status", submitted.ItemId, "--json")).Output.Contains("\"sent\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the notification is recorded as sent");

        var status = await RunAsync("notify", "status", submitted.ItemId);
        var outbox = await RunAsync("notify", "outbox");
        var list = await RunAsync("contacts", "list", "--member", "resona-bank");

        Assert.True(status.Code == 0, status.Error);
        Assert.Contains($"Alice Smith ({contactId})", status.Output, StringComparison.Ordinal);
        Assert.Contains("alice@resona.example", status.Output, StringComparison.Ordinal);
        Assert.Contains("e-mail alice@resona.example", status.Output, StringComparison.Ordinal);
        Assert.Contains("sent", status.Output, StringComparison.Ordinal);
        Assert.Equal("Nothing waits and nothing failed: every notification was sent.", outbox.Output.Trim());
        Assert.Contains("CSIRT", list.Output, StringComparison.Ordinal);
        Assert.Equal("alice@resona.example", Assert.Single(_sink.Received).Recipients.Single());
    }

    [Fact]
    public async Task NotifyTest_Contact_ExerciseMessageArrives_ThenContactsRemove()
    {
        var add = await RunAsync("contacts", "add", "--duty", "--name", "当番 一郎", "--email", "duty@bank-ceptoar.example", "--language", "ja");
        var contactId = ContactIdPattern().Match(add.Output).Value;

        var test = await RunAsync("notify", "test", contactId);
        var remove = await RunAsync("contacts", "remove", contactId, "--reason", "left the duty roster");
        var list = await RunAsync("contacts", "list");

        Assert.True(test.Code == 0, test.Error + test.Output);
        var mail = Assert.Single(_sink.Received);
        Assert.Equal("[訓練] [TLP:CLEAR] 各種関連情報（重大度: なし）: セプター通知のテスト", mail.Message.Subject);
        Assert.True(remove.Code == 0, remove.Error);
        Assert.Equal("No contacts yet: add one with `contacts add`.", list.Output.Trim());
    }

    [Theory]
    [InlineData(4, "no member 'nobody-bank'", "--member", "nobody-bank", "--email", "a@b.example", "--language", "en")]
    [InlineData(1, "--language", "--member", "resona-bank", "--email", "a@b.example", "--language", "fr")]
    [InlineData(1, "--email", "--member", "resona-bank", "--email", "not-an-address", "--language", "en")]
    [InlineData(1, "--member", "--member", "resona-bank", "--duty", "--email", "a@b.example", "--language", "en")]
    [InlineData(6, "webhook_url", "--member", "resona-bank", "--webhook", "http://soc.resona.example/hook", "--language", "en")]
    public async Task ContactsAdd_BadInput_ExitCodeAndMessageNamingIt(int code, string named, params string[] args)
    {
        await _node.AddMemberWithKeyAsync("resona-bank");

        var add = await RunAsync(["contacts", "add", "--name", "Alice", .. args]);

        Assert.Equal(code, add.Code);
        Assert.Contains(named, add.Error, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--lang", "en", "--socket", _node.Ready.AdminSocket], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [GeneratedRegex("ct-[0-9a-f]{10}")]
    private static partial Regex ContactIdPattern();
}
