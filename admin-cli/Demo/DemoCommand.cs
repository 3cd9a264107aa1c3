using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Core.Pki;

namespace Ceptoar.AdminCli.Demo;

/// <summary>`demo`: starts the sample federation on loopback, shares three reports at different TLP labels and shows where each went.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var keep = new Option<bool>("--keep")
        {
            Description = $"Leave the nodes running afterwards and print how to reach them; their data goes to {DemoLayout.KeepBaseDir}/ in the repository unless --base-dir.",
        };
        var baseDir = new Option<string?>("--base-dir")
        {
            Description = "Folder for the nodes' data and logs, one sub-folder per node (default: a fresh temporary folder, removed afterwards unless something failed).",
            HelpName = "DIR",
        };
        var node = new Option<string?>("--node")
        {
            Description = $"Path of ceptoar-node.dll (default: ${DemoLayout.NodeVariable}, else node/Ceptoar.Node/bin/Release/net10.0/ceptoar-node.dll in the repository, built first when missing).",
            HelpName = "PATH",
        };
        var command = new Command(
            "demo",
            "Start a sample federation on this machine (NISC, the CEPTOAR Council and three CEPTOARs, from certs-sample/), have a bank "
            + "share a GREEN, an AMBER and an AMBER+STRICT report, and show which nodes and members received each, and why. Run it from the repository. "
            + $"Exit code {ExitCodes.Ok} when every report went exactly where its label allows, {ExitCodes.NodeFailure} when a node failed or did not.")
        {
            keep, baseDir, node,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = new CliOutput(parseResult.InvocationConfiguration.Output);
            var run = new DemoRun(output, parseResult.InvocationConfiguration.Error, parseResult.GetValue(keep));
            return run.RunAsync(parseResult.GetValue(baseDir), parseResult.GetValue(node), cancellationToken);
        });
        return command;
    }
}

