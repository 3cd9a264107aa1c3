using Ceptoar.Node.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Tests.Notifications;

/// <summary>The "Notify" settings: a bad one stops the node at start with a message naming it and saying what to do.</summary>
public sealed class NotifyOptionsValidatorTests(NotifyTestPki pki) : IClassFixture<NotifyTestPki>
{
    public static TheoryData<string, string, string, string> BadSettings() => new()
    {
        // setting, value, the key the message must name, a phrase of the fix
        { "Notify:Smtp:Security", "Ssl", "Notify:Smtp:Security", "use StartTls, Tls or None" },
        { "Notify:Smtp:Security", "1", "Notify:Smtp:Security", "use StartTls, Tls or None" },
        { "Notify:Smtp:Host", "smtp.example.jp", "Notify:Smtp:Security", "None only to a relay on this machine" },
        { "Notify:Smtp:Port", "0", "Notify:Smtp:Port", "use 587" },
        { "Notify:Smtp:From", "nobody", "Notify:Smtp:From", "give the sender" },
        { "Notify:Smtp:PasswordFile", "", "Notify:Smtp:PasswordFile", "first line is the SMTP password" },
        { "Notify:Smtp:PasswordFile", "/nonexistent/smtp-password", "Notify:Smtp:PasswordFile", "does not exist" },
        { "Notify:Smtp:TrustedRootFile", "/nonexistent/root.pem", "Notify:Smtp:TrustedRootFile", "PEM file of the CA's root" },
        { "Notify:Smtp:ConnectTimeoutSeconds", "301", "Notify:Smtp:ConnectTimeoutSeconds", "use 1 to 300 seconds" },
        { "Notify:Smtp:CommandTimeoutSeconds", "0", "Notify:Smtp:CommandTimeoutSeconds", "use 1 to 600 seconds per SMTP reply" },
        { "Notify:Webhook:TimeoutSeconds", "0", "Notify:Webhook:TimeoutSeconds", "use 1 to 300 seconds" },
        { "Notify:Webhook:TrustedRootFile", "/nonexistent/root.pem", "Notify:Webhook:TrustedRootFile", "PEM file" },
        { "Notify:RetryMaxSeconds", "10", "Notify:RetryInitialSeconds", "at least as large" },
        { "Notify:GiveUpAfterMinutes", "0", "Notify:GiveUpAfterMinutes", "use 1 to 43200 minutes" },
        { "Notify:EscalateAfterMinutes", "0", "Notify:EscalateAfterMinutes", "use 1 to 10080 minutes" },
    };

    [Fact]
    public void AddNotifications_NoNotifySection_DefaultsValid()
    {
        var options = Options(new Dictionary<string, string?>());

        Assert.Equal("", options.Smtp.Host);
        Assert.Equal(SmtpSecurity.StartTls, options.Smtp.SecurityMode);
        Assert.Equal(1440, options.GiveUpAfterMinutes);
        Assert.Equal(30, options.EscalateAfterMinutes);
    }

    [Fact]
    public void AddNotifications_GoodSmtpSettings_Bound()
    {
        var options = Options(Good());

        Assert.Equal("127.0.0.1", options.Smtp.Host);
        Assert.Equal(SmtpSecurity.None, options.Smtp.SecurityMode);
        Assert.Equal(pki.PasswordFile, options.Smtp.PasswordFile);
    }

    [Fact]
    public async Task AddNotifications_GoodSettings_BothChannelsResolve()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Good()).Build();
        await using var provider = new ServiceCollection().AddLogging().AddNotifications(configuration).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.True(provider.GetRequiredService<MailChannel>().IsConfigured);
        Assert.NotNull(provider.GetRequiredService<WebhookChannel>());
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void AddNotifications_BadSetting_StartFailsNamingIt(string key, string value, string named, string fix)
    {
        var settings = Good();
        settings[key] = value;

        var e = Assert.Throws<OptionsValidationException>(() => Options(settings));

        var failure = Assert.Single(e.Failures, f => f.StartsWith(named + " ", StringComparison.Ordinal));
        Assert.Contains(fix, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AddNotifications_PasswordFileReadableByEveryone_RefusedWithTheFix()
    {
        var open = pki.Combine("open-password");
        File.WriteAllText(open, "secret\n");
        File.SetUnixFileMode(open, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var settings = Good();
        settings["Notify:Smtp:PasswordFile"] = open;

        var e = Assert.Throws<OptionsValidationException>(() => Options(settings));

        Assert.Contains($"chmod 600 {open}", Assert.Single(e.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void AddNotifications_SmtpSettingsWithoutHost_NamesTheHost()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Options(new Dictionary<string, string?> { ["Notify:Smtp:From"] = "notify@bank-ceptoar.example" }));

        Assert.StartsWith("Notify:Smtp:Host is empty", Assert.Single(e.Failures), StringComparison.Ordinal);
    }

    /// <summary>A relay on this machine without TLS, with a login: valid.</summary>
    private Dictionary<string, string?> Good() => new()
    {
        ["Notify:Smtp:Host"] = "127.0.0.1",
        ["Notify:Smtp:Port"] = "25",
        ["Notify:Smtp:Security"] = "none",
        ["Notify:Smtp:User"] = NotifyTestPki.User,
        ["Notify:Smtp:PasswordFile"] = pki.PasswordFile,
        ["Notify:Smtp:From"] = "CEPTOAR <notify@bank-ceptoar.example>",
        ["Notify:Smtp:TrustedRootFile"] = pki.RootFile,
    };

    private static NotifyOptions Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddLogging().AddNotifications(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<NotifyOptions>>().Value;
    }
}
