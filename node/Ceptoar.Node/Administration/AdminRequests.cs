using System.Globalization;
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
            throw GrpcErrors.InvalidArgument("label", string.Format(CultureInfo.InvariantCulture, AdministrationText.KeyLabelTooLong, MaxKeyLabelLength));
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
            throw GrpcErrors.InvalidArgument("key_id", AdministrationText.KeyIdMissing);
        }
    }

    /// <summary>The person must be named: the audit log (and the item, where attribution allows) say who wrote it for the secretariat.</summary>
    public static void Check(AdminSubmitRequest request) => Check(request.StaffName);

    /// <summary>The staff person who writes as the secretariat (submit, revoke, correct).</summary>
    public static void Check(string staffName)
    {
        if (!StaffNames.IsValid(staffName))
        {
            throw GrpcErrors.InvalidArgument("staff_name", string.Format(CultureInfo.InvariantCulture, AdministrationText.StaffNameSubmitInvalid, AdministrationText.StaffNameRule));
        }
    }

    public static void Check(AdminGetItemRequest request)
    {
        if (!UuidV7.IsValid(request.ItemId))
        {
            throw GrpcErrors.InvalidArgument("item_id", AdministrationText.ItemIdInvalid);
        }
    }

    public static void Check(ListAuditRequest request)
    {
        if (request.Limit > MaxAuditPage)
        {
            throw GrpcErrors.InvalidArgument("limit", string.Format(CultureInfo.InvariantCulture, AdministrationText.AuditLimitTooLarge, MaxAuditPage));
        }
    }

    private static void MemberId(string memberId)
    {
        if (string.IsNullOrWhiteSpace(memberId))
        {
            throw GrpcErrors.InvalidArgument("member_id", AdministrationText.MemberIdMissing);
        }
    }

    /// <summary>A rejection's reason is shown to the member who submitted the item.</summary>
    public static void Check(RejectHeldRequest request) => Reason(request.Reason, AdministrationText.ReasonRequiredReject);

    /// <summary>A reason for the audit log: given, and at most <see cref="MaxReasonLength"/> characters.</summary>
    public static void Reason(string reason) => Reason(reason, AdministrationText.ReasonRequired);

    private static void Reason(string reason, string format)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength)
        {
            throw GrpcErrors.InvalidArgument("reason", string.Format(CultureInfo.InvariantCulture, format, MaxReasonLength));
        }
    }
}
