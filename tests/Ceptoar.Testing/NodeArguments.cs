namespace Ceptoar.Testing;

/// <summary>The command-line configuration of a test node: loopback, port 0, its own data directory.</summary>
internal static class NodeArguments
{
    public static Dictionary<string, string> For(TestFederation federation, string nodeId, string dataDir)
    {
        var settings = Defaults(federation, nodeId, dataDir);
        ScrapedNodes.Configure(settings);
        return settings;
    }

    private static Dictionary<string, string> Defaults(TestFederation federation, string nodeId, string dataDir) => new()
    {
        ["Node:Id"] = nodeId,
        ["Node:Role"] = "secretariat",
        ["Node:DataDir"] = dataDir,
        ["Node:MemberListen"] = "127.0.0.1:0",
        ["Node:CertificatesDir"] = federation.NodeCertificates(nodeId),
        ["Node:TrustedRoots:0"] = federation.RootCertificatePath,
        ["Limits:MemberRequestsPerSecond"] = "100000",
        ["Limits:MemberBurst"] = "100000",
        ["Serilog:MinimumLevel:Default"] = "Warning",
    };

    public static string[] ToArgs(IReadOnlyDictionary<string, string> settings) =>
        [.. settings.Select(kv => $"--{kv.Key}={kv.Value}")];
}
