using Ceptoar.AdminCli;
using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// A node's contact means and emergency contact travel in its signed descriptor to its peers (docs/PROTOCOL.md §8): real
/// nodes on loopback with mutual TLS, a council hub learning bank-ceptoar's contacts, then its new ones after a restart;
/// and a descriptor of a node that predates the structured fields still verifies and shows.
/// </summary>
public sealed class DirectoryContactsTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestFederation _federation = null!;
    private TestNode _council = null!;

    public async Task InitializeAsync()
    {
        _federation = new TestFederation(_dir.Combine("pki"));
        _council = await TestNode.StartAsync(_federation, "council", _dir.Combine("council"), s =>
        {
            s["Node:Role"] = "council";
            s["Node:FederationListen"] = "127.0.0.1:0";
        });
    }

    public async Task DisposeAsync()
    {
        await _council.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task GetDirectory_PeerWithContacts_ShowsThemAfterConnectingAndTheNewOnesAfterItRestarts()
    {
        var bank = await StartBankAsync(s =>
        {
            s["Node:ContactMeans:0:Kind"] = "email";
            s["Node:ContactMeans:0:Value"] = "ceptoar@bank.example.jp";
            s["Node:ContactMeans:0:LabelJa"] = "事務局";
            s["Node:ContactMeans:0:LabelEn"] = "Secretariat";
            s["Node:ContactMeans:1:Kind"] = "phone";
            s["Node:ContactMeans:1:Value"] = "03-0000-0101";
            s["Node:EmergencyContact:NameJa"] = "事務局 当番";
            s["Node:EmergencyContact:NameEn"] = "Duty officer";
            s["Node:EmergencyContact:Phone"] = "03-0000-0199";
            s["Node:EmergencyContact:HoursJa"] = "24時間365日";
            s["Node:EmergencyContact:HoursEn"] = "24/7";
            s["Node:EmergencyContact:Since"] = "2007-04";
        });
        await _council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "bank-ceptoar", Endpoint = bank.Ready.FederationEndpoint });
        await bank.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "council", Endpoint = _council.Ready.FederationEndpoint });

        var first = await BankAtCouncilAsync(e => e.ContactPoints.Count == 2, "the council learns bank-ceptoar's contacts");

        Assert.Equal(new ContactPoint { Kind = "email", Value = "ceptoar@bank.example.jp", LabelJa = "事務局", LabelEn = "Secretariat" }, first.ContactPoints[0]);
        Assert.Equal(new ContactPoint { Kind = "phone", Value = "03-0000-0101" }, first.ContactPoints[1]);
        Assert.Equal(
            new EmergencyDesk { NameJa = "事務局 当番", NameEn = "Duty officer", Phone = "03-0000-0199", HoursJa = "24時間365日", HoursEn = "24/7", Since = "2007-04" },
            first.EmergencyDesk);
        // What a node that predates the structured fields reads from the same descriptor.
        Assert.Equal(["email: ceptoar@bank.example.jp (事務局 / Secretariat)", "phone: 03-0000-0101"], first.ContactMeans);
        Assert.Equal("緊急窓口 / Emergency: 事務局 当番 / Duty officer; tel 03-0000-0199; 受付時間 / hours 24時間365日 / 24/7; since 2007-04", first.EmergencyContact);
        Assert.True(first.Verified);

        await bank.DisposeAsync();
        await using var restarted = await StartBankAsync(s =>
        {
            s["Node:ContactMeans:0:Kind"] = "fax";
            s["Node:ContactMeans:0:Value"] = "03-0000-0102";
            s["Node:EmergencyContact:NameEn"] = "Systems Department";
            s["Node:EmergencyContact:Email"] = "emergency@bank.example.jp";
            s["Node:EmergencyContact:HoursEn"] = "Weekdays 9:00-17:30";
        });

        var renewed = await BankAtCouncilAsync(e => e.ContactPoints.Count == 1, "the council learns bank-ceptoar's new contacts after its restart");

        Assert.Equal(new ContactPoint { Kind = "fax", Value = "03-0000-0102" }, Assert.Single(renewed.ContactPoints));
        Assert.Equal(new EmergencyDesk { NameEn = "Systems Department", Email = "emergency@bank.example.jp", HoursEn = "Weekdays 9:00-17:30" }, renewed.EmergencyDesk);
        Assert.Equal(["fax: 03-0000-0102"], renewed.ContactMeans);
        Assert.True(renewed.IssuedAt.ToDateTimeOffset() > first.IssuedAt.ToDateTimeOffset());

        var english = await CliAsync("directory", "--lang", "en");
        Assert.Contains("Fax: 03-0000-0102", english);
        Assert.Contains("Systems Department", english);
        Assert.Contains("E-mail: emergency@bank.example.jp", english);
        Assert.Contains("Hours: Weekdays 9:00-17:30", english);
        Assert.DoesNotContain("03-0000-0101", english);
        var japanese = await CliAsync("directory", "--lang", "ja");
        Assert.Contains("FAX: 03-0000-0102", japanese);
        Assert.Contains("メール: emergency@bank.example.jp", japanese);
        // No Japanese hours were configured: the English ones are shown rather than nothing.
        Assert.Contains("受付時間: Weekdays 9:00-17:30", japanese);
    }

    [Fact]
    public async Task Hello_DescriptorOfANodeThatPredatesStructuredContacts_VerifiesAndItsContactsShow()
    {
        var files = _federation.NodeCertificates("bank-ceptoar");
        var credentials = NodeCredentials.Load(new NodeKeyFiles(files), "bank-ceptoar", TrustBundle.Load([_federation.RootCertificatePath]), DateTimeOffset.UtcNow);
        await _council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "bank-ceptoar", Endpoint = "https://127.0.0.1:9" });
        var now = DateTimeOffset.UtcNow;
        // Only what a node before fields 16 and 17 fills: the readable strings.
        var old = NodeDescriptors.Sign(credentials, new NodeDescriptor
        {
            Role = NodeRole.Secretariat,
            NameJa = "銀行等セプター",
            NameEn = "Banks CEPTOAR",
            Sectors = { "finance" },
            ContactMeans = { "e-mail ceptoar@bank.example.jp", "tel 03-0000-0101" },
            EmergencyContact = "tel 03-0000-0199 (24h)",
            IssuedAt = Timestamp.FromDateTimeOffset(now),
            ValidUntil = Timestamp.FromDateTimeOffset(now.AddDays(1)),
        });
        using var peer = new RawPeer(_council.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(files), _federation.RootCertificate);

        await peer.Client.HelloAsync(new HelloRequest { NodeDescriptor = old });

        var entry = (await _council.Admin.GetDirectoryAsync(new GetDirectoryRequest())).Nodes.Single(n => n.NodeId == "bank-ceptoar");
        Assert.True(entry.Verified);
        Assert.Equal(["e-mail ceptoar@bank.example.jp", "tel 03-0000-0101"], entry.ContactMeans);
        Assert.Equal("tel 03-0000-0199 (24h)", entry.EmergencyContact);
        Assert.Empty(entry.ContactPoints);
        Assert.Null(entry.EmergencyDesk);
        var shown = await CliAsync("directory", "--lang", "en");
        Assert.Contains("e-mail ceptoar@bank.example.jp, tel 03-0000-0101", shown);
        Assert.Contains("tel 03-0000-0199 (24h)", shown);
    }

    private Task<TestNode> StartBankAsync(Action<Dictionary<string, string>> contacts) =>
        TestNode.StartAsync(_federation, "bank-ceptoar", _dir.Combine("bank"), s =>
        {
            s["Node:FederationListen"] = "127.0.0.1:0";
            s["Node:Sectors:0"] = "finance";
            s["Federation:RetryInitialMs"] = "100";
            s["Federation:RetryMaxMs"] = "500";
            contacts(s);
        });

    private async Task<DirectoryEntryView> BankAtCouncilAsync(Func<DirectoryEntryView, bool> condition, string what)
    {
        DirectoryEntryView? found = null;
        await Until.TrueAsync(async () =>
        {
            found = (await _council.Admin.GetDirectoryAsync(new GetDirectoryRequest())).Nodes.FirstOrDefault(n => n.NodeId == "bank-ceptoar");
            return found is not null && condition(found);
        }, TimeSpan.FromSeconds(30), what);
        return found!;
    }

    private async Task<string> CliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--socket", _council.Ready.AdminSocket], output, error);
        Assert.True(code == 0, error.ToString());
        return output.ToString();
    }
}
