using Ceptoar.Core.Items;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Members;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Administration;

/// <summary>The dry run: which rule fires for a stored item or a draft, why, and what would happen. Nothing is stored or sent.</summary>
internal sealed partial class AdminRules
{
    private const string SealedNote =
        "sealed: this node relays the item without reading it and knows only its routing header, so kind, threat and exercise conditions see no kind, no threat type and no exercise flag";

    public async Task<TestRulesResponse> TestAsync(TestRulesRequest request, CancellationToken cancellationToken)
    {
        var violations = new List<FieldViolation>();
        RuleSet? tested = rules.Current;
        if (request.RulesText.Length > 0)
        {
            var (parsed, errors) = RuleFile.Parse(request.RulesText, vocabulary);
            violations.AddRange(AdminRulesViews.FileErrors(errors, "rules_text, "));
            tested = parsed;
        }

        var (subject, isSealed) = request.SubjectCase switch
        {
            TestRulesRequest.SubjectOneofCase.ItemId => await StoredSubjectAsync(request, violations, cancellationToken),
            TestRulesRequest.SubjectOneofCase.Draft => (await DraftSubjectAsync(request, violations, cancellationToken), false),
            _ => (Missing(violations), false),
        };
        if (violations.Count > 0 || subject is null || tested is null)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }

        var decision = RuleEvaluator.Evaluate(tested, subject);
        IEnumerable<string> explanation = decision.Describe();
        return new TestRulesResponse
        {
            FiredRule = decision.Rule.Name,
            Explanation = string.Join('\n', isSealed ? explanation.Prepend(SealedNote) : explanation),
            Label = decision.Label,
            Held = decision.Hold,
            AttributionStripped = decision.Attribution == AttributionAction.Strip,
            Delivery = decision.Delivery.ToString(),
            Forward = decision.Forward.ToString(),
            RetentionDays = (uint)decision.RetentionDays,
        };
    }

    private static RuleSubject? Missing(List<FieldViolation> violations)
    {
        violations.Add(new("subject", "is missing: give item_id (an item stored here) or draft with member_id (a report as that member would submit it)"));
        return null;
    }

    /// <summary>A stored item as it reached this node: received from a peer when another node made it, else submitted by its member.</summary>
    private async Task<(RuleSubject? Subject, bool Sealed)> StoredSubjectAsync(TestRulesRequest request, List<FieldViolation> violations, CancellationToken cancellationToken)
    {
        if (request.MemberId.Length > 0)
        {
            violations.Add(new("member_id", "goes with a draft only: a stored item is tested as submitted by the member recorded with it; leave member_id empty"));
        }

        if (request.FromPeer.Length > 0 && !Identifiers.IsValidNodeId(request.FromPeer))
        {
            violations.Add(new("from_peer", "must be a node id: " + Identifiers.NodeIdRule));
        }

        if (!UuidV7.IsValid(request.ItemId))
        {
            violations.Add(new("item_id", "is not an item id: expected a lower-case UUIDv7 as shown by `items list`"));
        }

        if (violations.Count > 0)
        {
            return (null, false);
        }

        var stored = await itemStore.GetAsync(request.ItemId, cancellationToken)
            ?? throw GrpcErrors.NotFound($"no item {request.ItemId} on this node: check the id with `items list`, or test a draft instead.");
        if (stored.OriginNode != node.Id)
        {
            var from = request.FromPeer.Length > 0 ? request.FromPeer : stored.OriginNode;
            var originSectors = directory.Find(stored.OriginNode)?.Descriptor.Sectors.ToList() ?? [];
            return (RuleSubject.Received(ReceivedItem(stored), node.Id, from, originSectors), stored.Sealed);
        }

        if (request.FromPeer.Length > 0)
        {
            violations.Add(new("from_peer", $"item {request.ItemId} was made at this node, not received from a peer: leave from_peer empty"));
            return (null, false);
        }

        if (stored.SubmittedByMember is not { } memberId)
        {
            throw GrpcErrors.FailedPrecondition(
                $"item {request.ItemId} was made by this node itself, not submitted by a member: rules apply to what members submit and peers send.");
        }

        var member = await memberStore.GetAsync(memberId, cancellationToken)
            ?? throw GrpcErrors.FailedPrecondition($"item {request.ItemId} was submitted by member '{memberId}', which this node no longer knows: test a draft with another member.");
        return (RuleSubject.Submitted(ItemViews.ParseItem(stored, out _), node.Id, Submitter.Member(member).Facts), false);
    }

    /// <summary>A draft as the member would submit it now: origin this node, a fresh id, created now, the node's default lifetime.</summary>
    private async Task<RuleSubject?> DraftSubjectAsync(TestRulesRequest request, List<FieldViolation> violations, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        violations.AddRange(validator.ValidateDraft(request.Draft, now));
        if (request.FromPeer.Length > 0)
        {
            violations.Add(new("from_peer", "goes with a stored item received from a peer, not with a draft: leave from_peer empty"));
        }

        if (request.MemberId.Length == 0)
        {
            violations.Add(new("member_id", "is missing: name the member of this node that would submit the draft (see `members list`)"));
            return null;
        }

        var member = await memberStore.GetAsync(request.MemberId, cancellationToken)
            ?? throw GrpcErrors.NotFound($"no member '{request.MemberId}' on this node: see `members list`.");
        return violations.Count > 0 ? null : RuleSubject.Submitted(DraftItems.Build(node.Id, itemLimits, Submitter.Member(member), request.Draft, now), node.Id, Submitter.Member(member).Facts);
    }

    /// <summary>
    /// A received item as rules see it. A sealed copy this node only relays is known by its routing header alone: id,
    /// origin, label and times (RuleSubject's contract), so kind and threat conditions cannot match it.
    /// </summary>
    internal static Item ReceivedItem(StoredItem stored)
    {
        if (!stored.Sealed)
        {
            return ItemViews.ParseItem(stored, out _);
        }

        var header = SealedItem.Parser.ParseFrom(Envelope.Parser.ParseFrom(stored.EnvelopeBytes).Payload).Header;
        return new Item
        {
            Id = header.ItemId,
            OriginNode = header.OriginNode,
            Tlp = header.Tlp,
            CreatedAt = header.CreatedAt,
            ExpiresAt = header.ExpiresAt,
        };
    }

    private static MemberFacts Facts(MemberRecord member) => new(member.MemberId, member.Sector, member.Tags);
}
