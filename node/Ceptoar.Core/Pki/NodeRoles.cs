using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Pki;

/// <summary>
/// A node's role (secretariat, council, nisc, ministry, agency, and the action plan's other actors: disaster-management,
/// incident-handling, cabinet-crisis, cyberspace-business; docs/MODES.md §1) as its certificates certify it: a SAN URI
/// <c>urn:ceptoar:role:&lt;role&gt;</c> beside <c>urn:ceptoar:node:&lt;id&gt;</c>, written by <c>pki issue-node --role</c>.
/// Authority is certified, never asserted: whatever a role may do (hubs relay) is trusted only when a federation root
/// certified that role. A certificate without a role URI (issued before roles were certified) certifies nothing beyond
/// an ordinary secretariat, so such a node may only claim that role.
/// </summary>
public static class NodeRoles
{
    public const string UriPrefix = "urn:ceptoar:role:";

    /// <summary>The role a certificate without a role URI may claim: the one that confers no authority over others.</summary>
    public const NodeRole Uncertified = NodeRole.Secretariat;

    /// <summary>The role names, as configured (<c>Node:Role</c>), given to <c>--role</c> and written in certificates.</summary>
    public static IReadOnlyList<string> Names => RoleNames.All;

    /// <summary>The role of a name; <see cref="NodeRole.Unspecified"/> for anything else.</summary>
    public static NodeRole Parse(string name) => RoleNames.Parse(name);

    /// <summary>The lower-case name of a role ("unspecified" for none).</summary>
    public static string Name(NodeRole role) => RoleNames.Name(role);

    public static string UriFor(NodeRole role) => UriPrefix + Name(role);

    /// <summary>
    /// What a certificate certifies: the role of its one role URI; null with no problem when it has none; a problem when
    /// it names several, an unknown role, or its SAN cannot be read.
    /// </summary>
    public static (NodeRole? Role, string? Problem) CertifiedBy(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var uris = NodeUri.SanUrisOf(certificate);
        if (uris is null)
        {
            return (null, "its subject alternative names cannot be read");
        }

        var names = uris.Where(u => u.StartsWith(UriPrefix, StringComparison.Ordinal)).Select(u => u[UriPrefix.Length..]).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return (null, null);
        }

        if (names.Count > 1)
        {
            return (null, $"it certifies several roles ({string.Join(", ", names.Select(Echo))})");
        }

        var role = Parse(names[0]);
        return role == NodeRole.Unspecified ? (null, $"it certifies the unknown role {Echo(names[0])}") : (role, null);
    }

    /// <summary>
    /// Null when the certificate lets its node claim this role; otherwise why not, naming what to do. The rule: the
    /// certified role must equal the claimed one; a certificate with no role lets its node claim only
    /// <see cref="Uncertified"/>.
    /// </summary>
    public static string? Mismatch(NodeRole claimed, X509Certificate2 certificate, string what)
    {
        var (certified, problem) = CertifiedBy(certificate);
        if (problem is not null)
        {
            return $"the {what} certificate cannot certify a role: {problem}; reissue it with `ceptoar-admin pki issue-node --role <role>`";
        }

        if (certified is { } role)
        {
            return role == claimed ? null
                : $"the {what} certificate certifies the role '{Name(role)}', not '{Name(claimed)}': a node's role is what a federation root certified for it";
        }

        return claimed == Uncertified ? null
            : $"the {what} certificate certifies no role, so the node may act only as a {Name(Uncertified)}, not as '{Name(claimed)}': "
              + $"reissue its certificates with `ceptoar-admin pki issue-node --role {Name(claimed)}`";
    }

    private static string Echo(string value) => value.Length <= 40 ? $"'{value}'" : $"'{value[..40]}…'";
}
