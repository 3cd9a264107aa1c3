using Ceptoar.Federation.V1;
using static System.FormattableString;

namespace Ceptoar.Core.Items;

/// <summary>
/// The audience an origin may address under each TLP label (docs/TLP.md §1), plus the syntax of each entry.
/// CLEAR/GREEN: anything, empty = the whole federation. AMBER: named nodes or sectors. AMBER+STRICT: named nodes only.
/// RED: named nodes and/or named members. Roles and sector ministries (docs/MODES.md §1) name certified nodes, so they count
/// as named nodes under every label.
/// </summary>
internal sealed class AudienceRules(Vocabulary vocabulary, ItemLimits limits)
{
    public void Check(Violations violations, string path, Tlp tlp, Audience? audience)
    {
        audience ??= new Audience();
        CheckNodes(violations, path + ".nodes", audience.Nodes);
        CheckSectors(violations, path + ".sectors", audience.Sectors);
        CheckMembers(violations, path + ".members", audience.Members);
        CheckRoles(violations, path + ".roles", audience.Roles);
        CheckSectors(violations, path + ".sector_ministries", audience.SectorMinistries, new(nameof(ItemsText.AudienceSectorMinistries)));
        // Roles and sector ministries name certified organisations (nodes), never members, so every label may use them.
        var namesNodes = audience.Nodes.Count > 0 || audience.Roles.Count > 0 || audience.SectorMinistries.Count > 0;

        var label = ProtoNames.Of(tlp);
        switch (tlp)
        {
            case Tlp.Amber:
                RefuseWholeFederation(violations, path, audience, label);
                RefuseMembers(violations, path, audience, label, new(nameof(ItemsText.AmberMembersWhy)));
                if (!namesNodes && audience.Sectors.Count == 0)
                {
                    violations.Add(path, new(nameof(ItemsText.AmberNoRecipient)));
                }

                break;

            case Tlp.AmberStrict:
                RefuseWholeFederation(violations, path, audience, label);
                RefuseMembers(violations, path, audience, label, new(nameof(ItemsText.StrictMembersWhy)));
                if (audience.Sectors.Count > 0)
                {
                    violations.Add(path + ".sectors", new(nameof(ItemsText.StrictSectors)));
                }

                if (!namesNodes)
                {
                    violations.Add(path, new(nameof(ItemsText.StrictNoRecipient)));
                }

                break;

            case Tlp.Red:
                RefuseWholeFederation(violations, path, audience, label);
                if (audience.Sectors.Count > 0)
                {
                    violations.Add(path + ".sectors", new(nameof(ItemsText.RedSectors)));
                }

                if (!namesNodes && audience.Members.Count == 0)
                {
                    violations.Add(path, new(nameof(ItemsText.RedNoRecipient)));
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
            violations.Add(path + ".whole_federation", new(nameof(ItemsText.WholeFederationRefused), label));
        }
    }

    private static void RefuseMembers(Violations violations, string path, Audience audience, string label, LocalText why)
    {
        if (audience.Members.Count > 0)
        {
            violations.Add(path + ".members", new(nameof(ItemsText.MembersRefused), label, why));
        }
    }

    private void CheckNodes(Violations violations, string path, IReadOnlyList<string> nodes)
    {
        if (!CheckCount(violations, path, new(nameof(ItemsText.AudienceNodes)), nodes.Count))
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            var field = Invariant($"{path}[{i}]");
            if (!Identifiers.IsValidNodeId(nodes[i]))
            {
                violations.Add(field, new(nameof(ItemsText.NodeIdInvalid), ItemValidator.NodeIdRule));
            }
            else if (!seen.Add(nodes[i]))
            {
                violations.Add(field, new(nameof(ItemsText.NodeTwice)));
            }
        }
    }

    private void CheckRoles(Violations violations, string path, IReadOnlyList<string> roles)
    {
        if (!CheckCount(violations, path, new(nameof(ItemsText.AudienceRoles)), roles.Count))
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < roles.Count; i++)
        {
            var field = Invariant($"{path}[{i}]");
            if (RoleNames.Parse(roles[i]) == NodeRole.Unspecified)
            {
                violations.Add(field, new(nameof(ItemsText.RoleUnknown), string.Join(", ", RoleNames.All)));
            }
            else if (!seen.Add(roles[i]))
            {
                violations.Add(field, new(nameof(ItemsText.RoleTwice)));
            }
        }
    }

    private void CheckSectors(Violations violations, string path, IReadOnlyList<string> sectors, LocalText? what = null)
    {
        if (!CheckCount(violations, path, what ?? new(nameof(ItemsText.AudienceSectors)), sectors.Count))
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sectors.Count; i++)
        {
            var field = Invariant($"{path}[{i}]");
            if (!vocabulary.Sectors.ContainsKey(sectors[i]))
            {
                violations.Add(field, new(nameof(ItemsText.SectorUnknown), vocabulary.Version, string.Join(", ", vocabulary.Sectors.Keys)));
            }
            else if (!seen.Add(sectors[i]))
            {
                violations.Add(field, new(nameof(ItemsText.SectorTwice)));
            }
        }
    }

    private void CheckMembers(Violations violations, string path, IReadOnlyList<MemberRef> members)
    {
        if (!CheckCount(violations, path, new(nameof(ItemsText.AudienceMembers)), members.Count))
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
                violations.Add(field + ".node", new(nameof(ItemsText.MemberNodeInvalid), ItemValidator.NodeIdRule));
                entryOk = false;
            }

            if (!Identifiers.IsValidMemberId(member.MemberId))
            {
                violations.Add(field + ".member_id", new(nameof(ItemsText.MemberIdInvalid), ItemValidator.MemberIdRule));
                entryOk = false;
            }

            if (entryOk && !seen.Add((member.Node, member.MemberId)))
            {
                violations.Add(field, new(nameof(ItemsText.MemberTwice)));
            }
        }
    }

    private bool CheckCount(Violations violations, string path, LocalText what, int count)
    {
        if (count <= limits.MaxAudienceEntries)
        {
            return true;
        }

        violations.Add(path, new(nameof(ItemsText.AudienceTooMany), count, what, limits.MaxAudienceEntries));
        return false;
    }
}
