using Ceptoar.Federation.V1;
using Google.Protobuf.Collections;
using static System.FormattableString;

namespace Ceptoar.Core.Items;

/// <summary>
/// Schema validation of member drafts and received items: required fields, enum values defined, sizes, indicator syntax
/// (IPv4, IPv6, domain, URL, email, MD5/SHA-1/SHA-256 length and hex, CVE id), sector and threat-type codes from the
/// vocabulary, audience rules per label (AMBER, AMBER+STRICT and RED must name recipients). Pure: no I/O.
/// Descriptions say what is wrong and what to do, and never repeat the content of a field, so they are safe to log.
/// </summary>
public sealed class ItemValidator
{
    /// <summary>Kinds a member may submit; the federation kinds (receipt, drill, mode change, release, revocation) are made by nodes.</summary>
    public static readonly IReadOnlyList<ItemKind> MemberKinds =
    [
        ItemKind.IncidentReport, ItemKind.EarlyWarning, ItemKind.AttackMethod, ItemKind.RecoveryMethod, ItemKind.RelatedInformation,
        ItemKind.CoordinationRequest, ItemKind.DamageReport, ItemKind.ResponseStatus, ItemKind.VulnerabilityInformation, ItemKind.CrimeDamage,
    ];

    private static readonly Tlp[] Labels = [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red];

    /// <summary>What a valid node id looks like (Identifiers.NodeIdRule), in the reader's language.</summary>
    internal static readonly LocalText NodeIdRule = new(nameof(ItemsText.NodeIdRule));

    /// <summary>What a valid member id looks like (Identifiers.MemberIdRule), in the reader's language.</summary>
    internal static readonly LocalText MemberIdRule = new(nameof(ItemsText.MemberIdRule));

    private readonly ItemLimits _limits;
    private readonly AudienceRules _audience;
    private readonly BodyRules _body;
    private readonly ExerciseRules _exercises;
    private readonly ModeRules _modes;

