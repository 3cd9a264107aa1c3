using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.AdminCli.Tests;

/// <summary>The revocation calls of the fake (docs/LIFECYCLE.md §3): the list held, shown in status, and a publish.</summary>
internal sealed partial class FakeAdminService
{
    /// <summary>The list the fake node holds; null: none.</summary>
    public RevocationListView? RevocationList { get; set; }

    public PublishRevocationsRequest? LastPublish { get; private set; }

    public override Task<RevocationListView> PublishRevocations(PublishRevocationsRequest request, ServerCallContext context)
    {
        LastPublish = request;
        return Task.FromResult(RevocationList ?? throw new RpcException(new Grpc.Core.Status(StatusCode.InvalidArgument, "envelope: is empty")));
    }

    private void RevocationsIn(NodeStatus status)
    {
        if (RevocationList is { } list)
        {
            status.RevocationListVersion = list.Version;
            status.RevocationListIssuedAt = list.IssuedAt;
            status.RevocationListEntries = list.Certificates + list.SigningKeys;
        }
    }

    /// <summary>A list issued at the given time, holding one certificate and two signing keys.</summary>
    public static RevocationListView RevocationListAt(DateTimeOffset issuedAt, bool replaced) => new()
    {
        Version = 3, IssuedAt = Timestamp.FromDateTimeOffset(issuedAt), Root = "O=CEPTOAR Federation, CN=Test Root", Certificates = 1, SigningKeys = 2, Replaced = replaced,
    };
}
