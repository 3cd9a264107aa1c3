using System.Data.Common;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Composition;

/// <summary>The classes of start-up failure, each with its own exit code (docs/OPERATIONS.md §2; README, "Install a node as a service").</summary>
internal enum StartupFailureKind
{
    /// <summary>Not a start-up failure a person can fix from the message: a defect; the stack trace is logged.</summary>
    Unexpected = 1,
    Configuration = 2,
    PortInUse = 3,
    PortNotPermitted = 4,
    Credentials = 5,
    DataDirectoryLocked = 6,
    DataDirectoryUnusable = 7,
    DatabaseTooNew = 8,
    DatabaseUnusable = 9,
    AdminSocket = 10,
}

/// <summary>A start-up failure as an operator reads it: its class (the exit code) and one line naming the setting or file and what to do.</summary>
internal sealed record StartupFailure(StartupFailureKind Kind, string Problem)
{
    public int ExitCode => (int)Kind;

    /// <summary>The one line on stderr; systemd's journal shows it as the unit's last words.</summary>
    public string Line => $"ceptoar-node cannot start (exit {ExitCode}, {Name(Kind)}): {Problem}";

    private static string Name(StartupFailureKind kind) => kind switch
    {
        StartupFailureKind.Configuration => "configuration",
        StartupFailureKind.PortInUse => "port in use",
        StartupFailureKind.PortNotPermitted => "port not permitted",
        StartupFailureKind.Credentials => "keys and certificates",
        StartupFailureKind.DataDirectoryLocked => "data directory in use",
        StartupFailureKind.DataDirectoryUnusable => "data directory not usable",
        StartupFailureKind.DatabaseTooNew => "database from a newer version",
        StartupFailureKind.DatabaseUnusable => "database not usable",
        StartupFailureKind.AdminSocket => "admin socket",
        _ => "unexpected failure",
    };
}

/// <summary>Sorts what stopped the start-up into a <see cref="StartupFailure"/> by the step it happened in and what was thrown.</summary>
internal static partial class StartupFailures
{
    public static StartupFailure Classify(StartupProgress progress, Exception error)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(error);
        if (error is OptionsValidationException)
        {
            // Validated again when the host starts (ValidateOnStart): still a setting to fix, whatever the step.
            return new(StartupFailureKind.Configuration, OneLine(error.Message));
        }

