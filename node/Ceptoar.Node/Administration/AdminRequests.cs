using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;

namespace Ceptoar.Node.Administration;

/// <summary>
/// The checks of each admin request that need nothing but the request: bad input gets InvalidArgument naming the field,
/// before any store is read.
/// </summary>
internal static class AdminRequests
{
    /// <summary>Longest reason an admin may give; it goes to the audit log.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Longest label of an API key.</summary>
    public const int MaxKeyLabelLength = 100;

    /// <summary>Most audit entries one page may ask for.</summary>
    public const int MaxAuditPage = 1000;

    public static void Check(AddMemberRequest request, Vocabulary vocabulary)
    {
        var violations = MemberRules.Validate(request, vocabulary);
        if (violations.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }
    }

    public static void Check(GetMemberRequest request) => MemberId(request.MemberId);

    public static void Check(DisableMemberRequest request)
    {
        Reason(request.Reason);
        MemberId(request.MemberId);
    }

    public static void Check(IssueApiKeyRequest request)
    {
        if (request.Label.Length > MaxKeyLabelLength)
        {
            throw GrpcErrors.InvalidArgument("label", $"is longer than {MaxKeyLabelLength} characters: use a short name such as 'soc-integration'");
        }

        MemberId(request.MemberId);
    }

    public static void Check(ListApiKeysRequest request)
    {
        if (!string.IsNullOrEmpty(request.MemberId))
        {
            MemberId(request.MemberId);
        }
    }

    public static void Check(RevokeApiKeyRequest request)
    {
        Reason(request.Reason);
        if (string.IsNullOrWhiteSpace(request.KeyId))
        {
            throw GrpcErrors.InvalidArgument("key_id", "is missing: give the key id shown by `keys list`");
        }
    }

    /// <summary>The person must be named: the audit log (and the item, where attribution allows) say who wrote it for the secretariat.</summary>
    public static void Check(AdminSubmitRequest request)
    {
        if (!StaffNames.IsValid(request.StaffName))
        {
            throw GrpcErrors.InvalidArgument("staff_name", $"must be {StaffNames.Rule}; `items submit` and `items new` use your user name unless --as gives another");
        }
    }

    public static void Check(AdminGetItemRequest request)
    {
        if (!UuidV7.IsValid(request.ItemId))
        {
            throw GrpcErrors.InvalidArgument("item_id", "is not an item id: expected a lower-case UUIDv7 as shown by `items list`");
        }
    }

    public static void Check(ListAuditRequest request)
    {
        if (request.Limit > MaxAuditPage)
        {
            throw GrpcErrors.InvalidArgument("limit", $"is over {MaxAuditPage}: page with after_seq instead");
        }
    }

    private static void MemberId(string memberId)
    {
        if (string.IsNullOrWhiteSpace(memberId))
        {
            throw GrpcErrors.InvalidArgument("member_id", "is missing: give the member id shown by `members list`");
        }
    }

    /// <summary>A rejection's reason is shown to the member who submitted the item.</summary>
    public static void Check(RejectHeldRequest request) => Reason(request.Reason, "the submitting member sees it");

    private static void Reason(string reason, string readBy = "say why, for the audit log")
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength)
        {
            throw GrpcErrors.InvalidArgument("reason", $"is required (at most {MaxReasonLength} characters): {readBy}");
        }
    }
}
