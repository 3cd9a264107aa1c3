using Ceptoar.Federation.V1;
using static System.FormattableString;

namespace Ceptoar.Core.Items;

/// <summary>
/// The audience an origin may address under each TLP label (docs/TLP.md §1), plus the syntax of each entry.
/// CLEAR/GREEN: anything, empty = the whole federation. AMBER: named nodes or sectors. AMBER+STRICT: named nodes only.
/// RED: named nodes and/or named members.
/// </summary>
internal sealed class AudienceRules(Vocabulary vocabulary, ItemLimits limits)
{
    public void Check(Violations violations, string path, Tlp tlp, Audience? audience)
    {
        audience ??= new Audience();
        CheckNodes(violations, path + ".nodes", audience.Nodes);
        CheckSectors(violations, path + ".sectors", audience.Sectors);
        CheckMembers(violations, path + ".members", audience.Members);

        var label = ProtoNames.Of(tlp);
        switch (tlp)
        {
            case Tlp.Amber:
                RefuseWholeFederation(violations, path, audience, label);
                RefuseMembers(violations, path, audience, label, "AMBER reaches members only as the receiving node's handling rules decide; use TLP_RED to name members");
                if (audience.Nodes.Count == 0 && audience.Sectors.Count == 0)
                {
                    violations.Add(path, "A TLP_AMBER item names no recipient: add at least one node id to audience.nodes or sector code to audience.sectors");
                }

                break;

            case Tlp.AmberStrict:
                RefuseWholeFederation(violations, path, audience, label);
                RefuseMembers(violations, path, audience, label, "AMBER+STRICT never reaches members; use TLP_RED to name members");
                if (audience.Sectors.Count > 0)
                {
                    violations.Add(path + ".sectors", "A TLP_AMBER_STRICT item may not be addressed to sectors: name the nodes in audience.nodes instead, or use TLP_AMBER");
                }

                if (audience.Nodes.Count == 0)
                {
                    violations.Add(path, "A TLP_AMBER_STRICT item names no recipient: add at least one node id to audience.nodes");
                }

                break;

            case Tlp.Red:
                RefuseWholeFederation(violations, path, audience, label);
                if (audience.Sectors.Count > 0)
                {
                    violations.Add(path + ".sectors", "A TLP_RED item may not be addressed to sectors: name the recipient nodes in audience.nodes or members in audience.members");
                }

                if (audience.Nodes.Count == 0 && audience.Members.Count == 0)
                {
                    violations.Add(path, "A TLP_RED item names no recipient: add at least one node id to audience.nodes or member to audience.members");
                }

                break;

            default:
                // CLEAR and GREEN may address anyone; an unset or unknown label is reported on the tlp field itself.
                break;
        }
    }

    private static void RefuseWholeFederation(Violations violations, string path, Audience audience, string label)
    {
        if (audience.WholeFederation)
        {
            violations.Add(path + ".whole_federation",
                $"A {label} item may not be addressed to the whole federation: set whole_federation to false and name the recipients, or use TLP_GREEN");
        }
    }

    private static void RefuseMembers(Violations violations, string path, Audience audience, string label, string why)
    {
        if (audience.Members.Count > 0)
        {
            violations.Add(path + ".members", $"A {label} item may not name members: remove audience.members ({why})");
        }
    }

    private void CheckNodes(Violations violations, string path, IReadOnlyList<string> nodes)
    {
        if (!CheckCount(violations, path, "nodes", nodes.Count))
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            var field = Invariant($"{path}[{i}]");
            if (!Identifiers.IsValidNodeId(nodes[i]))
            {
                violations.Add(field, $"Node id is not valid: node ids are {Identifiers.NodeIdRule}");
            }
            else if (!seen.Add(nodes[i]))
            {
                violations.Add(field, "This node is listed twice: remove the duplicate");
            }
        }
    }

    private void CheckSectors(Violations violations, string path, IReadOnlyList<string> sectors)
    {
        if (!CheckCount(violations, path, "sectors", sectors.Count))
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sectors.Count; i++)
        {
            var field = Invariant($"{path}[{i}]");
            if (!vocabulary.Sectors.ContainsKey(sectors[i]))
            {
                violations.Add(field, $"Unknown sector code in vocabulary {vocabulary.Version}: use one of {string.Join(", ", vocabulary.Sectors.Keys)}");
            }
            else if (!seen.Add(sectors[i]))
            {
                violations.Add(field, "This sector is listed twice: remove the duplicate");
            }
        }
    }

    private void CheckMembers(Violations violations, string path, IReadOnlyList<MemberRef> members)
    {
        if (!CheckCount(violations, path, "members", members.Count))
        {
            return;
        }

        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < members.Count; i++)
        {
            var field = Invariant($"{path}[{i}]");
            var member = members[i];
            var entryOk = true;
            if (!Identifiers.IsValidNodeId(member.Node))
            {
                violations.Add(field + ".node", $"The member's node is missing or not a node id: node ids are {Identifiers.NodeIdRule}");
                entryOk = false;
            }

            if (!Identifiers.IsValidMemberId(member.MemberId))
            {
                violations.Add(field + ".member_id", $"The member id is missing or not valid: member ids are {Identifiers.MemberIdRule}");
                entryOk = false;
            }

            if (entryOk && !seen.Add((member.Node, member.MemberId)))
            {
                violations.Add(field, "This member is listed twice: remove the duplicate");
            }
        }
    }

    private bool CheckCount(Violations violations, string path, string what, int count)
    {
        if (count <= limits.MaxAudienceEntries)
        {
            return true;
        }

        violations.Add(path, Invariant($"The audience lists {count:N0} {what}: name at most {limits.MaxAudienceEntries:N0}, or address a sector or the whole federation where the label allows it"));
        return false;
    }
}
