using System.CommandLine;
using System.Globalization;
using Ceptoar.AdminCli.Localization;

namespace Ceptoar.AdminCli.Node;

/// <summary>The options every command that talks to a running node shares: where its socket is, output form, deadline.</summary>
internal sealed class NodeOptions
{
    public const string SocketFileName = "admin.sock";
    public const string DataDirVariable = "CEPTOAR_DATA_DIR";
    public const string DefaultDataDir = "./data";
    public const double DefaultTimeoutSeconds = 10;

    // An hour is far beyond any admin call; a larger value is almost certainly a typo (milliseconds).
    private const double MaxTimeoutSeconds = 3600;

    public Option<string> DataDir { get; } = new("--data-dir")
    {
        Description = Localized.Format(NodeText.DataDirDescription, SocketFileName, DataDirVariable, DefaultDataDir),
        HelpName = "DIR",
        Recursive = true,
        DefaultValueFactory = _ => DataDirFromEnvironment(),
    };

    public Option<string?> Socket { get; } = new("--socket")
    {
        Description = Localized.Format(NodeText.SocketDescription, SocketFileName),
        HelpName = "PATH",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = NodeText.JsonDescription,
        Recursive = true,
    };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = NodeText.TimeoutDescription,
        HelpName = "SECONDS",
        Recursive = true,
        DefaultValueFactory = _ => DefaultTimeoutSeconds,
    };

    public NodeOptions()
    {
        Timeout.Validators.Add(result =>
        {
            if (Input.ArgumentRules.TryGetValue<double>(result, out var seconds) && !(seconds > 0 && seconds <= MaxTimeoutSeconds))
            {
                result.AddError(Localized.Format(NodeText.TimeoutOutOfRange, MaxTimeoutSeconds, seconds));
            }
        });
    }

    /// <summary>Adds the options to a command; being recursive, they then apply to all its subcommands too.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(DataDir);
        command.Options.Add(Socket);
        command.Options.Add(Json);
        command.Options.Add(Timeout);
    }

    public NodeSettings Read(ParseResult parseResult)
    {
        var dataDir = parseResult.GetValue(DataDir) ?? DataDirFromEnvironment();
        var socket = parseResult.GetValue(Socket);
        var socketPath = string.IsNullOrWhiteSpace(socket)
            ? Path.Combine(dataDir, SocketFileName)
            : socket;
        return new NodeSettings(
            Path.GetFullPath(dataDir),
            Path.GetFullPath(socketPath),
            parseResult.GetValue(Json),
            TimeSpan.FromSeconds(parseResult.GetValue(Timeout)),
            SocketGiven: !string.IsNullOrWhiteSpace(socket));
    }

    private static string DataDirFromEnvironment()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(DataDirVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? DefaultDataDir : fromEnvironment;
    }
}

/// <summary>The resolved connection settings of one invocation.</summary>
internal sealed record NodeSettings(string DataDir, string SocketPath, bool Json, TimeSpan Timeout, bool SocketGiven = false)
{
    public string TimeoutText => Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
