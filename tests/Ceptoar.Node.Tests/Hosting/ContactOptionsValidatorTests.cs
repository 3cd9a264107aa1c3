using Ceptoar.Node.Composition;
using Ceptoar.Node.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Tests.Hosting;

/// <summary>
/// "Node:ContactMeans" and "Node:EmergencyContact" as an operator writes them (bound from settings, checked by the node's
/// validator at start): each bad setting is refused by name with what to do, and the sample federation's are accepted.
/// </summary>
public sealed class ContactOptionsValidatorTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Validate_WellFormedContacts_Accepted()
    {
        var result = new NodeOptionsValidator().Validate(null, Bind(ValidSettings()));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("Tokyo")]
    [InlineData("Asia/Nowhere")]
    public void Validate_TimeZoneNotAZone_RefusedNamingTheSetting(string zone)
    {
        var settings = ValidSettings();
        settings["Node:TimeZone"] = zone;

        var result = new NodeOptionsValidator().Validate(null, Bind(settings));

        Assert.False(result.Succeeded);
        Assert.Contains($"Node:TimeZone '{zone}' is not a time zone", result.FailureMessage);
    }

    [Fact]
    public void Validate_TimeZoneUnset_AsiaTokyo()
    {
        var options = Bind(ValidSettings());

        Assert.True(new NodeOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("Asia/Tokyo", options.TimeZone);
        Assert.Equal(TimeSpan.FromHours(9), options.Zone.GetUtcOffset(DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Validate_NoContactsAtAll_Accepted()
    {
        var settings = ValidSettings();
        foreach (var key in settings.Keys.Where(k => k.Contains("Contact", StringComparison.Ordinal)).ToList())
        {
            settings.Remove(key);
        }

        var options = Bind(settings);
        var result = new NodeOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Empty(options.ContactMeans);
        Assert.Null(options.EmergencyContact);
    }

    [Theory]
    [InlineData("Node:ContactMeans:0:Kind", "pager", "Node:ContactMeans:0:Kind 'pager' is not a contact kind: use one of email, phone, fax, web, mobile, satellite-phone, tv-conference, other")]
    [InlineData("Node:ContactMeans:0:Kind", "", "Node:ContactMeans:0:Kind is missing: set one of email, phone")]
    [InlineData("Node:ContactMeans:1:Value", "", "Node:ContactMeans:1:Value is empty: set the address, number or URL")]
    [InlineData("Node:ContactMeans:1:Value", "   ", "Node:ContactMeans:1:Value is empty")]
    [InlineData("Node:ContactMeans:0:Value", "ceptoar.bank.example.jp", "Node:ContactMeans:0:Value 'ceptoar.bank.example.jp' is not an e-mail address: write it as name@domain")]
    [InlineData("Node:ContactMeans:0:Value", "Secretariat <ceptoar@bank.example.jp>", "Node:ContactMeans:0:Value 'Secretariat <ceptoar@bank.example.jp>' is not an e-mail address")]
    [InlineData("Node:ContactMeans:1:Value", "03-0000-0101 ext 12", "Node:ContactMeans:1:Value '03-0000-0101 ext 12' is not a telephone number: use digits with '-'")]
    [InlineData("Node:ContactMeans:2:Value", "bank.example.jp/ceptoar", "Node:ContactMeans:2:Value 'bank.example.jp/ceptoar' is not a web address: use an absolute URL")]
    [InlineData("Node:ContactMeans:1:LabelJa", "事務局\n当番", "Node:ContactMeans:1:LabelJa has line breaks, control characters or spaces at either end: write it on one line")]
    [InlineData("Node:EmergencyContact:Email", "emergency@", "Node:EmergencyContact:Email 'emergency@' is not an e-mail address")]
    [InlineData("Node:EmergencyContact:Phone", "call the duty officer", "Node:EmergencyContact:Phone 'call the duty officer' is not a telephone number")]
    [InlineData("Node:EmergencyContact:Since", "2007/04", "Node:EmergencyContact:Since '2007/04' is not a year and month: write it as YYYY-MM, e.g. 2007-04")]
    [InlineData("Node:EmergencyContact:NameJa|Node:EmergencyContact:NameEn", "", "Node:EmergencyContact:NameJa and NameEn are both empty: name the person or unit on call")]
    [InlineData("Node:EmergencyContact:Phone|Node:EmergencyContact:Email", "", "Node:EmergencyContact:Phone and Email are both empty: give at least one way to reach the emergency contact")]
    [InlineData("Node:EmergencyContact:HoursJa|Node:EmergencyContact:HoursEn", "", "Node:EmergencyContact:HoursJa and HoursEn are both empty: say when it answers")]
    public void Validate_OneBadContactSetting_RefusedNamingItAndTheFix(string keys, string value, string expected)
    {
        var settings = ValidSettings();
        foreach (var key in keys.Split('|'))
        {
            settings[key] = value;
        }

        var result = new NodeOptionsValidator().Validate(null, Bind(settings));

        Assert.True(result.Failed);
        Assert.StartsWith(expected, Assert.Single(result.Failures ?? []), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Node:ContactMeans:2:Value", 200, 201, "Node:ContactMeans:2:Value is 201 characters long: shorten it to at most 200.")]
    [InlineData("Node:ContactMeans:0:LabelEn", 100, 101, "Node:ContactMeans:0:LabelEn is 101 characters long: shorten it to at most 100.")]
    [InlineData("Node:EmergencyContact:HoursEn", 100, 101, "Node:EmergencyContact:HoursEn is 101 characters long: shorten it to at most 100.")]
    [InlineData("Node:EmergencyContact:NameJa", 100, 101, "Node:EmergencyContact:NameJa is 101 characters long: shorten it to at most 100.")]
    public void Validate_OverLongValue_RefusedAtOneMoreThanTheLimit(string key, int longest, int tooLong, string expected)
    {
        var settings = ValidSettings();
        // A web address and plain texts of the given length: only their length can be wrong.
        string Text(int length) => key.EndsWith(":Value", StringComparison.Ordinal)
            ? "https://bank.example.jp/" + new string('a', length - "https://bank.example.jp/".Length)
            : new string('窓', length);

        settings[key] = Text(longest);
        Assert.True(new NodeOptionsValidator().Validate(null, Bind(settings)).Succeeded, $"{longest} characters are allowed in {key}");

        settings[key] = Text(tooLong);
        var result = new NodeOptionsValidator().Validate(null, Bind(settings));

        Assert.Equal(expected, Assert.Single(result.Failures ?? []));
    }

    [Fact]
    public void Validate_ThirteenContactMeans_RefusedNamingTheListAndTheLimit()
    {
        var settings = ValidSettings();
        for (var i = 3; i < 13; i++)
        {
            settings[$"Node:ContactMeans:{i}:Kind"] = "phone";
            settings[$"Node:ContactMeans:{i}:Value"] = $"03-0000-01{i:00}";
        }

        var result = new NodeOptionsValidator().Validate(null, Bind(settings));

        Assert.Equal("Node:ContactMeans lists 13 contact means: list at most 12; put the ones people use first.", Assert.Single(result.Failures ?? []));
    }

    [Fact]
    public async Task Build_BadContactSettings_NodeDoesNotStartAndNamesEach()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        var settings = NodeArguments.For(federation, "bank-ceptoar", _dir.Combine("node"));
        settings["Node:ContactMeans:0:Kind"] = "telex";
        settings["Node:ContactMeans:0:Value"] = "0000";
        settings["Node:EmergencyContact:NameEn"] = "Duty officer";
        settings["Node:EmergencyContact:Email"] = "duty at bank.example.jp";
        settings["Node:EmergencyContact:HoursEn"] = "24/7";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NodeApp.BuildAsync(NodeArguments.ToArgs(settings)));

        Assert.Equal("Node", error.OptionsName);
        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Node:ContactMeans:0:Kind 'telex' is not a contact kind", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Node:EmergencyContact:Email 'duty at bank.example.jp' is not an e-mail address", StringComparison.Ordinal));
        Assert.False(Directory.Exists(_dir.Combine("node")), "a refused configuration must not create the data directory");
    }

    [Fact]
    public void Validate_SampleFederationConfigurations_ContactsAcceptedAndAfterThe2014Roster()
    {
        // The means of the 2014 roster (node/Ceptoar.Core/Items/Vocabulary/ceptoars-2014.json); e-conference and meetings have no kind of their own, so "other".
        var rosterKinds = new Dictionary<string, string[]>
        {
            ["bank-ceptoar"] = ["email", "phone", "web"],
            ["electricity-ceptoar"] = ["email", "phone", "mobile", "fax", "other", "tv-conference", "other"],
            ["local-gov-ceptoar"] = ["email", "phone", "web"],
            ["council"] = ["email", "phone"],
            ["nisc"] = ["email", "phone", "fax"],
        };

        foreach (var (nodeId, kinds) in rosterKinds)
        {
            var path = Path.Combine(RepositoryRoot(), "certs-sample", nodeId + ".node.json");
            var options = new NodeOptions();
            new ConfigurationBuilder().AddJsonFile(path).Build().GetSection("Node").Bind(options);
            var errors = new List<string>();

            ContactOptionsValidator.Check(errors, options);

            Assert.True(errors.Count == 0, $"{nodeId}: {string.Join(" ", errors)}");
            Assert.Equal(kinds, options.ContactMeans.Select(m => m.Kind));
            // Invented, and marked so: nobody should mistake them for a secretariat's real contacts.
            Assert.All(options.ContactMeans, m => Assert.True(m.LabelJa.EndsWith("（サンプル）", StringComparison.Ordinal) && m.LabelEn.EndsWith(" (sample)", StringComparison.Ordinal), $"{nodeId}: {m.Value}"));
            var desk = options.EmergencyContact ?? throw new Xunit.Sdk.XunitException($"{nodeId} has no emergency contact");
            Assert.Contains("サンプル", desk.NameJa, StringComparison.Ordinal);
            Assert.Contains("sample", desk.NameEn, StringComparison.Ordinal);
            Assert.EndsWith(".example.jp", desk.Email, StringComparison.Ordinal);
            Assert.Matches(@"^0[39]0?-0000-\d{4}$", desk.Phone);
            Assert.All(options.ContactMeans.Where(m => m.Kind is "phone" or "fax" or "mobile"), m => Assert.Matches(@"^0[39]0?-0000-\d{4}$", m.Value));
            Assert.All(options.ContactMeans.Where(m => m.Kind == "email"), m => Assert.EndsWith(".example.jp", m.Value, StringComparison.Ordinal));
        }
    }

    private Dictionary<string, string?> ValidSettings()
    {
        var certificates = Directory.CreateDirectory(_dir.Combine("certs")).FullName;
        var root = _dir.Combine("root.crt.pem");
        File.WriteAllText(root, string.Empty);
        return new Dictionary<string, string?>
        {
            ["Node:Id"] = "bank-ceptoar",
            ["Node:DataDir"] = _dir.Combine("data"),
            ["Node:CertificatesDir"] = certificates,
            ["Node:TrustedRoots:0"] = root,
            ["Node:ContactMeans:0:Kind"] = "email",
            ["Node:ContactMeans:0:Value"] = "ceptoar@bank.example.jp",
            ["Node:ContactMeans:0:LabelJa"] = "事務局",
            ["Node:ContactMeans:0:LabelEn"] = "Secretariat",
            ["Node:ContactMeans:1:Kind"] = "phone",
            ["Node:ContactMeans:1:Value"] = "+81-3-0000-0101",
            ["Node:ContactMeans:2:Kind"] = "web",
            ["Node:ContactMeans:2:Value"] = "https://bank.example.jp/ceptoar/",
            ["Node:EmergencyContact:NameJa"] = "事務局 当番",
            ["Node:EmergencyContact:NameEn"] = "Duty officer",
            ["Node:EmergencyContact:Phone"] = "03-0000-0199",
            ["Node:EmergencyContact:Email"] = "emergency@bank.example.jp",
            ["Node:EmergencyContact:HoursJa"] = "平日 9:00-17:30",
            ["Node:EmergencyContact:HoursEn"] = "Weekdays 9:00-17:30",
            ["Node:EmergencyContact:Since"] = "2007-04",
        };
    }

    private static NodeOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new NodeOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(NodeOptions.Section).Bind(options);
        return options;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Federation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Federation.sln not found above " + AppContext.BaseDirectory);
    }
}
