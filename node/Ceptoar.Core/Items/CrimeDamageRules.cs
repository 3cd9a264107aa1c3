using Ceptoar.Federation.V1;
using static System.FormattableString;

namespace Ceptoar.Core.Items;

/// <summary>
/// What makes a crime-damage report (犯罪被害等の通報) valid (docs/MODES.md §3): the member makes it at its own judgement
/// (voluntary), and it names only incident-handling nodes (the role incident-handling and/or nodes; that named nodes are
/// certified so is checked at intake against the directory). No other kind is marked voluntary. Pure.
/// </summary>
internal static class CrimeDamageRules
{
    private static readonly string IncidentHandling = RoleNames.Name(NodeRole.IncidentHandling);

    public static void Check(Violations violations, string prefix, ItemKind kind, bool voluntary, Audience? audience)
    {
        if (kind != ItemKind.CrimeDamage)
        {
            if (voluntary)
            {
                violations.Add(prefix + ".voluntary", new(nameof(ItemsText.VoluntaryOnOtherKind)));
            }

            return;
        }

        if (!voluntary)
        {
            violations.Add(prefix + ".voluntary", new(nameof(ItemsText.CrimeDamageNotVoluntary)));
        }

        var path = prefix + ".audience";
        audience ??= new Audience();
        if (audience.WholeFederation)
        {
            violations.Add(path + ".whole_federation", new(nameof(ItemsText.CrimeDamageAudienceOnly)));
        }

        if (audience.Sectors.Count > 0)
        {
            violations.Add(path + ".sectors", new(nameof(ItemsText.CrimeDamageAudienceOnly)));
        }

        if (audience.SectorMinistries.Count > 0)
        {
            violations.Add(path + ".sector_ministries", new(nameof(ItemsText.CrimeDamageAudienceOnly)));
        }

        if (audience.Members.Count > 0)
        {
            violations.Add(path + ".members", new(nameof(ItemsText.CrimeDamageAudienceOnly)));
        }

        for (var i = 0; i < audience.Roles.Count; i++)
        {
            if (audience.Roles[i] != IncidentHandling)
            {
                violations.Add(Invariant($"{path}.roles[{i}]"), new(nameof(ItemsText.CrimeDamageRoleOnly)));
            }
        }

        if (audience.Nodes.Count == 0 && !audience.Roles.Contains(IncidentHandling))
        {
            violations.Add(path, new(nameof(ItemsText.CrimeDamageNoRecipient)));
        }
    }
}