        return progress.Step switch
        {
            StartupStep.Configuration => Configuration(error),
            StartupStep.DataDirectory when IsFileProblem(error) => new(
                StartupFailureKind.DataDirectoryUnusable,
                $"Node:DataDir '{progress.Node?.DataDir}' cannot be created or written ({OneLine(error.Message)}): make it owned by the user the node runs as, mode 0700, or set Node:DataDir to a directory that user owns."),
            StartupStep.DataDirectoryLock when IsFileProblem(error) => new(StartupFailureKind.DataDirectoryLocked, OneLine(error.Message)),
            StartupStep.Credentials when IsFileProblem(error) || error is System.Security.Cryptography.CryptographicException => Credentials(error),
            StartupStep.Database when error is DatabaseTooNewException => new(StartupFailureKind.DatabaseTooNew, $"{progress.Node?.DatabasePath}: {OneLine(error.Message)}"),
            // DbException: the database's own error (SQLite's types stay in Storage, docs/ARCHITECTURE.md).
            StartupStep.Database when error is DbException || IsFileProblem(error) => new(
                StartupFailureKind.DatabaseUnusable,
                $"{progress.Node?.DatabasePath} cannot be opened as the node's database ({OneLine(error.Message)}): give the node's user read and write access to it, or stop the node and restore a backup with ceptoar-admin restore (docs/LIFECYCLE.md §5)."),
            StartupStep.Composition when IsFileProblem(error) => new(StartupFailureKind.Configuration, OneLine(error.Message)),
            StartupStep.Listen => Listen(progress, error),
            _ => new(StartupFailureKind.Unexpected, OneLine(error.Message)),
        };
    }

    private static StartupFailure Configuration(Exception error) => error switch
    {
        // A --config file that is not JSON: the parser's position is in the inner exception.
        InvalidDataException { InnerException: not null } => new(
            StartupFailureKind.Configuration, $"{OneLine(error.Message.TrimEnd('.'))}: {OneLine(Innermost(error).Message.TrimEnd('.'))}: fix the JSON (a sample is deploy/node.sample.json)."),
        UnauthorizedAccessException => new(
            StartupFailureKind.Configuration, $"{OneLine(error.Message).TrimEnd('.')}: make the file readable by the user the node runs as (under systemd: group ceptoar, mode 0640)."),
        _ when IsFileProblem(error) || error is InvalidDataException or FormatException => new(StartupFailureKind.Configuration, OneLine(error.Message)),
        _ => new(StartupFailureKind.Unexpected, OneLine(error.Message)),
    };

    private static StartupFailure Credentials(Exception error) => error switch
    {
        // The key and certificate loaders say what to do; the runtime's own file errors do not.
        InvalidOperationException => new(StartupFailureKind.Credentials, OneLine(error.Message)),
        _ => new(
            StartupFailureKind.Credentials,
            $"{OneLine(error.Message).TrimEnd('.')}: check Node:CertificatesDir and Node:TrustedRoots, that the files exist and the node's user can read them, or issue the node's certificates with ceptoar-admin pki."),
    };

    private static StartupFailure Listen(StartupProgress progress, Exception error)
    {
        var socket = Find<SocketException>(error);
        var inUse = Find<AddressInUseException>(error) is not null || socket?.SocketErrorCode == SocketError.AddressAlreadyInUse;
        var notPermitted = socket?.SocketErrorCode is SocketError.AccessDenied or SocketError.AddressNotAvailable;
        var node = progress.Node;
        if (node is null || progress.FailedListener is null || (!inUse && !notPermitted && socket is null))
        {
            return new(StartupFailureKind.Unexpected, OneLine(error.Message));
        }

        var reason = OneLine(socket?.Message ?? error.Message);
        if (progress.FailedListener == Listener.Admin)
        {
            return new(
                StartupFailureKind.AdminSocket,
                $"the admin socket {node.AdminSocketPath} cannot be created ({reason}): make sure its directory exists and the node's user may write there, or set Node:AdminSocket (default: admin.sock in Node:DataDir).");
        }

        var (setting, address) = progress.FailedListener switch
        {
            Listener.Federation => ("Node:FederationListen", node.FederationListen),
            Listener.Monitoring => ("Node:MonitoringListen", node.MonitoringListen),
            Listener.Web => ("Node:WebListen", node.WebListen),
            _ => ("Node:MemberListen", node.MemberListen),
        };
        if (inUse)
        {
            return new(
                StartupFailureKind.PortInUse,
                $"{setting} {address} is already in use by another program ({reason}): stop that program (ss -ltnp shows which), or set {setting} to a free port (1024 or above).");
        }

        if (socket?.SocketErrorCode == SocketError.AccessDenied)
        {
            return new(
                StartupFailureKind.PortNotPermitted,
                $"{setting} {address} may not be bound by this user ({reason}): use a port of 1024 or above (the service unit grants no capability for lower ports).");
        }

        return socket?.SocketErrorCode == SocketError.AddressNotAvailable
            ? new(StartupFailureKind.PortNotPermitted, $"{setting} {address} is not an address of this host ({reason}): set {setting} to an address of one of its interfaces, or 0.0.0.0 / [::] for all.")
            : new(StartupFailureKind.Unexpected, OneLine(error.Message));
    }

    private static bool IsFileProblem(Exception error) => error is IOException or UnauthorizedAccessException or InvalidOperationException;

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is not null)
        {
            error = error.InnerException;
        }

        return error;
    }

    private static T? Find<T>(Exception? error)
        where T : Exception
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is T found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Exception messages may span lines (a JSON parser's, a validator's list); the journal shows one line per line.</summary>
    private static string OneLine(string text) => LineBreaks().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s*[\r\n]+\s*")]
    private static partial Regex LineBreaks();
}
