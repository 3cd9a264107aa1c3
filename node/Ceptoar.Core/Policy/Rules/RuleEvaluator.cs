using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy.Rules;

/// <summary>
/// Evaluates a node's handling rules for one item. Pure: no I/O, no clock. The first matching rule fires (see
/// <see cref="RuleSet"/>); its wishes are then clamped against TLP, so no rule set can make the node show or send an
/// item wider than its label allows:
/// <list type="bullet">
/// <item>label: only raised (CLEAR &lt; GREEN &lt; AMBER &lt; AMBER+STRICT &lt; RED); a value that is not a TLP 2.0 label
/// stays as it is, and such an item is delivered to no member and forwarded nowhere;</item>
/// <item>members: within the ceiling of the effective label at this node: CLEAR/GREEN the audience's reach here (as
/// <see cref="TlpMemberPolicy"/>); RED only members named for this node; AMBER+STRICT nobody; AMBER need-to-know: a rule
/// must grant sectors, tags or named members (never "all"), among this node's members when the audience names this node,
/// else among members of the audience's sectors;</item>
/// <item>forward: a rule can only narrow what routing allows; a received item whose label a rule raised into one that
/// must travel sealed (AMBER and above) is forwarded nowhere, as this node cannot re-seal another node's item;</item>
/// <item>attribution: stripped whenever the origin's handling policy does not allow it (MUST_NOT or not stated);</item>
/// <item>obfuscation: the origin's request to obfuscate affected parties always holds;</item>
/// <item>copies: added recipients only as the label and the member's consent allow (<see cref="CopyTargets"/>); a
/// crime-damage report is never copied, and reaches no member of a node that is not incident-handling.</item>
/// </list>
/// </summary>
public static class RuleEvaluator
{
    public static RuleDecision Evaluate(RuleSet rules, RuleSubject subject)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(subject);
        var skipped = new List<RuleMiss>();
        foreach (var rule in rules.Rules)
        {
            // Conditions are checked lazily: a rule is left at its first failing condition.
            var results = new List<ConditionResult>();
            ConditionResult? miss = null;
            foreach (var result in RuleMatcher.Check(rule.When, subject))
            {
                if (!result.Holds)
                {
                    miss = result;
                    break;
                }

                results.Add(result);
            }

            if (miss is null)
            {
                return Decide(rule, false, results, skipped, subject);
            }

            skipped.Add(new RuleMiss(rule.Name, miss));
        }

