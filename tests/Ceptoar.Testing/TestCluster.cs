using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;

namespace Ceptoar.Testing;

/// <summary>A node of a test cluster: its id, the role its certificates certify, and the sectors it serves.</summary>
internal sealed record ClusterNode(string Id, NodeRole Role, IReadOnlyList<string> Sectors)
{
    public bool IsHub => Core.Policy.FederationNode.IsHubRole(Role);
}

/// <summary>
/// The demo topology on loopback: nisc and council (hubs) peer with every secretariat and each other; each secretariat
/// (bank-ceptoar, electricity-ceptoar, local-gov-ceptoar) peers with both hubs. Real nodes, real mutual TLS.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    public static readonly string[] Hubs = ["council", "nisc"];
    public static readonly string[] Secretariats = ["bank-ceptoar", "electricity-ceptoar", "local-gov-ceptoar"];
    private static readonly ClusterNode[] Demo =
    [
        new("council", NodeRole.Council, []),
        new("nisc", NodeRole.Nisc, []),
        new("bank-ceptoar", NodeRole.Secretariat, ["finance"]),
        new("electricity-ceptoar", NodeRole.Secretariat, ["electricity"]),
        new("local-gov-ceptoar", NodeRole.Secretariat, ["government"]),
    ];


    private TestCluster(TestFederation federation, Dictionary<string, RunningNode> nodes, string directory, IReadOnlyList<ClusterNode> layout)
    {
        Federation = federation;
        Nodes = nodes;
        Directory = directory;
        Layout = layout;
    }

    public TestFederation Federation { get; }

    private (bool Processes, Action<string, Dictionary<string, string>>? Configure, TimeProvider? Clock) _restart;

    /// <summary>
    /// Stops a node, runs whileStopped (e.g. a key rotation on its files), and starts it again on the same data directory
    /// and federation port, so its peers' configured endpoints still reach it.
    /// </summary>
    public async Task RestartAsync(string nodeId, Func<Task>? whileStopped = null)
    {
        var port = new Uri(Nodes[nodeId].Ready.FederationEndpoint!).Port;
        await Nodes[nodeId].DisposeAsync();
        if (whileStopped is not null)
        {
            await whileStopped();
        }

        var (processes, configure, clock) = _restart;
        Nodes[nodeId] = await StartNodeAsync(Layout.Single(n => n.Id == nodeId), processes, (id, s) =>
        {
            configure?.Invoke(id, s);
            s["Node:FederationListen"] = $"127.0.0.1:{port}";
        }, clock);
    }

    /// <summary>The nodes as started: ids, roles, sectors.</summary>
    public IReadOnlyList<ClusterNode> Layout { get; }

    public Dictionary<string, RunningNode> Nodes { get; }

    public string Directory { get; }

    public RunningNode this[string nodeId] => Nodes[nodeId];

    public static IEnumerable<(string From, string To)> Links() => Links(Demo);

    /// <summary>Every other node peers with every hub both ways; the hubs with each other.</summary>
    public static IEnumerable<(string From, string To)> Links(IReadOnlyList<ClusterNode> layout)
    {
        var hubs = layout.Where(n => n.IsHub).Select(n => n.Id).ToList();
        return layout.Where(n => !n.IsHub).SelectMany(s => hubs.SelectMany(h => new[] { (s.Id, h), (h, s.Id) }))
            .Concat(hubs.SelectMany(a => hubs.Where(b => b != a).Select(b => (a, b))));
    }

    public string DataDir(string nodeId) => Path.Combine(Directory, "data", nodeId);

    /// <summary>The sector a secretariat serves ("" for a hub).</summary>
    public static string SectorOf(string nodeId) => Demo.Single(n => n.Id == nodeId).Sectors.FirstOrDefault() ?? "";

    /// <param name="peerEndpoint">
    /// Given (from, to, the endpoint of to), the endpoint from dials to reach to: a test may put something between them.
    /// </param>
    /// <param name="clock">One clock for every in-process node (a <see cref="JumpClock"/> moves them all at once); the system's when null.</param>
    public static Task<TestCluster> StartAsync(string directory, bool processes, Action<string, Dictionary<string, string>>? configure = null,
        Func<string, string, string, string>? peerEndpoint = null, TimeProvider? clock = null) =>
        StartAsync(directory, Demo, processes, configure, peerEndpoint, clock: clock);

    /// <summary>
    /// Any layout in the sample topology (see <see cref="Links(IReadOnlyList{ClusterNode})"/>): each node's certificates
    /// certify its role; up to <paramref name="startAtOnce"/> nodes start at the same time.
    /// </summary>
    public static async Task<TestCluster> StartAsync(string directory, IReadOnlyList<ClusterNode> layout, bool processes,
        Action<string, Dictionary<string, string>>? configure = null, Func<string, string, string, string>? peerEndpoint = null, int startAtOnce = 1,
        TimeProvider? clock = null)
    {
        var federation = new TestFederation(Path.Combine(directory, "pki"));
        var nodes = new Dictionary<string, RunningNode>();
        var cluster = new TestCluster(federation, nodes, directory, layout) { _restart = (processes, configure, clock) };
        foreach (var node in layout)
        {
            // Issued one at a time before any node starts, with the role it claims: a node refuses to start on a role its
            // certificates do not certify.
            federation.NodeCertificates(node.Id, node.Role);
        }

        try
        {
            await Parallel.ForEachAsync(layout, new ParallelOptions { MaxDegreeOfParallelism = startAtOnce }, async (node, _) =>
            {
                var started = await cluster.StartNodeAsync(node, processes, configure, clock);
                lock (nodes)
                {
                    nodes[node.Id] = started;
                }
            });

            foreach (var (from, to) in Links(layout))
            {
                var endpoint = nodes[to].Ready.FederationEndpoint!;
                await nodes[from].Admin.AddPeerAsync(new AddPeerRequest { NodeId = to, Endpoint = peerEndpoint?.Invoke(from, to, endpoint) ?? endpoint });
            }

            await cluster.WaitUntilEveryoneKnowsEveryoneAsync();
            return cluster;
        }
        catch
        {
            // A node that did start would otherwise outlive the failed set-up (a process keeps running).
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task<RunningNode> StartNodeAsync(ClusterNode node, bool processes, Action<string, Dictionary<string, string>>? configure, TimeProvider? clock)
    {
        void Settings(Dictionary<string, string> s)
        {
            s["Node:Role"] = NodeRoles.Name(node.Role);
            s["Node:FederationListen"] = "127.0.0.1:0";
            s["Federation:RetryInitialMs"] = "100";
            s["Federation:RetryMaxMs"] = "1000";
            for (var i = 0; i < node.Sectors.Count; i++)
            {
                s[$"Node:Sectors:{i}"] = node.Sectors[i];
            }

            configure?.Invoke(node.Id, s);
        }

        return processes
            ? await NodeProcess.StartAsync(Federation, node.Id, DataDir(node.Id), Settings)
            : await TestNode.StartAsync(Federation, node.Id, DataDir(node.Id), Settings, clock: clock);
    }

    /// <summary>Descriptors travel on connect and through the hubs; routing by sector needs them everywhere.</summary>
    public async Task WaitUntilEveryoneKnowsEveryoneAsync()
    {
        await Until.TrueAsync(async () =>
        {
            foreach (var node in Nodes.Values)
            {
                var status = await node.Admin.GetStatusAsync(new GetStatusRequest());
                if (status.KnownNodes.Count < Nodes.Count)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(Math.Max(60, 5 * Nodes.Count)), $"every node knows the descriptors of all {Nodes.Count} nodes");
    }

    /// <summary>The proxy every peer dials to reach the node StartBehindProxyAsync named; null otherwise.</summary>
    public TcpProxy? Proxy { get; private set; }

    /// <summary>The cluster in processes, every peer reaching `proxied`'s federation port through one TCP proxy a test can close.</summary>
    public static async Task<TestCluster> StartBehindProxyAsync(string directory, string proxied)
    {
        TcpProxy? proxy = null;
        try
        {
            var cluster = await StartAsync(directory, processes: true,
                peerEndpoint: (_, to, endpoint) => to == proxied ? (proxy ??= TcpProxy.Start(endpoint)).Endpoint : endpoint);
            cluster.Proxy = proxy ?? throw new InvalidOperationException($"no node peers with {proxied}, so no proxy was put in front of it");
            return cluster;
        }
        catch when (proxy is not null)
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes.Values)
        {
            await node.DisposeAsync();
        }

        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }
    }
}

/// <summary>Waits on a condition with a deadline (never a bare sleep): checks, then waits a little, until true or late.</summary>
internal static class Until
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan deadline, string what)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (started.Elapsed > deadline)
            {
                throw new TimeoutException($"not true within {deadline.TotalSeconds:0} s: {what}");
            }

            await Task.Delay(50);
        }
    }
}
