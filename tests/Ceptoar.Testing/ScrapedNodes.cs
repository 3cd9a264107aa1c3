namespace Ceptoar.Testing;

/// <summary>
/// The benchmark's `--metrics on` (docs/OPERATIONS.md §4): while <see cref="Enabled"/>, every test node started gets a
/// loopback monitoring listener (so its MeterProvider runs) and is remembered, weakly, for a scraper to read /metrics from.
/// </summary>
internal static class ScrapedNodes
{
    private static readonly List<WeakReference<RunningNode>> Started = [];

    /// <summary>Set once, before any node starts.</summary>
    public static bool Enabled { get; set; }

    /// <summary>The monitoring endpoints of the started nodes still referenced (a node restarted answers on its new port).</summary>
    public static IReadOnlyList<string> Endpoints()
    {
        lock (Started)
        {
            Started.RemoveAll(w => !w.TryGetTarget(out _));
            return [.. Started.Select(w => w.TryGetTarget(out var node) ? node.Ready.MonitoringEndpoint : null).OfType<string>()];
        }
    }

    internal static void Configure(Dictionary<string, string> settings)
    {
        if (Enabled)
        {
            settings["Node:MonitoringListen"] = "127.0.0.1:0";
        }
    }

    internal static void Track(RunningNode node)
    {
        if (!Enabled)
        {
            return;
        }

        lock (Started)
        {
            // Weak: a disposed node is not kept in memory by the scraper (the benchmark measures memory too).
            Started.Add(new WeakReference<RunningNode>(node));
        }
    }
}