        return Decide(RuleSet.BuiltInDefault, true, [], skipped, subject);
    }

    private static RuleDecision Decide(HandlingRule rule, bool isDefault, IReadOnlyList<ConditionResult> matched, IReadOnlyList<RuleMiss> skipped, RuleSubject subject)
    {
        var wish = rule.Then;
        var fallback = RuleSet.BuiltInDefault.Then;
        var item = subject.Item;
        var clamps = new List<RuleClamp>();

        var original = item.Tlp;
        var label = EffectiveLabel(original, wish.RaiseLabel, clamps);
        var audience = item.Audience ?? new Audience();
        var wholeFederation = audience.WholeFederation || Audiences.NamesNoOne(audience);
        if (label != original && TlpTransport.MustSealBeyondDirectPeers(label) && wholeFederation)
        {
            clamps.Add(new("raise", $"the audience is the whole federation, which {TlpTransport.Name(label)} cannot address: under {TlpTransport.Name(label)} the item reaches only the nodes, sectors or members it names explicitly"));
        }

        var delivery = Delivery(label, audience, subject.LocalNodeId, wish.Deliver ?? fallback.Deliver!, wish.Deliver is not null, clamps);
        if (item.Kind == ItemKind.CrimeDamage && subject.LocalRole != NodeRole.IncidentHandling)
        {
            // A crime-damage report is for the incident-handling nodes only (docs/MODES.md §3): elsewhere, its submitter alone sees it.
            if (wish.Deliver is { IsNone: false })
            {
                clamps.Add(new("deliver", "a crime-damage report is for incident-handling nodes only: no member of this node sees it but its submitter"));
            }

            delivery = EffectiveDelivery.None;
        }

        // Copies only for an item submitted here, judged under the label it is signed with (after any raise).
        var copies = subject.Direction == RuleDirection.Submitted
            ? CopyTargets.Decide(wish.Copy, item, label, subject.Member?.Sector ?? "", subject.AcceptCopies)
            : [];
        var forward = Forward(subject.Direction, original, label, wish.Forward ?? fallback.Forward!, clamps);

        var origin = item.Handling ?? new HandlingPolicy();
        // Anything but an explicit keep (or no wish) strips: a value outside the enum reads the safe way.
        var attribution = wish.Attribution is null or AttributionAction.Keep ? AttributionAction.Keep : AttributionAction.Strip;
        if (attribution == AttributionAction.Keep && origin.Attribution is not (Attribution.May or Attribution.Must))
        {
            attribution = AttributionAction.Strip;
            if (wish.Attribution is not null)
            {
                clamps.Add(new("attribution", $"the origin's handling policy says attribution {AttributionName(origin.Attribution)}: the reporting member is not named"));
            }
        }

        if (wish.Obfuscate == false && origin.ObfuscateAffectedParties)
        {
            clamps.Add(new("obfuscate", "the origin asks that affected parties be obfuscated: they are, whatever the rule says"));
        }

        return new RuleDecision
        {
            Rule = rule,
            IsBuiltInDefault = isDefault,
            Matched = matched,
            Skipped = skipped,
            Direction = subject.Direction,
            OriginalLabel = original,
            Label = label,
            Delivery = delivery,
            Forward = forward,
            Attribution = attribution,
            ObfuscateAffectedParties = origin.ObfuscateAffectedParties || wish.Obfuscate == true,
            Hold = wish.Hold ?? fallback.Hold ?? false,
            RetentionDays = Retention(wish.RetentionDays, clamps),
            Clamps = clamps,
            Copies = copies,
        };
    }

    private static Tlp EffectiveLabel(Tlp original, Tlp? raise, List<RuleClamp> clamps)
    {
        if (raise is not { } wanted)
        {
            return original;
        }

        if (!TlpTransport.IsKnown(original))
        {
            clamps.Add(new("raise", $"the item is {RuleNames.Label(original)}, not a TLP 2.0 label: it keeps its value, and is delivered to no member and forwarded nowhere"));
            return original;
        }

        if (!TlpTransport.IsKnown(wanted))
        {
            clamps.Add(new("raise", $"the rule asks for {RuleNames.Label(wanted)}, not a TLP 2.0 label: the label stays {TlpTransport.Name(original)}"));
            return original;
        }

        if (RuleNames.Rank(wanted) < RuleNames.Rank(original))
        {
            clamps.Add(new("raise", $"the rule asks for {TlpTransport.Name(wanted)} but the item is {TlpTransport.Name(original)}: a rule only raises a label, so it stays {TlpTransport.Name(original)}"));
            return original;
        }

        return wanted;
    }

    private static EffectiveDelivery Delivery(Tlp label, Audience audience, string local, MemberSelection grant, bool explicitGrant, List<RuleClamp> clamps)
    {
        var ceiling = TlpMemberPolicy.Ceiling(label, audience, local);
        if (label == Tlp.Amber && grant.All)
        {
            clamps.Add(new("deliver", "AMBER is need-to-know: no member sees it until a rule above grants the sectors, tags or members who need it (deliver=sector:..., tag:..., member:...)"));
            grant = grant with { All = false };
        }

        if (grant.IsNone)
        {
            return new EffectiveDelivery(ceiling, MemberSelection.Nobody);
        }

        if (ceiling.IsNone)
        {
            if (explicitGrant)
            {
                clamps.Add(new("deliver", label switch
                {
                    Tlp.AmberStrict => "AMBER+STRICT is for the recipient organisation only: never delivered to members",
                    Tlp.Red => "RED goes only to members named in the audience, and it names none of this node's",
                    Tlp.Amber => "the AMBER audience names neither this node nor a sector: no member of this node is a recipient",
                    Tlp.Clear or Tlp.Green => "the audience does not reach this node's members",
                    _ => $"the item is {RuleNames.Label(label)}, not a TLP 2.0 label: no member sees it",
                }));
            }

            return new EffectiveDelivery(ceiling, MemberSelection.Nobody);
        }

        var delivery = new EffectiveDelivery(ceiling, grant);
        if (explicitGrant && !delivery.GrantWithinCeiling)
        {
            clamps.Add(new("deliver", $"{TlpTransport.Name(label)} with this audience reaches only {EffectiveDelivery.Describe(ceiling)} here: the rule's {grant} is limited to them"));
        }

        return delivery;
    }

    private static ForwardRestriction Forward(RuleDirection direction, Tlp original, Tlp label, ForwardRestriction wish, List<RuleClamp> clamps)
    {
        if (wish.Scope is not (ForwardScope.AsRouted or ForwardScope.OnlyPeers))
        {
            return ForwardRestriction.Nothing;
        }

        if (!TlpTransport.IsKnown(original))
        {
            clamps.Add(new("forward", $"the item is {RuleNames.Label(original)}, not a TLP 2.0 label: it is forwarded nowhere"));
            return ForwardRestriction.Nothing;
        }

        if (direction == RuleDirection.Received && TlpTransport.MustSealBeyondDirectPeers(label) && !TlpTransport.MustSealBeyondDirectPeers(original))
        {
            clamps.Add(new("forward", $"the label was raised to {TlpTransport.Name(label)}, which travels only sealed by its origin: this node cannot seal another node's item, so it forwards it nowhere"));
            return ForwardRestriction.Nothing;
        }

        return wish;
    }

    private static int Retention(int? days, List<RuleClamp> clamps)
    {
        if (days is null or (> 0 and <= RuleSet.MaxRetentionDays))
        {
            return days ?? RuleSet.BuiltInDefault.Then.RetentionDays ?? RuleSet.DefaultRetentionDays;
        }

        clamps.Add(new("retain", $"{days} days is outside 1 to {RuleSet.MaxRetentionDays}: the default {RuleSet.DefaultRetentionDays} days apply"));
        return RuleSet.DefaultRetentionDays;
    }

    private static string AttributionName(Attribution attribution) => attribution switch
    {
        Attribution.MustNot => "must not (MUST_NOT)",
        Attribution.Unspecified => "is not stated, read as must not",
        _ => $"is not one this node knows ({(int)attribution}), read as must not",
    };
}
