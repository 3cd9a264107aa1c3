using System.Diagnostics;
using System.Text;

namespace Ceptoar.Node.Tests.Service;

/// <summary>A program run as its own process (the node, a published binary, a script), its stdout and stderr kept apart.</summary>
internal sealed class NodeCommand : IAsyncDisposable
{
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Process _process;

    private NodeCommand(Process process) => _process = process;

    /// <summary>The built node (`dotnet exec ceptoar-node.dll`) next to the tests, as NodeProcess runs it.</summary>
    public static NodeCommand StartNode(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null) =>
        Start("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "ceptoar-node.dll"), .. args], environment, workingDirectory);

    public static NodeCommand Start(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var command = new NodeCommand(process);
        process.OutputDataReceived += (_, e) => Append(command._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(command._stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return command;
    }

    public int Pid => _process.Id;

    public string Stdout => Snapshot(_stdout);

    public string Stderr => Snapshot(_stderr);

    /// <summary>Waits for the process to end within the deadline; returns its exit code (output fully read).</summary>
    public async Task<int> ExitCodeAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            throw new TimeoutException($"still running after {deadline.TotalSeconds} s:\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        // WaitForExitAsync returns once the redirected streams have reached their end.
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as systemctl stop sends it.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
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
}
