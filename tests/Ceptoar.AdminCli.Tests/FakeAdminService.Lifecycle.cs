using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.AdminCli.Tests;

/// <summary>The backup and audit-against-peers calls of the fake (docs/LIFECYCLE.md §4, §5).</summary>
internal sealed partial class FakeAdminService
{
    public VerifyAuditRequest? LastVerifyAudit { get; private set; }

    public BackupRequest? LastBackup { get; private set; }

    public override Task<BackupResponse> Backup(BackupRequest request, ServerCallContext context)
    {
        LastBackup = request;
        return Task.FromResult(new BackupResponse
        {
            Path = request.Path,
            Bytes = 4096,
            AuditSeq = 1532,
            AuditHash = new string('c', 64),
            TakenAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 4, 1, 9, 30, 0, TimeSpan.Zero)),
            CatchUpSince = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 4, 1, 9, 15, 0, TimeSpan.Zero)),
        });
    }
}
