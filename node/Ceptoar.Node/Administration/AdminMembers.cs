using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Members;
using Ceptoar.Node.Storage;
using Grpc.Core;

namespace Ceptoar.Node.Administration;

/// <summary>The members and API keys part of the admin API: adding, listing, disabling members; issuing and revoking keys.</summary>
internal sealed class AdminMembers(MemberStore members, Vocabulary vocabulary, TimeProvider time, MemberStreams streams)
{
    private const string Actor = "admin";

    public async Task<Member> AddAsync(AddMemberRequest request, CancellationToken cancellationToken)
    {
        AdminRequests.Check(request, vocabulary);
        var record = new MemberRecord(
            request.MemberId, request.NameJa.Trim(), request.NameEn.Trim(), request.Sector, [.. request.Tags], request.ContactEmail.Trim(), time.GetUtcNow(),
            Language: request.Language.Length == 0 ? MemberRecord.English : request.Language);
        if (await members.AddAsync(record, Actor, cancellationToken) == AddMemberResult.AlreadyExists)
        {
            throw GrpcErrors.AlreadyExists(ErrorReasons.MemberExists, string.Format(CultureInfo.InvariantCulture, AdministrationText.MemberExists, request.MemberId));
        }

        return AdminViews.Member(record);
    }

    public async Task<ListMembersResponse> ListAsync(ListMembersRequest request, CancellationToken cancellationToken)
    {
        var list = await members.ListAsync(request.IncludeDisabled, cancellationToken);
        var response = new ListMembersResponse();
        response.Members.AddRange(list.Select(AdminViews.Member));
        return response;
    }

    public async Task<Member> GetAsync(GetMemberRequest request, CancellationToken cancellationToken)
    {
        AdminRequests.Check(request);
        return AdminViews.Member(await ExistingAsync(request.MemberId, cancellationToken));
    }

    public async Task<Member> DisableAsync(DisableMemberRequest request, CancellationToken cancellationToken)
    {
        AdminRequests.Check(request);
        await ExistingAsync(request.MemberId, cancellationToken);
        var disabled = await members.DisableAsync(request.MemberId, request.Reason.Trim(), Actor, cancellationToken);
        // Its open streams are told to end before this answer, so the member is cut off when the command returns.
        await streams.EndMemberAsync(request.MemberId);
        return AdminViews.Member(disabled ?? throw NotFound(request.MemberId));
    }

    public async Task<IssueApiKeyResponse> IssueKeyAsync(IssueApiKeyRequest request, CancellationToken cancellationToken)
    {
        AdminRequests.Check(request);
        var member = await ExistingAsync(request.MemberId, cancellationToken);
        if (member.Disabled)
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.MemberDisabled, string.Format(CultureInfo.InvariantCulture, AdministrationText.MemberDisabledNoKeys, member.MemberId));
        }

        var issued = await members.IssueKeyAsync(member.MemberId, request.Label.Trim(), Actor, cancellationToken)
            ?? throw GrpcErrors.FailedPrecondition(ErrorReasons.ChangedMeanwhile, string.Format(CultureInfo.InvariantCulture, AdministrationText.MemberDisabledMeanwhile, member.MemberId));
        return new IssueApiKeyResponse { Key = AdminViews.Key(issued.Key), ApiKey = issued.Secret };
    }

    public async Task<ListApiKeysResponse> ListKeysAsync(ListApiKeysRequest request, CancellationToken cancellationToken)
    {
        AdminRequests.Check(request);
        if (!string.IsNullOrEmpty(request.MemberId))
        {
            await ExistingAsync(request.MemberId, cancellationToken);
        }

        var keys = await members.ListKeysAsync(string.IsNullOrEmpty(request.MemberId) ? null : request.MemberId, cancellationToken);
        var response = new ListApiKeysResponse();
        response.Keys.AddRange(keys.Select(AdminViews.Key));
        return response;
    }

    public async Task<ApiKeyInfo> RevokeKeyAsync(RevokeApiKeyRequest request, CancellationToken cancellationToken)
    {
        AdminRequests.Check(request);
        var revoked = await members.RevokeKeyAsync(request.KeyId, request.Reason.Trim(), Actor, cancellationToken)
            ?? throw GrpcErrors.NotFound(ErrorReasons.ApiKeyNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.ApiKeyNotFound, request.KeyId));
        // Its open streams are told to end before this answer, so the key is cut off when the command returns.
        await streams.EndKeyAsync(revoked.KeyId);
        return AdminViews.Key(revoked);
    }

    private async Task<MemberRecord> ExistingAsync(string memberId, CancellationToken cancellationToken) =>
        await members.GetAsync(memberId, cancellationToken) ?? throw NotFound(memberId);

    private static RpcException NotFound(string memberId) =>
        GrpcErrors.NotFound(ErrorReasons.MemberNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.MemberNotFound, memberId));
}
