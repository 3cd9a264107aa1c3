using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Rules;

/// <summary>Items, members and rules for the rule tests, each changed one field at a time by the tests.</summary>
internal static class RuleKit
{
    public const string Local = "gas-ceptoar";

    public static readonly Tlp[] Labels = [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red];

    public static readonly MemberFacts TokyoGas = new("tokyo-gas", "gas", ["region:kanto", "size-large"]);
    public static readonly MemberFacts OsakaGas = new("osaka-gas", "gas", ["region:kansai"]);
    public static readonly MemberFacts SaibuGas = new("saibu-gas", "gas", []);
    public static readonly MemberFacts ExampleBank = new("example-bank", "finance", ["region:kanto"]);
    public static readonly MemberFacts WaterWorks = new("city-water", "water", ["size-small"]);

    public static readonly MemberFacts[] Roster = [TokyoGas, OsakaGas, SaibuGas, ExampleBank, WaterWorks];

    public static Item Item(
        Tlp tlp = Tlp.Green,
        Audience? audience = null,
        ItemKind kind = ItemKind.IncidentReport,
        bool exercise = false,
        string origin = "bank-ceptoar",
        string? threat = "attack.intrusion",
        Attribution attribution = Attribution.May,
        bool obfuscate = false) => new()
        {
            Id = "01974f2e-8c00-7abc-8def-0123456789ab",
            OriginNode = origin,
            Tlp = tlp,
            Kind = kind,
            Exercise = exercise,
            Audience = audience ?? new Audience { WholeFederation = true },
            Handling = new HandlingPolicy { Attribution = attribution, ObfuscateAffectedParties = obfuscate },
            Body = threat is null ? new Body { Title = "t" } : new Body { Title = "t", Why = new Why { ThreatType = threat } },
        };

    public static Audience ToNodes(params string[] nodes) => new() { Nodes = { nodes } };

    public static Audience ToSectors(params string[] sectors) => new() { Sectors = { sectors } };

    public static Audience ToMembers(params (string Node, string Member)[] members) =>
        new() { Members = { members.Select(m => new MemberRef { Node = m.Node, MemberId = m.Member }) } };

    public static RuleSubject Submitted(Item? item = null, MemberFacts? member = null) =>
        RuleSubject.Submitted(item ?? Item(origin: Local), Local, member ?? TokyoGas);

    public static RuleSubject Received(Item? item = null, string from = "ceptoar-council", IReadOnlyList<string>? originSectors = null) =>
        RuleSubject.Received(item ?? Item(), Local, from, originSectors ?? ["finance"]);

    public static HandlingRule Rule(string name, RuleConditions? when = null, RuleActions? then = null) =>
        new(name, "", when ?? RuleConditions.Any, then ?? new RuleActions { Hold = true });

    public static RuleDecision Evaluate(RuleSubject subject, params HandlingRule[] rules) => RuleEvaluator.Evaluate(new RuleSet(rules), subject);

    /// <summary>The roster members the decision delivers to, by id, sorted.</summary>
    public static string[] Admitted(EffectiveDelivery delivery) =>
        [.. Roster.Where(delivery.Admits).Select(m => m.MemberId).Order(StringComparer.Ordinal)];

    /// <summary>The roster members a MemberDelivery reaches (all, by sector, by name), by id, sorted.</summary>
    public static string[] Reached(MemberDelivery delivery, IEnumerable<MemberFacts>? roster = null) =>
        [.. (roster ?? Roster).Where(m => delivery.AllMembers || delivery.Sectors.Contains(m.Sector) || delivery.Members.Contains(m.MemberId))
            .Select(m => m.MemberId).Order(StringComparer.Ordinal)];

    public static string[] Ids(params MemberFacts[] members) => [.. members.Select(m => m.MemberId).Order(StringComparer.Ordinal)];
}
