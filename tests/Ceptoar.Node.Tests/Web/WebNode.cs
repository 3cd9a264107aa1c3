using Ceptoar.Node.People;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.Web;

/// <summary>
/// A real node with every listener on loopback (member, federation, monitoring and Node:WebListen), a member company and
/// three people (member, staff, Council) for one test class (docs/CONSOLE.md §8).
/// </summary>
public sealed class WebNode : IAsyncLifetime
{
    public const string MemberId = "mizuho-bank";

    private readonly TestDirectory _dir = new();

    internal TestPeople People { get; } = new();

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
            services: services => services.AddSingleton<IPersonSignIn>(People));
        ApiKey = await Node.AddMemberWithKeyAsync(MemberId);
        MemberPerson = People.Add("sato@mizuho.example.jp", "佐藤 花子", MemberId, PersonKind.Member);
        StaffPerson = People.Add("tanaka@bank-ceptoar.example.jp", "Tanaka Ichiro", null, PersonKind.Staff);
        CouncilPerson = People.Add("council@council.example.jp", "Suzuki Jiro", null, PersonKind.Council);
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        _dir.Dispose();
    }

    internal WebClient Client(string? language = null) => new(WebEndpoint, Node.Root, language);
}
