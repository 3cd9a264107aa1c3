using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Modes;

/// <summary>
/// The action plan's actors on loopback, real nodes with real mutual TLS (docs/MODES.md §1): the NISC and Council hubs, a
/// finance secretariat (bank-ceptoar) with the standing copies under test, an electricity secretariat, the ministry
/// serving finance (fsa), the ministry serving electricity (meti), an incident-handling node (npa) and the Cabinet crisis
/// office (cas). The classes of the collection "actors" share one cluster and run one after another. Every node has one
/// member of its own (a "desk"), so every member feed can be checked; bank-ceptoar has the reporting members.
/// </summary>
public sealed class ActorsCluster : IAsyncLifetime
{
    public const string Bank = "bank-ceptoar";
    public const string Electricity = "electricity-ceptoar";
    public const string Council = "council";
    public const string Nisc = "nisc";
    public const string Fsa = "fsa";
    public const string Meti = "meti";
    public const string Police = "npa";
    public const string Cabinet = "cas";

    /// <summary>bank-ceptoar's rules: one that names another member (never shown to the reporter), a held copy, and reports up.</summary>
    public const string BankRules = """
        rule terror-to-cabinet
          description In large-scale mode, suspected terrorism also goes to the Cabinet crisis office
          when direction=submitted mode=large-scale terror=yes
          then copy=nisc,role:cabinet-crisis

        rule mufg-to-cabinet
          description Reports from MUFG also go to the Cabinet crisis office
          when direction=submitted member=mufg-bank
          then copy=role:cabinet-crisis

        rule checked-first
          description Tagged members' reports wait for the secretariat, then go to NISC
          when direction=submitted tag=needs-check
          then copy=nisc hold=yes

        rule report-up
          description Reports go up to NISC and the finance ministry
          when direction=submitted
          then copy=nisc,sector-ministry
        """;

    private static readonly ClusterNode[] Layout =
    [
        new(Council, NodeRole.Council, []),
        new(Nisc, NodeRole.Nisc, []),
        new(Bank, NodeRole.Secretariat, ["finance"]),
        new(Electricity, NodeRole.Secretariat, ["electricity"]),
        new(Fsa, NodeRole.Ministry, []),
        new(Meti, NodeRole.Ministry, []),
        new(Police, NodeRole.IncidentHandling, []),
        new(Cabinet, NodeRole.CabinetCrisis, []),
    ];

    private readonly TestDirectory _dir = new();

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    internal TestCluster Cluster { get; private set; } = null!;

    /// <summary>Every node's own member ("desk") and bank-ceptoar's members, by member id.</summary>
    internal Dictionary<string, MemberService.MemberServiceClient> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>Which node each member belongs to.</summary>
    public static readonly IReadOnlyDictionary<string, string> MemberNodes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["mizuho-bank"] = Bank, ["mufg-bank"] = Bank, ["smbc-bank"] = Bank, ["tepco"] = Electricity,
        ["council-desk"] = Council, ["nisc-desk"] = Nisc, ["fsa-desk"] = Fsa, ["meti-desk"] = Meti, ["npa-desk"] = Police, ["cas-desk"] = Cabinet,
    };

    public static IEnumerable<string> NodeIds => Layout.Select(n => n.Id);

    public async Task InitializeAsync()
    {
        Cluster = await TestCluster.StartAsync(_dir.Path, Layout, processes: false, configure: (id, s) =>
        {
            // A ministry node names its ministry and serves the roster's sectors for it (docs/MODES.md §1).
            if (id is Fsa or Meti)
            {
                s["Node:Ministry"] = id;
            }
        }, startAtOnce: 2);
        foreach (var (member, node) in MemberNodes)
        {
            // The desks' sector is one no report here names: what they see, they see by the audience naming their node.
            var sector = node == Bank ? "finance" : node == Electricity ? "electricity" : "ict";
            var tags = member == "smbc-bank" ? new[] { "needs-check" } : [];
            Members[member] = Cluster[node].Member(await Cluster[node].AddMemberWithKeyAsync(member, sector, tags));
        }

        await Cluster[Bank].Admin.ImportRulesAsync(new ImportRulesRequest { Text = BankRules });
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>The items a node's store holds, by id, with whether it holds only the sealed copy.</summary>
    internal async Task<Dictionary<string, bool>> StoredAsync(string nodeId) =>
        (await Cluster[nodeId].Admin.ListItemsAsync(new AdminListItemsRequest { PageSize = 500 })).Items.ToDictionary(i => i.ItemId, i => i.Sealed, StringComparer.Ordinal);

    /// <summary>The item ids a member's feed holds (List pages through everything it may see).</summary>
    internal async Task<HashSet<string>> FeedAsync(string memberId)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var request = new ListItemsRequest { PageSize = 500 };
        while (true)
        {
            var page = await Members[memberId].ListAsync(request);
            ids.UnionWith(page.Items.Select(i => i.Item.Id));
            if (page.NextPageToken.Length == 0)
            {
                return ids;
            }

            request.PageToken = page.NextPageToken;
        }
    }

    /// <summary>Waits until the node holds the item in the form given (sealed or clear).</summary>
    internal Task WaitHeldAsync(string nodeId, string itemId, bool isSealed) =>
        Until.TrueAsync(async () => (await StoredAsync(nodeId)).TryGetValue(itemId, out var s) && s == isSealed, Deadline,
            $"{nodeId} holds {itemId} {(isSealed ? "sealed" : "in clear")}");

    internal static Metadata Japanese() => new() { { "accept-language", "ja" } };
}

/// <summary>The test classes that share one <see cref="ActorsCluster"/> (started once, its tests run one at a time).</summary>
[CollectionDefinition("actors")]
public sealed class ActorsCollection : ICollectionFixture<ActorsCluster>;
