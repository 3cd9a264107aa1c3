using Ceptoar.Node.Federation.Directory;

namespace Ceptoar.Node.Statistics;

/// <summary>An origin node as the statistics name it: its id, its names and the sectors it serves, from its verified descriptor.</summary>
internal sealed record OriginFacts(string NodeId, string NameJa, string NameEn, IReadOnlyList<string> Sectors);

/// <summary>Where the statistics learn each origin's sectors: the node directory (docs/PROTOCOL.md, descriptors).</summary>
internal interface ISharingOrigins
{
    /// <summary>Every node this node knows, itself included.</summary>
    IReadOnlyList<OriginFacts> All();
}

/// <summary>The origins as the verified descriptors of the node directory give them; what a node asserts of itself is all it says here.</summary>
internal sealed class DirectoryOrigins(NodeDirectory directory) : ISharingOrigins
{
    public IReadOnlyList<OriginFacts> All() =>
        [.. directory.Entries().Select(e => new OriginFacts(e.Descriptor.NodeId, e.Descriptor.NameJa, e.Descriptor.NameEn, [.. e.Descriptor.Sectors]))];
}
