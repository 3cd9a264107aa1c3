using Ceptoar.Core.Items;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Protocol;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.Node.Administration;

/// <summary>The admin API on the node's Unix socket: a thin adapter over the stores.</summary>
internal sealed class AdminApi(Vocabulary vocabulary, TimeProvider time, MemberStore memberStore, ItemStore itemStore, EnvelopeVerifiers verifiers, AuditLog audit, NodeOptions node, NodeStarted started, NodeCredentials credentials, AdminFederation federation, AdminRules rules, AdminQueue queue, AdminQuery query, Members.MemberStreams streams) : AdminService.AdminServiceBase
{
    private const string Actor = "admin";

    public override async Task<Member> AddMember(AddMemberRequest request, ServerCallContext context)
    {
        var violations = MemberRules.Validate(request, vocabulary);
        if (violations.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }

        var record = new MemberRecord(
            request.MemberId, request.NameJa.Trim(), request.NameEn.Trim(), request.Sector, [.. request.Tags], request.ContactEmail.Trim(), time.GetUtcNow());
        if (await memberStore.AddAsync(record, Actor, context.CancellationToken) == AddMemberResult.AlreadyExists)
        {
            throw GrpcErrors.AlreadyExists($"member '{request.MemberId}' already exists: choose another id, or use `members show {request.MemberId}`.");
        }

        return AdminViews.Member(record);
    }

    public override async Task<ListMembersResponse> ListMembers(ListMembersRequest request, ServerCallContext context)
    {
        var members = await memberStore.ListAsync(request.IncludeDisabled, context.CancellationToken);
        var response = new ListMembersResponse();
        response.Members.AddRange(members.Select(AdminViews.Member));
        return response;
    }

    public override async Task<Member> GetMember(GetMemberRequest request, ServerCallContext context) =>
        AdminViews.Member(await ExistingMemberAsync(request.MemberId, context));

    public override async Task<Member> DisableMember(DisableMemberRequest request, ServerCallContext context)
    {
        RequireReason(request.Reason);
        await ExistingMemberAsync(request.MemberId, context);
        var disabled = await memberStore.DisableAsync(request.MemberId, request.Reason.Trim(), Actor, context.CancellationToken);
        // Its open streams are told to end before this answer, so the member is cut off when the command returns.
        await streams.EndMemberAsync(request.MemberId);
        return AdminViews.Member(disabled ?? throw MemberNotFound(request.MemberId));
    }

    public override async Task<IssueApiKeyResponse> IssueApiKey(IssueApiKeyRequest request, ServerCallContext context)
    {
        if (request.Label.Length > 100)
        {
            throw GrpcErrors.InvalidArgument("label", "is longer than 100 characters: use a short name such as 'soc-integration'");
        }

        var member = await ExistingMemberAsync(request.MemberId, context);
        if (member.Disabled)
        {
            throw GrpcErrors.FailedPrecondition($"member '{member.MemberId}' is disabled: a disabled member cannot get keys.");
        }

        var issued = await memberStore.IssueKeyAsync(member.MemberId, request.Label.Trim(), Actor, context.CancellationToken)
            ?? throw GrpcErrors.FailedPrecondition($"member '{member.MemberId}' was disabled or removed meanwhile: check `members show {member.MemberId}`.");
        return new IssueApiKeyResponse { Key = AdminViews.Key(issued.Key), ApiKey = issued.Secret };
    }

    public override async Task<ListApiKeysResponse> ListApiKeys(ListApiKeysRequest request, ServerCallContext context)
    {
        if (!string.IsNullOrEmpty(request.MemberId))
        {
            await ExistingMemberAsync(request.MemberId, context);
        }

        var keys = await memberStore.ListKeysAsync(string.IsNullOrEmpty(request.MemberId) ? null : request.MemberId, context.CancellationToken);
        var response = new ListApiKeysResponse();
        response.Keys.AddRange(keys.Select(AdminViews.Key));
        return response;
    }

