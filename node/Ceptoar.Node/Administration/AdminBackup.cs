using System.Globalization;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Administration;

/// <summary>`backup FILE` (docs/LIFECYCLE.md §5): the node writes a consistent copy of its database where staff ask, owner-only.</summary>
internal sealed class AdminBackup(DatabaseBackup backup, NodeDatabase database)
{
    public async Task<BackupResponse> BackupAsync(BackupRequest request, CancellationToken cancellationToken)
    {
        var path = request.Path;
        if (string.IsNullOrWhiteSpace(path) || path.Any(char.IsControl))
        {
            throw GrpcErrors.InvalidArgument("path", AdministrationText.BackupPathMissing);
        }

        if (!Path.IsPathFullyQualified(path))
        {
            throw GrpcErrors.InvalidArgument("path", string.Format(CultureInfo.InvariantCulture, AdministrationText.BackupPathNotAbsolute, path));
        }

        path = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(Path.GetFileName(path)) || directory is null)
        {
            throw GrpcErrors.InvalidArgument("path", string.Format(CultureInfo.InvariantCulture, AdministrationText.BackupPathNotAbsolute, path));
        }

        if (string.Equals(path, database.Path, StringComparison.Ordinal) || path.StartsWith(database.Path + "-", StringComparison.Ordinal))
        {
            throw GrpcErrors.InvalidArgument("path", string.Format(CultureInfo.InvariantCulture, AdministrationText.BackupPathIsDatabase, path));
        }

        if (!Directory.Exists(directory))
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.BackupTargetUnusable, string.Format(CultureInfo.InvariantCulture, AdministrationText.BackupDirectoryMissing, directory));
        }

        if (File.Exists(path) || Directory.Exists(path))
        {
            throw GrpcErrors.AlreadyExists(ErrorReasons.FileExists, string.Format(CultureInfo.InvariantCulture, AdministrationText.BackupFileExists, path));
        }

        BackupResult result;
        try
        {
            result = await backup.WriteAsync(path, "admin", cancellationToken);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // Nothing was written under the name asked for (the partial copy is removed); say which directory to fix.
            throw GrpcErrors.FailedPrecondition(ErrorReasons.BackupTargetUnusable, string.Format(CultureInfo.InvariantCulture, AdministrationText.BackupNotWritable, directory, e.Message));
        }

        return new BackupResponse
        {
            Path = result.Path,
            Bytes = (ulong)result.Bytes,
            AuditSeq = (ulong)result.AuditSeq,
            AuditHash = result.AuditHash,
            TakenAt = Timestamp.FromDateTimeOffset(result.TakenAt),
            CatchUpSince = Timestamp.FromDateTimeOffset(result.CatchUpSince),
        };
    }
}
