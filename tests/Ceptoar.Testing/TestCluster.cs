using Ceptoar.Federation.V1;

namespace Ceptoar.Testing;

/// <summary>
/// The demo topology on loopback: nisc and council (hubs) peer with every secretariat and each other; each secretariat
/// (bank-ceptoar, electricity-ceptoar, local-gov-ceptoar) peers with both hubs. Real nodes, real mutual TLS.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    public static readonly string[] Hubs = ["council", "nisc"];
    public static readonly string[] Secretariats = ["bank-ceptoar", "electricity-ceptoar", "local-gov-ceptoar"];
    private static readonly Dictionary<string, (string Role, string Sector)> Roles = new()
    {
        ["council"] = ("council", ""),
        ["nisc"] = ("nisc", ""),
        ["bank-ceptoar"] = ("secretariat", "finance"),
        ["electricity-ceptoar"] = ("secretariat", "electricity"),
        ["local-gov-ceptoar"] = ("secretariat", "government"),
    };

    private TestCluster(TestFederation federation, Dictionary<string, RunningNode> nodes, string directory)
    {
        Federation = federation;
        Nodes = nodes;
        Directory = directory;
    }

    public TestFederation Federation { get; }

    public Dictionary<string, RunningNode> Nodes { get; }

    public string Directory { get; }

    public RunningNode this[string nodeId] => Nodes[nodeId];

    public static IEnumerable<(string From, string To)> Links() =>
        Secretariats.SelectMany(s => Hubs.SelectMany(h => new[] { (s, h), (h, s) })).Append(("council", "nisc")).Append(("nisc", "council"));

    public string DataDir(string nodeId) => Path.Combine(Directory, "data", nodeId);

    /// <summary>The sector a secretariat serves ("" for a hub).</summary>
    public static string SectorOf(string nodeId) => Roles[nodeId].Sector;

    /// <param name="peerEndpoint">
    /// Given (from, to, the endpoint of to), the endpoint from dials to reach to: a test may put something between them.
    /// </param>
    /// <param name="clock">One clock for every in-process node (a <see cref="JumpClock"/> moves them all at once); the system's when null.</param>
    public static async Task<TestCluster> StartAsync(string directory, bool processes, Action<string, Dictionary<string, string>>? configure = null,
        Func<string, string, string, string>? peerEndpoint = null, TimeProvider? clock = null)
    {
        var federation = new TestFederation(Path.Combine(directory, "pki"));
        var nodes = new Dictionary<string, RunningNode>();
        var cluster = new TestCluster(federation, nodes, directory);
        foreach (var (id, (role, sector)) in Roles)
        {
            void Settings(Dictionary<string, string> s)
            {
                s["Node:Role"] = role;
                s["Node:FederationListen"] = "127.0.0.1:0";
                s["Federation:RetryInitialMs"] = "100";
                s["Federation:RetryMaxMs"] = "1000";
                if (sector.Length > 0)
                {
                    s["Node:Sectors:0"] = sector;
                }

                configure?.Invoke(id, s);
            }

            nodes[id] = processes
                ? await NodeProcess.StartAsync(federation, id, cluster.DataDir(id), Settings)
                : await TestNode.StartAsync(federation, id, cluster.DataDir(id), Settings, clock: clock);
        }

        foreach (var (from, to) in Links())
        {
            var endpoint = nodes[to].Ready.FederationEndpoint!;
            await nodes[from].Admin.AddPeerAsync(new AddPeerRequest { NodeId = to, Endpoint = peerEndpoint?.Invoke(from, to, endpoint) ?? endpoint });
        }

        await cluster.WaitUntilEveryoneKnowsEveryoneAsync();
        return cluster;
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
        }, TimeSpan.FromSeconds(60), "every node knows every other node's descriptor");
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
