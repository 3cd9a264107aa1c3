using Ceptoar.Core.Items;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Rules;

/// <summary>
/// Random rule sets, items and subjects from a seeded Random. With <c>validOnly</c> the values come from the vocabulary
/// and identifier rules (for the round trip); otherwise anything a program could build, including labels that are not
/// TLP labels, empty lists, "deliver all" under any label, zero retention.
/// </summary>
internal sealed class RuleGenerator(Random random, bool validOnly)
{
    public const string Local = RuleKit.Local;

    public static readonly Tlp[] AnyLabels = [Tlp.Unspecified, Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red, (Tlp)6, (Tlp)99, (Tlp)(-1)];

    private static readonly string[] Sectors = [.. Vocabulary.Default.Sectors.Keys];
    private static readonly string[] Threats = [.. Vocabulary.Default.ThreatTypes.Keys, "attack.*", "accident.*"];
    private static readonly string[] Nodes = [Local, "bank-ceptoar", "water-ceptoar", "ceptoar-council", "nisc"];
    private static readonly string[] Members = ["tokyo-gas", "osaka-gas", "example-bank", "city-water", "x1"];
    private static readonly string[] Tags = ["region:kanto", "region:kansai", "size-large", "ir.team_1"];
    private static readonly ItemKind[] Kinds = [.. Enum.GetValues<ItemKind>().Where(k => k != ItemKind.Unspecified)];
    private static readonly Tlp[] KnownLabels = [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red];
    private static readonly string[] CopyTargets = ["nisc", "sector-ministry", "role:cabinet-crisis", "role:disaster-management", "node:nisc", "node:bank-ceptoar"];
    private static readonly ModeState LargeScale = new(FederationMode.LargeScale, [], "01974f2e-8c00-7abc-8def-0123456789ab", DateTimeOffset.UnixEpoch, 60, "test");

    private int _names;

    public RuleSet RuleSet(int maxRules)
    {
        var rules = new List<HandlingRule>();
        var count = random.Next(maxRules + 1);
        for (var i = 0; i < count; i++)
        {
            var rule = Rule(i == count - 1);
            if (validOnly)
            {
                // Keep drawing until the rule passes every check next to the ones before it: the round trip is for valid sets.
                for (var attempt = 0; attempt < 50 && RuleSetValidator.Validate(new RuleSet([.. rules, rule]), Vocabulary.Default).Count > 0; attempt++)
                {
                    rule = Rule(i == count - 1);
                }

                if (RuleSetValidator.Validate(new RuleSet([.. rules, rule]), Vocabulary.Default).Count > 0)
                {
                    continue;
                }
            }

            rules.Add(rule);
        }

        return new RuleSet(rules);
    }

    public HandlingRule Rule(bool last)
    {
        var when = Conditions();
        if (validOnly && !last && when.IsCatchAll)
        {
            when = when with { Exercise = true };
        }

        var description = random.Next(3) == 0 ? "" : Pick(["Banks stay anonymous", "訓練は30日で消す", "need-to-know: IR teams # of kanto", "a"]);
        return new HandlingRule($"r{_names++}-{Pick(["a", "bank", "drill"])}", description, when, Actions());
    }

    public RuleConditions Conditions() => new()
    {
        Directions = Maybe(() => Set([RuleDirection.Submitted, RuleDirection.Received])),
        Kinds = Maybe(() => Set(Kinds)),
        Labels = Maybe(() => Set(validOnly ? KnownLabels : AnyLabels)),
        Sectors = Maybe(() => Set(validOnly ? Sectors : [.. Sectors.Take(3), "gas", "unknown"])),
        ThreatTypes = Maybe(() => Set(Threats)),
        Exercise = random.Next(4) == 0 ? random.Next(2) == 0 : null,
        Origins = Maybe(() => Set(Nodes)),
        FromPeers = Maybe(() => Set(Nodes)),
        Members = Maybe(() => Set(Members)),
        MemberTags = Maybe(() => Set(Tags)),
        Modes = Maybe(() => Set([FederationMode.Normal, FederationMode.LargeScale])),
        Terror = random.Next(4) == 0 ? random.Next(2) == 0 : null,
    };