    public ItemValidator(Vocabulary vocabulary, ItemLimits limits)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
        _audience = new AudienceRules(vocabulary, limits);
        _body = new BodyRules(vocabulary, limits);
        _exercises = new ExerciseRules(_audience, _body);
        _modes = new ModeRules(vocabulary);
    }

    /// <summary>Violations in a member's draft, field paths prefixed with "draft.". Empty = valid.</summary>
    public IReadOnlyList<FieldViolation> ValidateDraft(ItemDraft draft, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var violations = new Violations("draft");
        if (!MemberKinds.Contains(draft.Kind))
        {
            var what = draft.Kind == ItemKind.Unspecified ? new LocalText(nameof(ItemsText.KindMissing))
                : Enum.IsDefined(draft.Kind) ? new LocalText(nameof(ItemsText.KindNodeMade), ProtoNames.Of(draft.Kind))
                : new LocalText(nameof(ItemsText.KindUnknown));
            violations.Add("draft.kind", new(nameof(ItemsText.KindSetOneOf), what, ProtoNames.List(MemberKinds)));
        }

        CheckContent(violations, "draft", new Content(draft.Tlp, draft.Language, draft.Audience, draft.Handling, draft.Body, draft.References), now);
        CrimeDamageRules.Check(violations, "draft", draft.Kind, draft.Voluntary, draft.Audience);

        var expires = TextRules.CheckTimestamp(violations, "draft.expires_at", new(nameof(ItemsText.LabelExpiryTime)), draft.ExpiresAt);
        if (expires is { } e)
        {
            if (e <= now)
            {
                violations.Add("draft.expires_at", new(nameof(ItemsText.ExpiryInPast)));
            }
            else if (e - now > _limits.MaxLifetime)
            {
                violations.Add("draft.expires_at", new(nameof(ItemsText.ExpiryTooFar), _limits.MaxLifetime.TotalDays));
            }
        }

        return violations.ToList();
    }

    /// <summary>Violations in a full item (as received from a peer), field paths prefixed with "item.". Empty = valid.</summary>
    public IReadOnlyList<FieldViolation> ValidateItem(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var violations = new Violations("item");
        if (!UuidV7.IsValid(item.Id))
        {
            violations.Add("item.id", new(nameof(ItemsText.ItemIdInvalid)));
        }

        if (!Identifiers.IsValidNodeId(item.OriginNode))
        {
            violations.Add("item.origin_node", new(nameof(ItemsText.OriginNodeInvalid), NodeIdRule));
        }

        if (item.Kind == ItemKind.Unspecified || !Enum.IsDefined(item.Kind))
        {
            var defined = Enum.GetValues<ItemKind>().Where(k => k != ItemKind.Unspecified);
            violations.Add("item.kind", new(nameof(ItemsText.ItemKindInvalid), ProtoNames.List(defined)));
        }

        var created = TextRules.CheckTimestamp(violations, "item.created_at", new(nameof(ItemsText.LabelCreationTime)), item.CreatedAt);
        if (item.CreatedAt is null)
        {
            violations.Add("item.created_at", new(nameof(ItemsText.CreatedMissing)));
        }

        var expires = TextRules.CheckTimestamp(violations, "item.expires_at", new(nameof(ItemsText.LabelExpiryTime)), item.ExpiresAt);
        if (item.ExpiresAt is null)
        {
            violations.Add("item.expires_at", new(nameof(ItemsText.ExpiresMissing)));
        }
        else if (created is { } c && expires is { } e && e <= c)
        {
            violations.Add("item.expires_at", new(nameof(ItemsText.ExpiresNotAfterCreated)));
        }

        CheckContent(violations, "item", new Content(item.Tlp, item.Language, item.Audience, item.Handling, item.Body, item.References), created);
        DrillRules.Check(violations, "item", item, created, expires);
        _exercises.Check(violations, "item", item, created, expires);
        _modes.Check(violations, "item", item);
        RevocationRules.Check(violations, "item", item);
        CrimeDamageRules.Check(violations, "item", item.Kind, item.Voluntary, item.Audience);
        CheckSubmittedBy(violations, item);
        return violations.ToList();
    }

    private void CheckContent(Violations violations, string prefix, Content content, DateTimeOffset? timeReference)
    {
        var tlpOk = content.Tlp != Tlp.Unspecified && Enum.IsDefined(content.Tlp);
        if (!tlpOk)
        {
            var what = new LocalText(content.Tlp == Tlp.Unspecified ? nameof(ItemsText.TlpMissing) : nameof(ItemsText.TlpUnknown));
            violations.Add(prefix + ".tlp", new(nameof(ItemsText.TlpSetOneOf), what, ProtoNames.List(Labels)));
        }

        if (content.Language.Length > 0 && !Identifiers.IsPlausibleLanguageTag(content.Language))
        {
            violations.Add(prefix + ".language", new(nameof(ItemsText.LanguageInvalid)));
        }

        _audience.Check(violations, prefix + ".audience", content.Tlp, content.Audience);
        CheckHandling(violations, prefix + ".handling", content.Handling);
        _body.Check(violations, prefix + ".body", content.Body, timeReference);
        CheckReferences(violations, prefix + ".references", content.References);
    }

    private static void CheckHandling(Violations violations, string path, HandlingPolicy? handling)
    {
        if (handling is null)
        {
            return;
        }

        if (!Enum.IsDefined(handling.Attribution))
        {
            violations.Add(path + ".attribution", new(nameof(ItemsText.AttributionUnknown), ProtoNames.List(Enum.GetValues<Attribution>())));
        }

        for (var i = 0; i < handling.PermittedActions.Count; i++)
        {
            var action = handling.PermittedActions[i];
            if (action == PermittedAction.Unspecified || !Enum.IsDefined(action))
            {
                var defined = Enum.GetValues<PermittedAction>().Where(a => a != PermittedAction.Unspecified);
                violations.Add(Invariant($"{path}.permitted_actions[{i}]"), new(nameof(ItemsText.PermittedActionInvalid), ProtoNames.List(defined)));
            }
        }
    }

    private void CheckReferences(Violations violations, string path, References? references)
    {
        if (references is null)
        {
            return;
        }

        if (references.InReplyTo.Length > 0 && !UuidV7.IsValid(references.InReplyTo))
        {
            violations.Add(path + ".in_reply_to", new(nameof(ItemsText.InReplyToInvalid)));
        }

        CheckItemIds(violations, path + ".supersedes", references.Supersedes);
        CheckItemIds(violations, path + ".related", references.Related);
    }

    private void CheckItemIds(Violations violations, string path, RepeatedField<string> ids)
    {
        if (ids.Count > _limits.MaxListEntries)
        {
            violations.Add(path, new(nameof(ItemsText.ItemIdsTooMany), ids.Count, _limits.MaxListEntries));
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            if (!UuidV7.IsValid(ids[i]))
            {
                violations.Add(Invariant($"{path}[{i}]"), new(nameof(ItemsText.ListedItemIdInvalid)));
            }
            else if (!seen.Add(ids[i]))
            {
                violations.Add(Invariant($"{path}[{i}]"), new(nameof(ItemsText.ItemIdTwice)));
            }
        }
    }

    private void CheckSubmittedBy(Violations violations, Item item)
    {
        if (item.SubmittedBy is not { } submitter)
        {
            return;
        }

        if (!Identifiers.IsValidNodeId(submitter.Node))
        {
            violations.Add("item.submitted_by.node", new(nameof(ItemsText.SubmitterNodeInvalid), NodeIdRule));
        }
        else if (Identifiers.IsValidNodeId(item.OriginNode) && submitter.Node != item.OriginNode)
        {
            // Members submit only at their own node, so a submitter of another node is forged attribution.
            violations.Add("item.submitted_by.node", new(nameof(ItemsText.SubmitterNodeDiffers)));
        }

        if (!Identifiers.IsValidMemberId(submitter.MemberId))
        {
            violations.Add("item.submitted_by.member_id", new(nameof(ItemsText.SubmitterMemberInvalid), MemberIdRule));
        }

        TextRules.Check(violations, "item.submitted_by.display_name", new(nameof(ItemsText.LabelDisplayName)), submitter.DisplayName, _limits.MaxShortTextChars, required: false);
    }

    private readonly record struct Content(Tlp Tlp, string Language, Audience? Audience, HandlingPolicy? Handling, Body? Body, References? References);
}
