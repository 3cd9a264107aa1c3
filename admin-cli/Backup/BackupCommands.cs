using System.CommandLine;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Backup;

/// <summary>
/// `backup FILE`: the running node writes a consistent copy of its database (docs/LIFECYCLE.md §5); `restore FILE`
/// (<see cref="RestoreCommand"/>) puts such a copy back with the node stopped.
/// </summary>
internal static class BackupCommands
{
    public static Command Create()
    {
        var options = new NodeOptions();
        var file = new Argument<string>("FILE") { Description = BackupText.FileDescription };
        var command = new Command("backup", BackupText.BackupDescription) { file };
        options.AddTo(command);
        NodeAction.Set(command, options, async call =>
        {
            // The node writes the file: a path relative to where this command runs means nothing to it.
            var path = Path.GetFullPath(call.Require(file));
            var result = await call.Client.BackupAsync(new BackupRequest { Path = path }, call.Options);
            if (call.Json)
            {
                call.Output.Json(result);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(BackupText.BackupWritten, result.Path, result.Bytes));
            call.Output.Fields(
            [
                (BackupText.AuditHeadField, Localized.Format(BackupText.AuditHeadValue, result.AuditSeq, result.AuditHash)),
                (BackupText.TakenAtField, Formats.Time(result.TakenAt)),
                (BackupText.CatchUpField, Formats.Time(result.CatchUpSince)),
            ]);
            call.Output.Line(Localized.Format(BackupText.RestoreHint, result.Path, call.Settings.DataDir));
            return ExitCodes.Ok;
        });
        return command;
    }
}
