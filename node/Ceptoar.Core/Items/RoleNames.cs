using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Items;

/// <summary>
/// The names of the node roles as people write them (configuration, <c>--role</c>, certificates, audiences and rules):
/// secretariat, council, nisc, ministry, agency, and the action plan's other actors (docs/MODES.md §1).
/// </summary>
public static class RoleNames
{
    /// <summary>The role names, as configured (<c>Node:Role</c>), given to <c>--role</c> and written in certificates.</summary>
    public static readonly IReadOnlyList<string> All =
        ["secretariat", "council", "nisc", "ministry", "agency", "disaster-management", "incident-handling", "cabinet-crisis", "cyberspace-business"];

    /// <summary>The role of a name; <see cref="NodeRole.Unspecified"/> for anything else.</summary>
    public static NodeRole Parse(string name) => name switch
    {
        "secretariat" => NodeRole.Secretariat,
        "council" => NodeRole.Council,
        "nisc" => NodeRole.Nisc,
        "ministry" => NodeRole.Ministry,
        "agency" => NodeRole.Agency,
        "disaster-management" => NodeRole.DisasterManagement,
        "incident-handling" => NodeRole.IncidentHandling,
        "cabinet-crisis" => NodeRole.CabinetCrisis,
        "cyberspace-business" => NodeRole.CyberspaceBusiness,
        _ => NodeRole.Unspecified,
    };

    /// <summary>The lower-case name of a role ("unspecified" for none).</summary>
    public static string Name(NodeRole role) => role switch
    {
        NodeRole.Secretariat => "secretariat",
        NodeRole.Council => "council",
        NodeRole.Nisc => "nisc",
        NodeRole.Ministry => "ministry",
        NodeRole.Agency => "agency",
        NodeRole.DisasterManagement => "disaster-management",
        NodeRole.IncidentHandling => "incident-handling",
        NodeRole.CabinetCrisis => "cabinet-crisis",
        NodeRole.CyberspaceBusiness => "cyberspace-business",
        _ => "unspecified",
    };
}
