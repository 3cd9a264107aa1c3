using System.Diagnostics;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;
using Grpc.Net.Client;

namespace Ceptoar.AdminCli.Demo;

/// <summary>A started demo node that is listening: its process, its ready file, and an admin client on its socket.</summary>
internal sealed class RunningNode(NodeProcess process, ReadyInfo ready, string dataDir) : IDisposable
{
    private static readonly TimeSpan AdminTimeout = TimeSpan.FromSeconds(10);

    private GrpcChannel? _channel;

    public DemoNode Node => Process.Node;

    public NodeProcess Process { get; } = process;

    public ReadyInfo Ready { get; } = ready;

    public string DataDir { get; } = dataDir;

    /// <summary>As `ceptoar-admin --data-dir` would reach it, so failures read like any admin command's.</summary>
    public NodeSettings Settings { get; } = new(dataDir, ready.AdminSocket, Json: false, AdminTimeout, SocketGiven: true);

    public AdminService.AdminServiceClient Admin => new(_channel ??= AdminChannel.Open(Settings));

    public DateTime Deadline => DateTime.UtcNow + AdminTimeout;

    public void Dispose() => _channel?.Dispose();
}

/// <summary>Starts the ten sample nodes, each sending its notification e-mail to the demo's sink, waits until each listens, and stops them again.</summary>
internal sealed class FederationLauncher(DemoLayout layout, CliOutput output, int smtpPort)
{
    public static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private const int TailLines = 25;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Starts every node; on any failure stops those already started and throws a <see cref="DemoException"/>.</summary>
    public async Task<IReadOnlyList<RunningNode>> StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(layout.BaseDir);
        output.Line(Localized.Format(DemoText.StartingNodes, layout.Nodes.Count, layout.CertsDir, layout.BaseDir));
        var started = new List<NodeProcess>();
        try
        {
            foreach (var node in layout.Nodes)
            {
                var arguments = DemoTopology.NodeArguments(node, layout.Nodes, layout.DataDir(node)).Concat(DemoMailSink.NodeArguments(node, smtpPort));
                started.Add(NodeProcess.Start(node, layout, [.. arguments]));
            }

            return await WaitUntilReadyAsync(started, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync(started, cancellationToken.IsCancellationRequested ? TimeSpan.FromSeconds(1) : StopGrace).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>SIGTERM to every node at once, then waits for each; one that outlives <paramref name="grace"/> gets SIGKILL.</summary>
    public async Task StopAsync(IReadOnlyList<NodeProcess> processes, TimeSpan grace)
    {
        foreach (var process in processes)
        {
            process.Terminate();
        }

        var clean = await Task.WhenAll(processes.Select(p => p.WaitOrKillAsync(grace))).ConfigureAwait(false);
        for (var i = 0; i < processes.Count; i++)
        {
            if (!clean[i])
            {
                output.Line(Localized.Format(DemoText.NodeKilled, processes[i].Node.Id, grace.TotalSeconds, processes[i].ConsoleLog));
            }

            processes[i].Dispose();
        }
    }

    private async Task<IReadOnlyList<RunningNode>> WaitUntilReadyAsync(List<NodeProcess> processes, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var ready = new Dictionary<string, RunningNode>(StringComparer.Ordinal);
        while (ready.Count < processes.Count)
        {
            foreach (var process in processes.Where(p => !ready.ContainsKey(p.Node.Id)))
            {
                var dataDir = layout.DataDir(process.Node);
                if (ReadyInfo.TryRead(dataDir, process.Pid) is { } info)
                {
                    ready[process.Node.Id] = new RunningNode(process, info, dataDir);
                    output.Line(Localized.Format(DemoText.NodeReady, process.Node.Id, clock.Elapsed.TotalSeconds, process.Pid, info.MemberEndpoint, info.FederationEndpoint));
                }
                else if (process.HasExited)
                {
                    throw EarlyExit(process);
                }
            }

            if (ready.Count == processes.Count)
            {
                break;
            }

            if (clock.Elapsed > StartDeadline)
            {
                var waiting = processes.Where(p => !ready.ContainsKey(p.Node.Id)).ToList();
                var lines = new List<string>
                {
                    Localized.Format(DemoText.NotReady, string.Join(", ", waiting.Select(p => p.Node.Id)), StartDeadline.TotalSeconds),
                };
                foreach (var process in waiting)
                {
                    lines.Add(Localized.Format(DemoText.LastLinesOf, process.ConsoleLog));
                    lines.AddRange(process.TailOfLog(TailLines).Select(l => "  " + l));
                }

                lines.Add(DemoText.Overloaded);
                throw new DemoException(ExitCodes.NodeFailure, [.. lines]);
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        return [.. processes.Select(p => ready[p.Node.Id])];
    }

    private static DemoException EarlyExit(NodeProcess process)
    {
        var lines = new List<string>
        {
            Localized.Format(DemoText.NodeExited, process.Node.Id, process.ExitCode, process.ConsoleLog),
        };
        lines.AddRange(process.TailOfLog(TailLines).Select(l => "  " + l));
        lines.Add(DemoText.FixNodeReport);
        return new DemoException(ExitCodes.NodeFailure, [.. lines]);
    }
}
