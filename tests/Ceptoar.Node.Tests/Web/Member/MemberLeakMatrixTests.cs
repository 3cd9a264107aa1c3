using Ceptoar.Node.People;
using Ceptoar.Node.Tests.Interchange;

namespace Ceptoar.Node.Tests.Web.Member;

/// <summary>
/// The TLP leak matrix through the web door (docs/TLP.md §2, docs/CONSOLE.md §3): four members of three sectors, eight
/// items of every label and audience, a person at each member. Each person's feed shows exactly the items
/// <see cref="LeakMatrix.Entitled"/> writes out for their member, each entitled item page opens, and every other item
/// answers the same 404 as an id that does not exist.
/// </summary>
public sealed class MemberLeakMatrixTests(MemberLeakMatrixTests.MatrixNode matrix) : IClassFixture<MemberLeakMatrixTests.MatrixNode>
{
    public static TheoryData<string> Members => [.. LeakMatrix.Sectors.Keys];

    [Theory]
    [MemberData(nameof(Members))]
    public async Task Feed_PersonOfEachMember_ShowsExactlyTheEntitledItems(string member)
    {
        using var client = await matrix.SignedInAsync(member);

        var feed = await client.GetAsync("/member");

        Assert.Equal(200, feed.Status);
        var shown = MemberPagesTests.Ids(feed).Select(id => matrix.Names[id]).Order(StringComparer.Ordinal);
        Assert.Equal(LeakMatrix.Entitled[member].Order(StringComparer.Ordinal), shown);
    }

    [Theory]
    [MemberData(nameof(Members))]
    public async Task ItemPages_PersonOfEachMember_EntitledOpenOthersTheSame404AsAnUnknownId(string member)
    {
        using var client = await matrix.SignedInAsync(member);
        var unknown = await client.GetAsync("/member/items/" + Core.Items.UuidV7.NewId());
        Assert.Equal(404, unknown.Status);

        foreach (var (name, _, _, _) in LeakMatrix.Items)
        {
            var page = await client.GetAsync("/member/items/" + matrix.Ids[name]);
            if (LeakMatrix.Entitled[member].Contains(name))
            {
                Assert.True(page.Status == 200, $"{member} should read {name}: {page.Status}");
                Assert.Equal(name, page.Document.QuerySelector("h1")?.TextContent);
            }
            else
            {
                Assert.True(page.Status == 404, $"{member} must not read {name}: {page.Status}");
                Assert.Equal(unknown.Document.QuerySelector("main")?.TextContent, page.Document.QuerySelector("main")?.TextContent);
                Assert.DoesNotContain(name, page.Body, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>One node holding the matrix, on the people's clock, with a person at each of its members.</summary>
    public sealed class MatrixNode : IAsyncLifetime
    {
        private readonly TestDirectory _dir = new();
        private readonly Dictionary<string, string> _logins = [];

        internal TestPeople People { get; } = new(new JumpClock());

        internal TestNode Node { get; private set; } = null!;

        /// <summary>Item name → id.</summary>
        internal Dictionary<string, string> Ids { get; private set; } = [];

        /// <summary>Item id → name.</summary>
        internal Dictionary<string, string> Names { get; private set; } = [];

        public async Task InitializeAsync()
        {
            var federation = new TestFederation(_dir.Combine("pki"));
            Node = await TestNode.StartAsync(federation, LeakMatrix.Node, _dir.Combine("data"), s => s["Node:WebListen"] = "127.0.0.1:0", clock: People.Clock);
            People.Attach(Node);
            (_, Ids) = await LeakMatrix.FillAsync(Node);
            Names = Ids.ToDictionary(p => p.Value, p => p.Key);
            foreach (var member in LeakMatrix.Sectors.Keys)
            {
                _logins[member] = $"person@{member}.example.jp";
                await People.AddAsync(_logins[member], "Person of " + member, member, PersonKind.Member);
            }
        }

        public async Task DisposeAsync()
        {
            if (Node is not null)
            {
                await Node.DisposeAsync();
            }

            _dir.Dispose();
        }

        internal async Task<WebClient> SignedInAsync(string member)
        {
            var client = new WebClient(Node.Ready.WebEndpoint!, Node.Root, "en", People);
            var signIn = await client.SignInAsync(_logins[member]);
            Assert.True(signIn.Status == 302, signIn.ToString());
            return client;
        }
    }
}
