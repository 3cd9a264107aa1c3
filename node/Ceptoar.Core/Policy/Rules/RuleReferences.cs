namespace Ceptoar.Core.Policy.Rules;

/// <summary>The members a node has and the nodes it knows, against which the ids a new rule names are checked.</summary>
/// <remarks>
/// A rule naming a member or node that does not exist is well-formed but matches or delivers to no one, so a typo would
/// go unnoticed; it is refused like an unknown sector code. Only rules an admin adds or imports are checked: a stored rule
/// keeps loading after a member it names was removed.
/// </remarks>
public sealed class RuleReferences
{
    public RuleReferences(IEnumerable<string> members, IEnumerable<string> nodes)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(nodes);
        Members = members.ToHashSet(StringComparer.Ordinal);
        Nodes = nodes.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The ids of the node's members (disabled ones too: they can be enabled again).</summary>
    public IReadOnlySet<string> Members { get; }

    /// <summary>This node, its peers and every node whose verified descriptor it holds.</summary>
    public IReadOnlySet<string> Nodes { get; }

    /// <summary>Null when the member exists, else what is wrong and what to do, naming the rule.</summary>
    public string? Member(string ruleName, string memberId) => Members.Contains(memberId)
        ? null
        : $"rule '{ruleName}' names member '{memberId}'{RuleValues.Suggest(memberId, Members)}, which this node does not have: "
          + $"add the member first with `ceptoar-admin members add {memberId}`, or correct the id (`ceptoar-admin members list` shows them)";

    /// <summary>Null when the node is known, else what is wrong and what to do, naming the rule.</summary>
    public string? Node(string ruleName, string nodeId) => Nodes.Contains(nodeId)
        ? null
        : $"rule '{ruleName}' names node '{nodeId}'{RuleValues.Suggest(nodeId, Nodes)}, which this node does not know (not a peer, not in its directory): "
          + $"correct the id (`ceptoar-admin directory` lists the known nodes), or add the peer first with "
          + $"`ceptoar-admin peers add {nodeId} --endpoint https://HOST:PORT`";
}
