using System.Text.Json;
using Ceptoar.AdminCli.Localization;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Demo;

/// <summary>One node of the sample federation, as its certs-sample/&lt;id&gt;.node.json configures it.</summary>
internal sealed record DemoNode(string Id, NodeRole Role, IReadOnlyList<string> Sectors, string MemberListen, string FederationListen, string ConfigPath)
{
    /// <summary>The Council and NISC relay between secretariats (docs/PROTOCOL.md §11).</summary>
    public bool IsHub => Core.Policy.FederationNode.IsHubRole(Role);

    public string MemberEndpoint => $"https://{MemberListen}";

    public string FederationEndpoint => $"https://{FederationListen}";
}

/// <summary>Reads the ten sample node configurations under certs-sample/.</summary>
internal static class SampleFederation
{
    /// <summary>
    /// The hubs first, then the secretariats, then the action plan's other actors (docs/MODES.md §7): the order nodes are
    /// started and shown in.
    /// </summary>
    public static readonly IReadOnlyList<string> NodeIds = Pki.SampleCommand.NodeIds;

    public static IReadOnlyList<DemoNode> Load(string certsDir) => [.. NodeIds.Select(id => Read(Path.Combine(certsDir, $"{id}.node.json"), id))];

    private static DemoNode Read(string path, string expectedId)
    {
        JsonElement node;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            node = document.RootElement.GetProperty("Node").Clone();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new DemoException(
                ExitCodes.Usage,
                Localized.Format(DemoText.CannotReadSampleConfig, path, e.Message),
                DemoText.RestoreCertsSample);
        }

        var id = Text(node, "Id", path);
        if (id != expectedId)
        {
            throw new DemoException(ExitCodes.Usage, Localized.Format(DemoText.WrongNodeConfig, path, id, expectedId));
        }

        var sectors = node.TryGetProperty("Sectors", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(s => s.GetString() ?? string.Empty).Where(s => s.Length > 0).ToArray()
            : [];
        return new DemoNode(id, Role(Text(node, "Role", path), path), sectors, Text(node, "MemberListen", path), Text(node, "FederationListen", path), path);
    }

    private static string Text(JsonElement node, string name, string path) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new DemoException(ExitCodes.Usage, Localized.Format(DemoText.MissingSetting, path, name));

    private static NodeRole Role(string role, string path) =>
        RoleNames.Parse(role) is var parsed && parsed != NodeRole.Unspecified
            ? parsed
            : throw new DemoException(ExitCodes.Usage, Localized.Format(DemoText.UnknownRole, path, role));
}

/// <summary>Who peers with whom in the demo, and the command line each node is started with. Pure.</summary>
internal static class DemoTopology
{
    /// <summary>A secretariat peers with the hubs; a hub peers with every other node (the secretariats and the other hub).</summary>
    public static IReadOnlyList<DemoNode> PeersOf(DemoNode node, IReadOnlyList<DemoNode> all) =>
        [.. all.Where(other => other.Id != node.Id && (node.IsHub || other.IsHub))];

    /// <summary>
    /// The node's own arguments after `dotnet exec ceptoar-node.dll`: its sample configuration, then command-line overrides
    /// (which win over the file) for the data directory and the peers the node seeds its peer table from.
    /// </summary>
    public static IReadOnlyList<string> NodeArguments(DemoNode node, IReadOnlyList<DemoNode> all, string dataDir)
    {
        var arguments = new List<string> { "--config", node.ConfigPath, $"--Node:DataDir={dataDir}" };
        var peers = PeersOf(node, all);
        for (var i = 0; i < peers.Count; i++)
        {
            arguments.Add(FormattableString.Invariant($"--Node:Peers:{i}:Id={peers[i].Id}"));
            arguments.Add(FormattableString.Invariant($"--Node:Peers:{i}:Endpoint={peers[i].FederationEndpoint}"));
        }

        return arguments;
    }
}

/// <summary>A demo step failed; its lines say what happened and what to do, and it ends the demo with this exit code.</summary>
internal sealed class DemoException(int exitCode, params string[] lines) : Exception(string.Join(Environment.NewLine, lines))
{
    public int ExitCode { get; } = exitCode;

    public IReadOnlyList<string> Lines { get; } = lines;
}