    public RuleActions Actions() => new()
    {
        Deliver = random.Next(3) == 0 ? null : random.Next(4) switch
        {
            0 => MemberSelection.Everyone,
            1 => MemberSelection.Nobody,
            _ => MemberSelection.Of(Some(Sectors.Take(4).Append("gas").ToArray()), Some(Tags), Some(Members)) is { IsNone: false } s ? s : MemberSelection.Of(["gas"]),
        },
        Forward = random.Next(3) == 0 ? null : random.Next(3) switch
        {
            0 => ForwardRestriction.AsRouted,
            1 => ForwardRestriction.Nothing,
            _ => ForwardRestriction.OnlyTo(Set(Nodes.Skip(1).ToArray(), atLeastOne: true)),
        },
        Attribution = random.Next(3) == 0 ? null : Pick([AttributionAction.Keep, AttributionAction.Strip]),
        Obfuscate = random.Next(3) == 0 ? random.Next(2) == 0 : null,
        Hold = random.Next(3) == 0 ? random.Next(2) == 0 : null,
        RaiseLabel = random.Next(3) == 0 ? Pick(validOnly ? KnownLabels : AnyLabels) : null,
        RetentionDays = random.Next(3) == 0 ? (validOnly ? random.Next(1, 3651) : Pick([0, -1, 1, 30, 365, 3650, 3651])) : null,
        Copy = random.Next(3) == 0 ? Set(CopyTargets, atLeastOne: true) : null,
    };

    public Item Item()
    {
        var audience = new Audience { WholeFederation = random.Next(4) == 0 };
        audience.Nodes.Add(Some(Nodes.Append("").ToArray()));
        audience.Sectors.Add(Some(["gas", "finance", "water", ""]));
        foreach (var member in Some(Members))
        {
            audience.Members.Add(new MemberRef { Node = Pick(Nodes), MemberId = member });
        }

        return new Item
        {
            OriginNode = Pick(Nodes),
            Tlp = Pick(AnyLabels),
            Kind = random.Next(10) == 0 ? ItemKind.Unspecified : Pick(Kinds),
            Exercise = random.Next(4) == 0,
            Audience = random.Next(15) == 0 ? null : audience,
            Handling = random.Next(10) == 0 ? null : new HandlingPolicy
            {
                Attribution = Pick([Attribution.Unspecified, Attribution.May, Attribution.Must, Attribution.MustNot, (Attribution)7]),
                ObfuscateAffectedParties = random.Next(3) == 0,
            },
            Body = random.Next(10) == 0 ? null : new Body { Why = new Why { ThreatType = random.Next(5) == 0 ? "" : Pick(Threats[..^2]) } },
        };
    }

    public MemberFacts Member() => new(Pick(Members), Pick(["gas", "finance", "water", "electricity"]), Some(Tags));

    public RuleSubject Subject(Item item) => (random.Next(2) == 0
        ? RuleSubject.Submitted(item, Local, Member())
        : RuleSubject.Received(item, Local, Pick(Nodes.Skip(1).ToArray()), Some(["gas", "finance", "water"])))
        .At(NodeRole.Secretariat, ["gas"], random.Next(3) == 0 ? LargeScale : ModeState.Normal, random.Next(2) == 0);

    public T Pick<T>(T[] pool) => pool[random.Next(pool.Length)];

    private ValueSet<T>? Maybe<T>(Func<ValueSet<T>> make)
        where T : notnull => random.Next(4) == 0 ? make() : null;

    private ValueSet<T> Set<T>(T[] pool, bool atLeastOne = false)
        where T : notnull
    {
        var values = Some(pool);
        return values.Length == 0 && (validOnly || atLeastOne) ? [pool[random.Next(pool.Length)]] : new ValueSet<T>(values);
    }

    private T[] Some<T>(T[] pool) => [.. pool.Where(_ => random.Next(pool.Length) < 2)];
}
