using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Federation;

/// <summary>Routing facts and audiences for the federation tests, and a readable form of a forwarding plan.</summary>
internal static class Facts
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NextWeek = Now.AddDays(7);

    public static readonly Tlp[] Labels = [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red];
    public static readonly Tlp[] Restricted = [Tlp.Amber, Tlp.AmberStrict, Tlp.Red];
    public static readonly Tlp[] Community = [Tlp.Clear, Tlp.Green];
    public static readonly Tlp[] Invalid = [Tlp.Unspecified, (Tlp)6, (Tlp)99, (Tlp)(-1)];

    public static RoutingFacts Clear(Tlp tlp, string origin, Audience audience, DateTimeOffset? expiresAt = null) =>
        new("0195a1b2-0000-7000-8000-000000000001", origin, tlp, expiresAt ?? NextWeek, audience, null);

    public static RoutingFacts Sealed(Tlp tlp, string origin, params string[] recipients) =>
        new("0195a1b2-0000-7000-8000-000000000002", origin, tlp, NextWeek, new Audience(), recipients);

    public static Audience Whole() => new() { WholeFederation = true };

    public static Audience Nodes(params string[] nodes)
    {
        var audience = new Audience();
        audience.Nodes.Add(nodes);
        return audience;
    }

    public static Audience Sectors(params string[] sectors)
    {
        var audience = new Audience();
        audience.Sectors.Add(sectors);
        return audience;
    }

    public static Audience Members(params (string Node, string Member)[] members)
    {
        var audience = new Audience();
        audience.Members.Add(members.Select(m => new MemberRef { Node = m.Node, MemberId = m.Member }));
        return audience;
    }

    /// <summary>"peer:Transport[recipients]" per forward in order, then "| seal:..." — one line a failing assert shows whole.</summary>
    public static string Show(ForwardPlan plan) =>
        string.Join("; ", plan.Forwards.Select(f => $"{f.Peer}:{f.Transport}[{string.Join(",", f.Recipients.Order(StringComparer.Ordinal))}]"))
        + " | seal:" + string.Join(",", plan.SealTo);

    public static string[] Sorted(IEnumerable<string> ids) => [.. ids.Order(StringComparer.Ordinal)];
}
