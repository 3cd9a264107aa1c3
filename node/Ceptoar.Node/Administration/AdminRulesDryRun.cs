using System.Globalization;
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
        var copied = decision.Copies.Where(c => c.Applied).ToList();
        if (copied.Count > 0)
        {
            // The copies as nodes: what the member would see in its answer (docs/MODES.md §2).
            var reach = copied.SelectMany(c => addressing.NodesOf(c.Target, c.Sector)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            explanation = explanation.Append(reach.Count > 0
                ? string.Format(CultureInfo.InvariantCulture, AdministrationText.CopiesReach, string.Join(", ", reach))
                : AdministrationText.CopiesReachNobody);
        }

        return new TestRulesResponse
        {
            FiredRule = decision.Rule.Name,
            Explanation = string.Join('\n', isSealed ? explanation.Prepend(AdministrationText.SealedNote) : explanation),
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
        violations.Add(new("subject", AdministrationText.SubjectMissing));
        return null;
    }

    /// <summary>A stored item as it reached this node: received from a peer when another node made it, else submitted by its member.</summary>
    private async Task<(RuleSubject? Subject, bool Sealed)> StoredSubjectAsync(TestRulesRequest request, List<FieldViolation> violations, CancellationToken cancellationToken)
    {
        if (request.MemberId.Length > 0)
        {
            violations.Add(new("member_id", AdministrationText.MemberIdWithStoredItem));
        }

        if (request.FromPeer.Length > 0 && !Identifiers.IsValidNodeId(request.FromPeer))
        {
            violations.Add(new("from_peer", string.Format(CultureInfo.InvariantCulture, AdministrationText.FromPeerInvalid, AdministrationText.NodeIdRule)));
        }

        if (!UuidV7.IsValid(request.ItemId))
        {
            violations.Add(new("item_id", AdministrationText.ItemIdInvalid));
        }

        if (violations.Count > 0)
        {
            return (null, false);
        }

        var stored = await itemStore.GetAsync(request.ItemId, cancellationToken)
            ?? throw GrpcErrors.NotFound(ErrorReasons.ItemNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.ItemNotFoundTestDraft, request.ItemId));
        if (stored.OriginNode != node.Id)
        {
            var from = request.FromPeer.Length > 0 ? request.FromPeer : stored.OriginNode;
            var originSectors = directory.Find(stored.OriginNode)?.Descriptor.Sectors.ToList() ?? [];
            return (application.Received(ReceivedItem(stored), from, originSectors), stored.Sealed);
        }

        if (request.FromPeer.Length > 0)
        {
            violations.Add(new("from_peer", string.Format(CultureInfo.InvariantCulture, AdministrationText.FromPeerForLocalItem, request.ItemId)));
            return (null, false);
        }

        if (stored.SubmittedByMember is not { } memberId)
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.ItemNotFromMember, string.Format(CultureInfo.InvariantCulture, AdministrationText.ItemNotFromMember, request.ItemId));
        }

        var member = await memberStore.GetAsync(memberId, cancellationToken)
            ?? throw GrpcErrors.FailedPrecondition(ErrorReasons.MemberNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.ItemMemberUnknown, request.ItemId, memberId));
        return (application.Submitted(ItemViews.ParseItem(stored, out _), Submitter.Member(member).Facts), false);
    }

    /// <summary>A draft as the member would submit it now: origin this node, a fresh id, created now, the node's default lifetime.</summary>
    private async Task<RuleSubject?> DraftSubjectAsync(TestRulesRequest request, List<FieldViolation> violations, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        violations.AddRange(validator.ValidateDraft(request.Draft, now));
        if (request.FromPeer.Length > 0)
        {
            violations.Add(new("from_peer", AdministrationText.FromPeerWithDraft));
        }

        if (request.MemberId.Length == 0)
        {
            violations.Add(new("member_id", AdministrationText.DraftMemberMissing));
            return null;
        }

        var member = await memberStore.GetAsync(request.MemberId, cancellationToken)
            ?? throw GrpcErrors.NotFound(ErrorReasons.MemberNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.MemberNotFoundSeeList, request.MemberId));
        return violations.Count > 0 ? null : application.Submitted(DraftItems.Build(node.Id, itemLimits, Submitter.Member(member), request.Draft, now), Submitter.Member(member).Facts, request.Draft.AcceptCopies);
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
