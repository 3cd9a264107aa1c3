using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Ceptoar.AdminCli.Localization;

namespace Ceptoar.AdminCli.Demo;

/// <summary>What a node writes to &lt;DataDir&gt;/node.ready.json once it listens (see node/Ceptoar.Node/Composition/NodeApp.cs).</summary>
internal sealed record ReadyInfo(string NodeId, int Pid, string? MemberEndpoint, string? FederationEndpoint, string AdminSocket, string? WebEndpoint = null)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The ready file of the node with this pid; null while it is absent, half-written, or left by another process.</summary>
    public static ReadyInfo? TryRead(string dataDir, int pid)
    {
        try
        {
            var ready = JsonSerializer.Deserialize<ReadyInfo>(File.ReadAllText(Path.Combine(dataDir, "node.ready.json")), JsonOptions);
            return ready is { AdminSocket.Length: > 0 } && ready.Pid == pid ? ready : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>One ceptoar-node process of the demo: started with its console output in a file, stopped with SIGTERM.</summary>
internal sealed class NodeProcess : IDisposable
{
    private const int SigTerm = 15;

    // The shell only redirects the console to the log file and then replaces itself with the node (same pid), so the
    // node keeps logging after ceptoar-admin exits (--keep) and no pipe to this process can fill up or break.
    private const string Launch = "exec \"$0\" \"$@\" >\"$CEPTOAR_DEMO_LOG\" 2>&1 </dev/null";

    private readonly Process _process;

    private NodeProcess(DemoNode node, Process process, string consoleLog)
    {
        Node = node;
        _process = process;
        ConsoleLog = consoleLog;
    }

    public DemoNode Node { get; }

    public int Pid => _process.Id;

    public string ConsoleLog { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static NodeProcess Start(DemoNode node, DemoLayout layout, IReadOnlyList<string> nodeArguments)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,

            // The sample configurations name certs-sample/... relative to the repository root.
            WorkingDirectory = layout.RepositoryRoot,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Launch);
        start.ArgumentList.Add(layout.Dotnet);
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(layout.NodeDll);
        foreach (var argument in nodeArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CEPTOAR_DEMO_LOG"] = layout.ConsoleLog(node);
        var process = Process.Start(start)
            ?? throw new DemoException(ExitCodes.NodeFailure, Localized.Format(DemoText.CannotStartNode, layout.Dotnet, node.Id));
        return new NodeProcess(node, process, layout.ConsoleLog(node));
    }

    /// <summary>Asks the node to stop cleanly (SIGTERM), as systemd would.</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            _ = kill(_process.Id, SigTerm);
        }
    }

    /// <summary>Waits for the node to exit; kills it (SIGKILL) when it does not within <paramref name="grace"/>. True when it exited by itself.</summary>
    public async Task<bool> WaitOrKillAsync(TimeSpan grace)
    {
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>The last lines the node wrote to its console, for when it failed to start.</summary>
    public IReadOnlyList<string> TailOfLog(int lines)
    {
        try
        {
            using var stream = new FileStream(ConsoleLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
            return all[Math.Max(0, all.Length - lines)..];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [Localized.Format(DemoText.ConsoleLogUnreadable, ConsoleLog, e.Message)];
        }
    }

    public void Dispose() => _process.Dispose();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