/// <summary>One run of the demo, from finding the node program to stopping (or leaving) the nodes.</summary>
internal sealed class DemoRun(CliOutput output, TextWriter error, bool keep)
{
    public async Task<int> RunAsync(string? baseDirOption, string? nodeOption, CancellationToken cancellationToken)
    {
        DemoLayout layout;
        bool temporary;
        TrustBundle roots;
        try
        {
            (layout, temporary, roots) = await PrepareAsync(baseDirOption, nodeOption, cancellationToken).ConfigureAwait(false);
        }
        catch (DemoException e)
        {
            return await FailAsync(e).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("interrupted before any node was started.").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }

        var launcher = new FederationLauncher(layout, output);
        IReadOnlyList<RunningNode> running = [];
        var leaveRunning = false;
        var succeeded = false;
        try
        {
            output.Line(
                $"The sample federation of certs-sample/ (its keys are public: never use them in production): hubs {string.Join(", ", layout.Nodes.Where(n => n.IsHub).Select(n => n.Id))}; "
                + $"CEPTOARs {string.Join(", ", layout.Nodes.Where(n => !n.IsHub).Select(n => n.Id))}.");
            running = await launcher.StartAsync(cancellationToken).ConfigureAwait(false);
            var problems = await PlayAsync(layout, running, roots, cancellationToken).ConfigureAwait(false);
            leaveRunning = keep;
            succeeded = problems == 0;
            return succeeded ? ExitCodes.Ok : ExitCodes.NodeFailure;
        }
        catch (DemoException e)
        {
            return await FailAsync(e).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("interrupted: stopping the demo nodes.").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        finally
        {
            if (!leaveRunning)
            {
                // A failed run keeps even a temporary folder: the nodes' logs in it are what explains the failure.
                var interrupted = cancellationToken.IsCancellationRequested;
                await StopAsync(launcher, layout, running, temporary && (succeeded || interrupted), interrupted).ConfigureAwait(false);
            }

            foreach (var node in running)
            {
                node.Dispose();
            }
        }
    }

    private async Task<(DemoLayout Layout, bool Temporary, TrustBundle Roots)> PrepareAsync(string? baseDirOption, string? nodeOption, CancellationToken cancellationToken)
    {
        var root = DemoLayout.FindRepositoryRoot(Directory.GetCurrentDirectory())
            ?? throw new DemoException(
                ExitCodes.Usage,
                $"no {DemoLayout.SolutionFile} in {Directory.GetCurrentDirectory()} or any folder above it; the demo uses the repository's certs-sample/.",
                "Run it from inside the repository checkout.");
        var certsDir = Path.Combine(root, "certs-sample");
        var nodes = SampleFederation.Load(certsDir);
        TrustBundle roots;
        try
        {
            roots = TrustBundle.Load([Path.Combine(certsDir, "root.crt.pem")]);
        }
        catch (InvalidOperationException e)
        {
            throw new DemoException(ExitCodes.Usage, e.Message, "Restore certs-sample/ from the repository (git checkout -- certs-sample).");
        }

        if (DemoLayout.BusyPorts(nodes) is { Count: > 0 } busy)
        {
            var pidFile = Path.Combine(root, DemoLayout.KeepBaseDir, DemoLayout.PidFileName);
            throw new DemoException(
                ExitCodes.Usage,
                $"the sample federation's ports are in use: {string.Join(", ", busy)}.",
                File.Exists(pidFile)
                    ? $"An earlier `demo --keep` is probably still running: stop it (kill $(cat {pidFile})) and retry."
                    : "A sample node or an earlier `demo --keep` is probably still running: stop it (kill the pids it printed) and retry.");
        }

        var environment = Environment.GetEnvironmentVariable(DemoLayout.NodeVariable);
        var dotnet = DemoLayout.FindDotnet();
        if (string.IsNullOrWhiteSpace(nodeOption) && string.IsNullOrWhiteSpace(environment) && !File.Exists(DemoLayout.DefaultNodeDll(root)))
        {
            await NodeBuild.RunAsync(root, dotnet, output, cancellationToken).ConfigureAwait(false);
        }

        var nodeDll = DemoLayout.ResolveNodeDll(nodeOption, environment, root);
        var temporary = string.IsNullOrWhiteSpace(baseDirOption) && !keep;
        var baseDir = !string.IsNullOrWhiteSpace(baseDirOption) ? Path.GetFullPath(baseDirOption)
            : keep ? Path.Combine(root, DemoLayout.KeepBaseDir)
            : Directory.CreateTempSubdirectory("ceptoar-demo-").FullName;
        var layout = new DemoLayout(root, nodeDll, dotnet, baseDir, nodes);
        layout.CheckBaseDir();
        return (layout, temporary, roots);
    }

    /// <summary>Members, reports, delivery, acknowledgement, report; returns how many ways the federation misbehaved.</summary>
    private async Task<int> PlayAsync(DemoLayout layout, IReadOnlyList<RunningNode> running, TrustBundle roots, CancellationToken cancellationToken)
    {
        var watch = new DeliveryWatch(running);
        output.Line("Peer links (ceptoar-admin peers list): each CEPTOAR peers with both hubs, the hubs with every node; mutual TLS.");
        if (!await watch.WaitForLinksAsync(output, cancellationToken).ConfigureAwait(false))
        {
            await error.WriteLineAsync("warning: not every peer link is up yet; reports wait in the outboxes until it is.").ConfigureAwait(false);
        }

        using var scenario = new DemoScenario(running, roots, output);
        await scenario.RegisterMembersAsync(cancellationToken).ConfigureAwait(false);
        var submitted = await scenario.SubmitAsync(DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);

        var plan = submitted
            .Select(s => (Item: s, Expected: DeliveryExpectations.For(s, layout.Nodes, DemoItems.Members), MustAcknowledge: (IReadOnlySet<string>)new HashSet<string>()))
            .ToList();
        output.Line(string.Create(CultureInfo.InvariantCulture, $"Waiting for delivery between the nodes to settle (at most {DeliveryWatch.SettleDeadline.TotalSeconds:0} s)…"));
        var clock = Stopwatch.StartNew();
        var snapshots = await watch.WaitAsync(plan, cancellationToken).ConfigureAwait(false);
        output.Line(Settled(snapshots, clock.Elapsed, "every copy stored and every recipient's delivered receipt back at the origin"));

        // A person at a recipient reads the GREEN report: the origin should then show who acknowledged it, and when.
        var green = plan[0];
        var acknowledger = DemoItems.Members.First(m => m.MemberId == DemoItems.Acknowledger);
        if (snapshots.All(s => s.Outstanding.Count == 0) && green.Expected.Any(e => e.Members.Contains(acknowledger.MemberId)))
        {
            output.Line($"A person at {acknowledger.MemberId} ({acknowledger.NodeId}) reads the GREEN report and acknowledges it (member API)…");
            await scenario.AcknowledgeAsync(acknowledger.MemberId, green.Item.ItemId, cancellationToken).ConfigureAwait(false);
            plan[0] = green with { MustAcknowledge = new HashSet<string>(StringComparer.Ordinal) { acknowledger.NodeId } };
            clock.Restart();
            snapshots = await watch.WaitAsync(plan, cancellationToken).ConfigureAwait(false);
            output.Line(Settled(snapshots, clock.Elapsed, $"the acknowledged receipt from {acknowledger.NodeId} is back at {green.Item.OriginNode}"));
        }

        var feeds = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var member in DemoItems.Members)
        {
            feeds[member.MemberId] = await scenario.FeedAsync(member, cancellationToken).ConfigureAwait(false);
        }

        var printer = new DemoPrinter(output);
        var problems = printer.Report(snapshots, feeds, layout.Nodes, layout.BaseDir);
        if (keep)
        {
            await File.WriteAllLinesAsync(layout.PidFile, running.Select(n => n.Process.Pid.ToString(CultureInfo.InvariantCulture)), CancellationToken.None).ConfigureAwait(false);
            printer.Keep(layout, running, scenario.Keys, submitted);
        }

        return problems.Count;
    }

