using System.Buffers.Binary;
using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;

namespace Ceptoar.AdminCli.Backup;

/// <summary>
/// `restore FILE --data-dir DIR [--force]`, with the node stopped (docs/LIFECYCLE.md §5): checks FILE is a node database,
/// refuses to replace a database written after the backup unless --force, keeps the replaced database beside it, and
/// puts the copy in place whole (written aside, flushed, then renamed). The node started on it asks its peers to resend
/// what they stored since the backup.
/// </summary>
internal static class RestoreCommand
{
    public const string DatabaseFileName = "node.db";

    // https://www.sqlite.org/fileformat.html §1.3: the 16-byte magic string, and the user version (the node's schema step) at offset 60.
    // The bytes of "SQLite format 3" followed by a zero byte.
    private static readonly byte[] SqliteMagic = [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00];
    private const int HeaderBytes = 100;
    private const int UserVersionOffset = 60;

    public static Command Create()
    {
        var options = new NodeOptions();
        var file = new Argument<string>("FILE") { Description = BackupText.RestoreFileDescription };
        var force = new Option<bool>("--force") { Description = BackupText.ForceDescription };
        var command = new Command("restore", BackupText.RestoreDescription) { file, force };
        command.Options.Add(options.DataDir);
        command.Options.Add(options.Socket);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = new CliOutput(parseResult.InvocationConfiguration.Output);
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                var settings = options.Read(parseResult);
                var restored = await RestoreAsync(Path.GetFullPath(parseResult.GetRequiredValue(file)), settings.DataDir, settings.SocketPath,
                    parseResult.GetValue(force), cancellationToken);
                output.Line(Localized.Format(BackupText.Restored, restored.Source, restored.Target));
                if (restored.KeptAside is not null)
                {
                    output.Line(Localized.Format(BackupText.KeptAside, restored.KeptAside));
                }

                output.Line(BackupText.RestoredNext);
                return ExitCodes.Ok;
            }
            catch (RestoreRefusedException refused)
            {
                await error.WriteLineAsync(refused.Message);
                return refused.ExitCode;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync(Localized.Format(BackupText.RestoreFailed, e.Message));
                return ExitCodes.Refused;
            }
        });
        return command;
    }

    /// <summary>What a restore did: the copy put in place, and where the database it replaced was kept (if any).</summary>
    public sealed record Result(string Source, string Target, string? KeptAside);

    public static async Task<Result> RestoreAsync(string source, string dataDir, string socketPath, bool force, CancellationToken cancellationToken)
    {
        CheckIsNodeDatabase(source);
        if (await NodeRunsAsync(socketPath, cancellationToken))
        {
            throw new RestoreRefusedException(ExitCodes.Refused, Localized.Format(BackupText.NodeRunning, dataDir));
        }

        var target = Path.Combine(dataDir, DatabaseFileName);
        string? keptAside = null;
        if (File.Exists(target))
        {
            var backupTime = File.GetLastWriteTimeUtc(source);
            var existingTime = new[] { target, target + "-wal" }.Where(File.Exists).Max(File.GetLastWriteTimeUtc);
            if (existingTime > backupTime && !force)
            {
                throw new RestoreRefusedException(ExitCodes.Refused, Localized.Format(BackupText.TargetNewer, target,
                    Formats.Time(new DateTimeOffset(existingTime, TimeSpan.Zero)), source, Formats.Time(new DateTimeOffset(backupTime, TimeSpan.Zero))));
            }

            // Never lost: the replaced database (and its write-ahead log, whose commits are part of it) stays beside the new one.
            keptAside = target + ".before-restore-" + DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            foreach (var suffix in (ReadOnlySpan<string>)["", "-wal", "-shm"])
            {
                if (File.Exists(target + suffix))
                {
                    File.Move(target + suffix, keptAside + suffix);
                }
            }
        }

        Directory.CreateDirectory(dataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var partial = Path.Combine(dataDir, "." + DatabaseFileName + ".restoring-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read))
            await using (var to = new FileStream(partial, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                await from.CopyToAsync(to, cancellationToken);
                to.Flush(flushToDisk: true);
            }

            File.Move(partial, target, overwrite: false);
        }
        finally
        {
            File.Delete(partial);
        }

        return new Result(source, target, keptAside);
    }

    private static void CheckIsNodeDatabase(string source)
    {
        if (!File.Exists(source))
        {
            throw new RestoreRefusedException(ExitCodes.Usage, Localized.Format(BackupText.SourceMissing, source));
        }

        var header = new byte[HeaderBytes];
        int read;
        using (var stream = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            read = stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false);
        }

        if (read < HeaderBytes || !header.AsSpan(0, SqliteMagic.Length).SequenceEqual(SqliteMagic))
        {
            throw new RestoreRefusedException(ExitCodes.Usage, Localized.Format(BackupText.NotADatabase, source));
        }

        // A CEPTOAR node database has at least the first schema step; an SQLite file without one is some other program's.
        if (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(UserVersionOffset, 4)) < 1)
        {
            throw new RestoreRefusedException(ExitCodes.Usage, Localized.Format(BackupText.NotANodeDatabase, source));
        }
    }

    /// <summary>A node answers on the data directory's admin socket: its database is open and must not be replaced under it.</summary>
    private static async Task<bool> NodeRunsAsync(string socketPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketPath))
        {
            return false;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            // A socket file left by a node that was killed: nothing listens.
            return false;
        }
    }
}

/// <summary>A restore refused before anything was changed, with the exit code and the message for the operator.</summary>
internal sealed class RestoreRefusedException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
