using Ceptoar.Node.People;

namespace Ceptoar.Node.Tests.Web;

/// <summary>
/// A real node with every listener on loopback (member, federation, monitoring and Node:WebListen), a member company and
/// three real person accounts (member, staff, Council) for one test class (docs/CONSOLE.md §8), on a clock the people
/// move a TOTP step per sign-in.
/// </summary>
public sealed class WebNode : IAsyncLifetime
{
    public const string MemberId = "mizuho-bank";

    private readonly TestDirectory _dir = new();

    internal TestPeople People { get; } = new(new JumpClock());

    internal TestNode Node { get; private set; } = null!;

    internal string ApiKey { get; private set; } = "";

    internal Person MemberPerson { get; private set; } = null!;

    internal Person StaffPerson { get; private set; } = null!;

    internal Person CouncilPerson { get; private set; } = null!;

    public string WebEndpoint => Node.Ready.WebEndpoint!;

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        Node = await TestNode.StartAsync(
            federation,
            "bank-ceptoar",
            _dir.Combine("data"),
            s =>
            {
                s["Node:FederationListen"] = "127.0.0.1:0";
                s["Node:MonitoringListen"] = "127.0.0.1:0";
                s["Node:WebListen"] = "127.0.0.1:0";
                s["Node:NameEn"] = "Bank CEPTOAR";
                s["Node:NameJa"] = "金融CEPTOAR";
            },
            clock: People.Clock);
        People.Attach(Node);
        ApiKey = await Node.AddMemberWithKeyAsync(MemberId);
        MemberPerson = await People.AddAsync("sato@mizuho.example.jp", "佐藤 花子", MemberId, PersonKind.Member);
        StaffPerson = await People.AddAsync("tanaka@bank-ceptoar.example.jp", "Tanaka Ichiro", null, PersonKind.Staff);
        CouncilPerson = await People.AddAsync("council@council.example.jp", "Suzuki Jiro", null, PersonKind.Council);
    }

    public async Task DisposeAsync()
    {
        // Null when the class failed before its node started (the failure is reported, not hidden by this).
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        _dir.Dispose();
    }

    internal WebClient Client(string? language = null) => new(WebEndpoint, Node.Root, language, People);
}
