using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ceptoar.AdminCli.Localization;
using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.AdminCli.Rules;

/// <summary>Rule files on the admin's side: reading them (or stdin), writing exports, and the node's errors as FILE:LINE:COLUMN.</summary>
internal static partial class RuleFiles
{
    public const string StdinName = "-";

    // Far above any real rule file (1000 rules are ~200 KB); a bigger file is the wrong file.
    private const long MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>The name errors use for a file: "&lt;stdin&gt;" for "-".</summary>
    public static string DisplayName(string path) => path == StdinName ? "<stdin>" : path;

    /// <summary>Reads a rule file, or stdin for "-"; a file that cannot be read is a usage error (nothing is sent).</summary>
    public static string Read(string path)
    {
        if (path == StdinName)
        {
            return Console.In.ReadToEnd();
        }

        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new UsageException(Localized.Format(RulesText.FileMissing, path));
            }

            if (info.Length > MaxFileBytes)
            {
                throw new UsageException(Localized.Format(RulesText.FileTooBig, path, info.Length));
            }

            return File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException(Localized.Format(RulesText.CannotRead, path, e.Message));
        }
    }

    /// <summary>Writes an export, refusing to replace an existing file unless forced; written beside it first so a failure leaves the old file whole.</summary>
    public static void Write(string path, string text, bool force)
    {
        if (!force && (File.Exists(path) || Directory.Exists(path)))
        {
            throw new UsageException(Localized.Format(CommonText.FileExists, path));
        }

        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, full, overwrite: force);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new UsageException(Localized.Format(RulesText.CannotWrite, path, e.Message));
        }
    }

    /// <summary>
    /// The node's errors in a rule file, one line each as FILE:LINE:COLUMN: message (the form editors jump to), or null
    /// when the refusal names no line of the file (then the generic error report applies).
    /// </summary>
    /// <param name="fieldPrefix">What precedes "line L, column C" in the field name ("rules_text, " for the dry run).</param>
    public static IReadOnlyList<string>? FileErrors(RpcException exception, string fileName, string fieldPrefix = "")
    {
        if (exception.StatusCode != StatusCode.InvalidArgument || Violations(exception) is not { Count: > 0 } violations)
        {
            return null;
        }

        var lines = new List<string>();
        foreach (var violation in violations)
        {
            var field = violation.Field.StartsWith(fieldPrefix, StringComparison.Ordinal) ? violation.Field[fieldPrefix.Length..] : null;
            var at = field is null ? Match.Empty : LineColumn().Match(field);
            lines.Add(at.Success
                ? string.Create(CultureInfo.InvariantCulture, $"{fileName}:{at.Groups[1].Value}:{at.Groups[2].Value}: {violation.Description}")
                : $"{fileName}: {violation.Field}: {violation.Description}");
        }

        return lines.Count > 0 && violations.Any(v => v.Field.StartsWith(fieldPrefix, StringComparison.Ordinal) && LineColumn().IsMatch(v.Field[fieldPrefix.Length..]))
            ? lines
            : null;
    }

    private static IReadOnlyList<BadRequest.Types.FieldViolation>? Violations(RpcException exception)
    {
        try
        {
            return exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations;
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^line (\d+), column (\d+)$")]
    private static partial Regex LineColumn();
}