    private static string Settled(IReadOnlyList<ItemSnapshot> snapshots, TimeSpan elapsed, string what) =>
        snapshots.All(s => s.Outstanding.Count == 0)
            ? string.Create(CultureInfo.InvariantCulture, $"  settled after {elapsed.TotalSeconds:0.0} s: {what}.")
            : string.Create(CultureInfo.InvariantCulture, $"  NOT settled after {elapsed.TotalSeconds:0.0} s; the report below shows what is missing.");

    private async Task StopAsync(FederationLauncher launcher, DemoLayout layout, IReadOnlyList<RunningNode> running, bool remove, bool interrupted)
    {
        if (running.Count > 0)
        {
            output.Line("Stopping the nodes…");

            // After Ctrl+C the command line gives an action about two seconds before it exits regardless.
            await launcher.StopAsync([.. running.Select(n => n.Process)], interrupted ? TimeSpan.FromSeconds(1) : FederationLauncher.StopGrace).ConfigureAwait(false);
        }

        if (remove)
        {
            try
            {
                Directory.Delete(layout.BaseDir, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"note: could not remove the demo's temporary folder {layout.BaseDir}: {e.Message}").ConfigureAwait(false);
            }
        }
        else if (Directory.Exists(layout.BaseDir))
        {
            output.Line($"The nodes' data and logs stay in {layout.BaseDir}; remove it when done (rm -rf {layout.BaseDir}).");
        }
    }

    private async Task<int> FailAsync(DemoException e)
    {
        foreach (var line in e.Lines)
        {
            await error.WriteLineAsync(line).ConfigureAwait(false);
        }

        return e.ExitCode;
    }
}
