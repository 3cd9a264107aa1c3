using Ceptoar.Federation.V1;
using Ceptoar.Node.People;

namespace Ceptoar.Node.Tests.Web.Member;

/// <summary>
/// Two real nodes peered over mutual TLS (docs/CONSOLE.md §8): bank-ceptoar serves the console (Node:WebListen, on the
/// people's clock) with two member companies and a person at each, and electricity-ceptoar, whose member tepco sends the
/// items the bank's people read, among them hostile ones (docs/CONSOLE.md §7).
/// </summary>
public sealed class MemberPeers : IAsyncLifetime
{
    public const string Bank = "bank-ceptoar";
    public const string Electricity = "electricity-ceptoar";
    public const string Mizuho = "mizuho-bank";
    public const string Mufg = "mufg-bank";
    public const string Tepco = "tepco";

    /// <summary>Every hostile string the peer's items carry (docs/CONSOLE.md §7).</summary>
    public const string Script = "<script>alert(1)</script>";
    public const string JavascriptLink = "<a href=\"javascript:alert(1)\">click</a> javascript:alert(1)";
    public const string BrokenOut = "\"><img src=x onerror=alert(1)>";
    public const string Bidi = "invoice\u202Efdp.exe \u2066isolate\u2069 \u2067rtl\u2069 \u2068first\u2069";

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly TestDirectory _dir = new();

    internal TestPeople People { get; } = new(new JumpClock());

    internal TestNode BankNode { get; private set; } = null!;

    internal TestNode ElectricityNode { get; private set; } = null!;

    internal string MizuhoKey { get; private set; } = "";

    internal string MufgKey { get; private set; } = "";

    internal string TepcoKey { get; private set; } = "";

    internal Person Sato { get; private set; } = null!;

    internal Person Ito { get; private set; } = null!;

    internal Person Staff { get; private set; } = null!;

    /// <summary>The hostile GREEN item tepco sent to the whole federation, as stored at bank-ceptoar.</summary>
    internal string HostileId { get; private set; } = "";

    /// <summary>A plain GREEN item from tepco, for acknowledging.</summary>
    internal string PeerGreenId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        ElectricityNode = await TestNode.StartAsync(federation, Electricity, _dir.Combine(Electricity), s => Configure(s, "electricity"));
        BankNode = await TestNode.StartAsync(federation, Bank, _dir.Combine(Bank), s =>
        {
            Configure(s, "finance");
            s["Node:WebListen"] = "127.0.0.1:0";
        }, clock: People.Clock);
        People.Attach(BankNode);
        await BankNode.Admin.AddPeerAsync(new AddPeerRequest { NodeId = Electricity, Endpoint = ElectricityNode.Ready.FederationEndpoint! });
        await ElectricityNode.Admin.AddPeerAsync(new AddPeerRequest { NodeId = Bank, Endpoint = BankNode.Ready.FederationEndpoint! });
        await Until.TrueAsync(async () =>
            (await BankNode.Admin.GetStatusAsync(new GetStatusRequest())).KnownNodes.Count >= 2
            && (await ElectricityNode.Admin.GetStatusAsync(new GetStatusRequest())).KnownNodes.Count >= 2,
            Deadline, "the two nodes know each other's descriptors");

        MizuhoKey = await BankNode.AddMemberWithKeyAsync(Mizuho, "finance");
        MufgKey = await BankNode.AddMemberWithKeyAsync(Mufg, "finance");
        TepcoKey = await ElectricityNode.AddMemberWithKeyAsync(Tepco, "electricity");
        Sato = await People.AddAsync("sato@mizuho.example.jp", "佐藤 花子", Mizuho, PersonKind.Member);
        Ito = await People.AddAsync("ito@mufg.example.jp", "Ito Kenji", Mufg, PersonKind.Member);
        Staff = await People.AddAsync("tanaka@bank-ceptoar.example.jp", "Tanaka Ichiro", null, PersonKind.Staff);

        HostileId = await FromPeerAsync(HostileDraft());
        PeerGreenId = await FromPeerAsync(Drafts.Incident(Tlp.Green, "Phishing wave against power utilities"));
    }

    public async Task DisposeAsync()
    {
        if (BankNode is not null)
        {
            await BankNode.DisposeAsync();
        }

        if (ElectricityNode is not null)
        {
            await ElectricityNode.DisposeAsync();
        }

        _dir.Dispose();
    }

    internal WebClient Client(string? language = null) => new(BankNode.Ready.WebEndpoint!, BankNode.Root, language, People);

    /// <summary>A WebClient signed in as the person.</summary>
    internal async Task<WebClient> SignedInAsync(Person person, string language = "en")
    {
        var client = Client(language);
        var signIn = await client.SignInAsync(person.Login);
        Assert.True(signIn.Status == 302, signIn.ToString());
        return client;
    }

    /// <summary>tepco submits the draft (GREEN, to the whole federation) at electricity-ceptoar; waits until bank-ceptoar holds it.</summary>
    internal async Task<string> FromPeerAsync(ItemDraft draft)
    {
        draft.Audience = new Audience { WholeFederation = true };
        var id = (await ElectricityNode.Member(TepcoKey).SubmitAsync(Drafts.Request(draft))).ItemId;
        await Until.TrueAsync(async () =>
        {
            var list = await BankNode.Member(MizuhoKey).ListAsync(new ListItemsRequest { PageSize = 500 });
            return list.Items.Any(i => i.Item.Id == id);
        }, Deadline, $"{Bank} holds {id} from {Electricity}");
        return id;
    }

    private static ItemDraft HostileDraft()
    {
        var draft = Drafts.Incident(Tlp.Green, Script + " " + Bidi);
        draft.Body.Summary = BrokenOut + " " + JavascriptLink;
        draft.Body.What = Script + " " + Bidi + " " + JavascriptLink;
        draft.Body.Affected.Add(BrokenOut);
        draft.Body.Why.Cause = JavascriptLink;
        draft.Body.How.ActionsTaken.Add(Script);
        draft.Body.Indicators.Add(new Indicator { Type = IndicatorType.FreeText, Value = "javascript:alert(1)", Description = BrokenOut + " " + Bidi });
        draft.Body.Indicators.Add(new Indicator { Type = IndicatorType.FreeText, Value = BrokenOut + Script, Description = Script });
        return draft;
    }

    private static void Configure(Dictionary<string, string> settings, string sector)
    {
        settings["Node:Role"] = "secretariat";
        settings["Node:FederationListen"] = "127.0.0.1:0";
        settings["Node:Sectors:0"] = sector;
        settings["Federation:RetryInitialMs"] = "100";
        settings["Federation:RetryMaxMs"] = "200";
        // The console's clock moves 30 s per sign-in (TOTP steps): receipts it signs stay within the peer's tolerance.
        settings["Federation:MaxClockSkewSeconds"] = "3600";
    }
}
