using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ceptoar.Node.Composition;

namespace Ceptoar.Testing;

/// <summary>A real node in its own OS process (`dotnet ceptoar-node.dll`), so tests can kill it with SIGKILL.</summary>
internal sealed class NodeProcess : RunningNode
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private readonly string[] _args;
    private readonly string _dataDir;
    private readonly StringBuilder _output = new();
    private Process _process;

    private NodeProcess(Process process, string[] args, string dataDir, X509Certificate2 root, ReadyFile ready)
        : base(root, ready)
    {
        _process = process;
        _args = args;
        _dataDir = dataDir;
    }

    public static async Task<NodeProcess> StartAsync(TestFederation federation, string nodeId, string dataDir, Action<Dictionary<string, string>>? configure = null)
    {
        var settings = NodeArguments.For(federation, nodeId, dataDir);
        configure?.Invoke(settings);
        var args = NodeArguments.ToArgs(settings);
        var output = new StringBuilder();
        var (process, ready) = await LaunchAsync(args, dataDir, output);
        var node = new NodeProcess(process, args, dataDir, federation.RootCertificate, ready);
        node._output.Append(output);
        return node;
    }

    public int Pid => _process.Id;

    /// <summary>SIGKILL: no shutdown code runs, like a crash or power cut of the process.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>Starts the node again on the same data directory, configuration and ports (peers know it by its address).</summary>
    public async Task RestartAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        var args = _args.Where(a => !a.StartsWith("--Node:MemberListen=", StringComparison.Ordinal) && !a.StartsWith("--Node:FederationListen=", StringComparison.Ordinal)).ToList();
        args.Add("--Node:MemberListen=" + new Uri(Ready.MemberEndpoint!).Authority);
        if (Ready.FederationEndpoint is { } federation)
        {
            args.Add("--Node:FederationListen=" + new Uri(federation).Authority);
        }

        (_process, var ready) = await LaunchAsync([.. args], _dataDir, _output);
        Ready = ready;
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private static async Task<(Process Process, ReadyFile Ready)> LaunchAsync(string[] args, string dataDir, StringBuilder output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(NodeAssemblyPath());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(StartDeadline);
        while (true)
        {
            if (ReadReady(dataDir, process.Id) is { } ready)
            {
                return (process, ready);
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"node exited with {process.ExitCode} before it was ready:\n{Snapshot(output)}");
            }

            if (deadline.IsCancellationRequested)
            {
                process.Kill();
                throw new TimeoutException($"node not ready within {StartDeadline.TotalSeconds} s:\n{Snapshot(output)}");
            }

            // Waiting on a condition (the ready file with this pid) under a deadline; 50 ms between looks.
            await Task.Delay(50, CancellationToken.None);
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string NodeAssemblyPath()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ceptoar-node.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("ceptoar-node.dll is not next to the tests; build the solution first", path);
    }
}
