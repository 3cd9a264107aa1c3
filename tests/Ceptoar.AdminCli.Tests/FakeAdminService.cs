using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.AdminCli.Tests;

/// <summary>An AdminService that answers from what each test puts in it and records what the CLI sent.</summary>
internal sealed partial class FakeAdminService : AdminService.AdminServiceBase
{
    public static readonly Timestamp CreatedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 4, 1, 9, 30, 0, TimeSpan.Zero));

    public List<Member> Members { get; } = [];

    public List<AdminItem> Items { get; } = [];

    public VerifyAuditResponse AuditVerdict { get; set; } = new() { Valid = true };

    /// <summary>When set, AddMember fails with this status (details included), as a validating node would.</summary>
    public Google.Rpc.Status? AddMemberFailure { get; set; }

    /// <summary>When set, GetStatus never answers, so the CLI's deadline is what ends the call.</summary>
    public bool StatusHangs { get; set; }

    public AddMemberRequest? LastAddMember { get; private set; }

    public AdminListItemsRequest? LastListItems { get; private set; }

    public IssueApiKeyRequest? LastIssueApiKey { get; private set; }

    public override Task<Member> AddMember(AddMemberRequest request, ServerCallContext context)
    {
        LastAddMember = request;
        if (AddMemberFailure is not null)
        {
            throw AddMemberFailure.ToRpcException();
        }

        var member = new Member
        {
            MemberId = request.MemberId,
            NameJa = request.NameJa,
            NameEn = request.NameEn,
            Sector = request.Sector,
            ContactEmail = request.ContactEmail,
            CreatedAt = CreatedAt,
        };
        member.Tags.Add(request.Tags);
        Members.Add(member);
        return Task.FromResult(member);
    }

    public override Task<ListMembersResponse> ListMembers(ListMembersRequest request, ServerCallContext context)
    {
        var response = new ListMembersResponse();
        response.Members.Add(Members.Where(m => request.IncludeDisabled || !m.Disabled));
        return Task.FromResult(response);
    }

    public override Task<Member> GetMember(GetMemberRequest request, ServerCallContext context) =>
        Task.FromResult(Members.FirstOrDefault(m => m.MemberId == request.MemberId)
            ?? throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, $"no member '{request.MemberId}' on this node")));

    public override Task<IssueApiKeyResponse> IssueApiKey(IssueApiKeyRequest request, ServerCallContext context)
    {
        LastIssueApiKey = request;
        var keyId = "k" + Guid.NewGuid().ToString("N")[..10];
        return Task.FromResult(new IssueApiKeyResponse
        {
            Key = new ApiKeyInfo { KeyId = keyId, MemberId = request.MemberId, Label = request.Label, CreatedAt = CreatedAt },
            ApiKey = $"ck_{keyId}_{Convert.ToHexString(Guid.NewGuid().ToByteArray())}",
        });
    }

    public override Task<AdminListItemsResponse> ListItems(AdminListItemsRequest request, ServerCallContext context)
    {
        LastListItems = request;
        var response = new AdminListItemsResponse();
        response.Items.Add(Items.Select(i => i.Summary));
        return Task.FromResult(response);
    }

    public override Task<AdminItem> GetItem(AdminGetItemRequest request, ServerCallContext context) =>
        Task.FromResult(Items.FirstOrDefault(i => i.Summary.ItemId == request.ItemId)
            ?? throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, $"no item {request.ItemId} on this node")));

    public override Task<VerifyAuditResponse> VerifyAudit(VerifyAuditRequest request, ServerCallContext context)
    {
        LastVerifyAudit = request;
        return Task.FromResult(AuditVerdict);
    }

    public override async Task<NodeStatus> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        if (StatusHangs)
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }

        var status = new NodeStatus { NodeId = "ceptoar-finance", Role = "secretariat", Version = "0.1.0-test", StartedAt = CreatedAt, Items = 1234 };
        RevocationsIn(status);
        return status;
    }

    public static Google.Rpc.Status InvalidArgument(string message, params (string Field, string Description)[] violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.Add(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        return new Google.Rpc.Status
        {
            Code = (int)StatusCode.InvalidArgument,
            Message = message,
            Details = { Any.Pack(badRequest) },
        };
    }

    public static AdminItem Item(string itemId, string title, bool valid, string problem = "")
    {
        var envelope = new Envelope { PayloadType = "application/vnd.ceptoar.item.v1+protobuf", Payload = ByteString.CopyFromUtf8(title) };
        return new AdminItem
        {
            Summary = new AdminItemSummary
            {
                ItemId = itemId,
                Cursor = 42,
                OriginNode = "ceptoar-finance",
                Kind = ItemKind.EarlyWarning,
                Tlp = Tlp.AmberStrict,
                Title = title,
                CreatedAt = CreatedAt,
                ReceivedAt = CreatedAt,
            },
            Item = new Item { Id = itemId, OriginNode = "ceptoar-finance", Tlp = Tlp.AmberStrict, Kind = ItemKind.EarlyWarning },
            Envelope = envelope,
            EnvelopeBytes = envelope.ToByteString(),
            Verification = new SignatureCheck { Valid = valid, SignerNode = "ceptoar-finance", KeyId = "ceptoar-finance/ab12", Problem = problem },
        };
    }
}