    public override async Task<ApiKeyInfo> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context)
    {
        RequireReason(request.Reason);
        if (string.IsNullOrWhiteSpace(request.KeyId))
        {
            throw GrpcErrors.InvalidArgument("key_id", "is missing: give the key id shown by `keys list`");
        }

        var revoked = await memberStore.RevokeKeyAsync(request.KeyId, request.Reason.Trim(), Actor, context.CancellationToken)
            ?? throw GrpcErrors.NotFound($"no API key '{request.KeyId}': list keys with `keys list`.");
        // Its open streams are told to end before this answer, so the key is cut off when the command returns.
        await streams.EndKeyAsync(revoked.KeyId);
        return AdminViews.Key(revoked);
    }

    public override async Task<AdminListItemsResponse> ListItems(AdminListItemsRequest request, ServerCallContext context)
    {
        var query = ItemQueries.FromAdmin(request);
        var page = await itemStore.ListAllAsync(query with { Limit = query.Limit + 1 }, context.CancellationToken);
        var shown = page.Take(query.Limit).ToList();
        var response = new AdminListItemsResponse
        {
            NextPageToken = page.Count > query.Limit ? PageTokens.Encode(shown[^1].Seq) : "",
        };
        response.Items.AddRange(shown.Select(AdminViews.Summary));
        return response;
    }

    public override async Task<AdminItem> GetItem(AdminGetItemRequest request, ServerCallContext context)
    {
        if (!UuidV7.IsValid(request.ItemId))
        {
            throw GrpcErrors.InvalidArgument("item_id", "is not an item id: expected a lower-case UUIDv7 as shown by `items list`");
        }

        var stored = await itemStore.GetAsync(request.ItemId, context.CancellationToken)
            ?? throw GrpcErrors.NotFound($"no item {request.ItemId} on this node: check the id with `items list`.");
        var envelope = Envelope.Parser.ParseFrom(stored.EnvelopeBytes);
        // A hub holds some items only as the origin's sealed envelope: check that signature, never the (unreadable) content.
        var (verified, result) = stored.Sealed
            ? (null, ItemSealer.OpenOuter(verifiers.Sealed, envelope).Result)
            : ItemEnvelope.Open(verifiers.Item, envelope);
        var answer = new AdminItem
        {
            Summary = AdminViews.Summary(stored),
            Envelope = envelope,
            EnvelopeBytes = ByteString.CopyFrom(stored.EnvelopeBytes),
            Verification = new SignatureCheck
            {
                Valid = result.IsValid,
                SignerNode = result.Signer?.NodeId ?? "",
                KeyId = result.Signer?.KeyId ?? envelope.Signatures.FirstOrDefault()?.KeyId ?? "",
                Problem = result.IsValid ? "" : $"{result.Failure}: {result.Reason}",
            },
        };
        if (verified is not null)
        {
            answer.Item = verified.Item;
        }

        return answer;
    }

    public override async Task<ListAuditResponse> ListAudit(ListAuditRequest request, ServerCallContext context)
    {
        if (request.Limit > 1000)
        {
            throw GrpcErrors.InvalidArgument("limit", "is over 1000: page with after_seq instead");
        }

        var entries = await audit.ListAsync(
            (long)Math.Min(request.AfterSeq, long.MaxValue),
            request.Limit == 0 ? 100 : (int)request.Limit,
            string.IsNullOrEmpty(request.Action) ? null : request.Action,
            context.CancellationToken);
        var response = new ListAuditResponse();
        response.Entries.AddRange(entries.Select(AdminViews.Audit));
        return response;
    }

    public override async Task<VerifyAuditResponse> VerifyAudit(VerifyAuditRequest request, ServerCallContext context)
    {
        var result = await audit.VerifyAsync(context.CancellationToken);
        return new VerifyAuditResponse
        {
            Valid = result.Valid,
            EntriesChecked = (ulong)result.EntriesChecked,
            FirstBadSeq = (ulong)Math.Max(0, result.FirstBadSeq),
            Problem = result.Problem,
        };
    }

    public override async Task<NodeStatus> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        var counts = await itemStore.CountAsync(context.CancellationToken);
        var addresses = context.GetHttpContext().RequestServices.GetRequiredService<ListenerAddresses>();
        var status = new NodeStatus
        {
            NodeId = node.Id,
            Role = node.Role,
            Version = typeof(AdminApi).Assembly.GetName().Version?.ToString() ?? "",
            StartedAt = Timestamp.FromDateTimeOffset(started.At),
            Items = (ulong)counts.Items,
            Members = (ulong)counts.Members,
            AuditEntries = (ulong)counts.AuditEntries,
            DatabaseBytes = (ulong)counts.DatabaseBytes,
            DataDir = node.DataDir,
            TlsCertificateExpires = Timestamp.FromDateTimeOffset(credentials.TlsCertificate.NotAfter.ToUniversalTime()),
            SigningCertificateExpires = Timestamp.FromDateTimeOffset(credentials.SigningCertificate.NotAfter.ToUniversalTime()),
            LastCursor = (ulong)counts.LastSeq,
        };
        status.KnownNodes.AddRange(federation.KnownNodes());
        if (addresses.Member is { } member)
        {
            status.MemberEndpoints.Add($"https://{member.IPEndPoint}");
        }

        if (addresses.Federation is { } federationListener)
        {
            status.FederationEndpoints.Add($"https://{federationListener.IPEndPoint}");
        }

        return status;
    }

    public override Task<Peer> AddPeer(AddPeerRequest request, ServerCallContext context) =>
        federation.AddPeerAsync(request, context.CancellationToken);

    public override Task<ListPeersResponse> ListPeers(ListPeersRequest request, ServerCallContext context) =>
        federation.ListPeersAsync(context.CancellationToken);

    public override Task<Peer> RemovePeer(RemovePeerRequest request, ServerCallContext context) =>
        federation.RemovePeerAsync(request, context.CancellationToken);

    public override Task<ItemStatus> GetItemStatus(GetItemStatusRequest request, ServerCallContext context) =>
        federation.ItemStatusAsync(request, context.CancellationToken);

    public override Task<FetchItemsResponse> FetchItems(FetchItemsRequest request, ServerCallContext context) =>
        federation.FetchAsync(request, context.CancellationToken);

    public override Task<QueryItemsResponse> QueryItems(QueryItemsRequest request, ServerCallContext context) => query.QueryItemsAsync(request, context.CancellationToken);

    public override Task<DirectoryView> GetDirectory(GetDirectoryRequest request, ServerCallContext context) => Task.FromResult(query.GetDirectory());

    public override Task<RuleSetView> ListRules(ListRulesRequest request, ServerCallContext context) => rules.ListAsync(context.CancellationToken);

    public override Task<RuleView> GetRule(GetRuleRequest request, ServerCallContext context) => rules.GetAsync(request, context.CancellationToken);

    public override Task<RuleSetView> AddRule(AddRuleRequest request, ServerCallContext context) => rules.AddAsync(request, context.CancellationToken);

    public override Task<RuleSetView> RemoveRule(RemoveRuleRequest request, ServerCallContext context) => rules.RemoveAsync(request, context.CancellationToken);

    public override Task<RuleSetView> MoveRule(MoveRuleRequest request, ServerCallContext context) => rules.MoveAsync(request, context.CancellationToken);

    public override Task<RuleSetView> ImportRules(ImportRulesRequest request, ServerCallContext context) => rules.ImportAsync(request, context.CancellationToken);

    public override Task<TestRulesResponse> TestRules(TestRulesRequest request, ServerCallContext context) => rules.TestAsync(request, context.CancellationToken);

    public override Task<ListHeldResponse> ListHeld(ListHeldRequest request, ServerCallContext context) => queue.ListAsync(request, context.CancellationToken);

    public override Task<HeldItemDetail> GetHeld(GetHeldRequest request, ServerCallContext context) => queue.GetAsync(request.ItemId, context.CancellationToken);

    public override Task<HeldItemDetail> EditHeld(EditHeldRequest request, ServerCallContext context) => queue.EditAsync(request, context.CancellationToken);

    public override Task<HeldItem> ApproveHeld(ApproveHeldRequest request, ServerCallContext context) => queue.ApproveAsync(request, context.CancellationToken);

    public override Task<HeldItem> RejectHeld(RejectHeldRequest request, ServerCallContext context) => queue.RejectAsync(request, context.CancellationToken);

    private async Task<MemberRecord> ExistingMemberAsync(string memberId, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(memberId))
        {
            throw GrpcErrors.InvalidArgument("member_id", "is missing: give the member id shown by `members list`");
        }

        return await memberStore.GetAsync(memberId, context.CancellationToken) ?? throw MemberNotFound(memberId);
    }

    private static RpcException MemberNotFound(string memberId) =>
        GrpcErrors.NotFound($"no member '{memberId}' on this node: list members with `members list --all`.");

    private static void RequireReason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            throw GrpcErrors.InvalidArgument("reason", "is required (at most 500 characters): say why, for the audit log");
        }
    }
}
