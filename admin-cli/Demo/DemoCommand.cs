using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Demo;

/// <summary>`demo`: starts the sample federation on loopback, shares three reports at different TLP labels and shows where each went.</summary>
internal static class DemoCommand
{
    public const string NormalScenario = "normal";

    /// <summary>The mode switch, reports up and the status board (docs/MODES.md §7).</summary>
    public const string LargeScaleScenario = "large-scale";

    public static Command Create()
    {
        var keep = new Option<bool>("--keep")
        {
            Description = Localized.Format(DemoText.KeepDescription, DemoLayout.KeepBaseDir),
        };
        var baseDir = new Option<string?>("--base-dir")
        {
            Description = DemoText.BaseDirDescription,
            HelpName = "DIR",
        };
        var node = new Option<string?>("--node")
        {
            Description = Localized.Format(DemoText.NodeDescription, DemoLayout.NodeVariable),
            HelpName = "PATH",
        };
        var scenario = new Option<string>("--scenario")
        {
            Description = DemoText.ScenarioDescription,
            DefaultValueFactory = _ => NormalScenario,
        };
        scenario.AcceptOnlyFromAmong(NormalScenario, LargeScaleScenario);
        var command = new Command(
            "demo",
            Localized.Format(DemoText.DemoDescription, ExitCodes.Ok, ExitCodes.NodeFailure))
        {
            keep, baseDir, node, scenario,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = new CliOutput(parseResult.InvocationConfiguration.Output);
            var largeScale = parseResult.GetValue(scenario) == LargeScaleScenario;
            var run = new DemoRun(output, parseResult.InvocationConfiguration.Error, parseResult.GetValue(keep), largeScale);
            return run.RunAsync(parseResult.GetValue(baseDir), parseResult.GetValue(node), cancellationToken);
        });
        return command;
    }
}

/// <summary>One run of the demo, from finding the node program to stopping (or leaving) the nodes.</summary>
internal sealed class DemoRun(CliOutput output, TextWriter error, bool keep, bool largeScale = false)
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
            await error.WriteLineAsync(DemoText.InterruptedBeforeStart).ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }

        DemoMailSink sink;
        try
        {
            sink = await DemoMailSink.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DemoException e)
        {
            return await FailAsync(e).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync(DemoText.InterruptedBeforeStart).ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }

        output.Line(Localized.Format(DemoText.SinkListening, DemoMailSink.Host, sink.Port));
        var launcher = new FederationLauncher(layout, output, sink.Port);
        IReadOnlyList<RunningNode> running = [];
        var leaveRunning = false;
        var succeeded = false;
        try
        {
            output.Line(
                Localized.Format(DemoText.SampleFederation, string.Join(", ", layout.Nodes.Where(n => n.IsHub).Select(n => n.Id)),
                    string.Join(", ", layout.Nodes.Where(n => n.Role == NodeRole.Secretariat).Select(n => n.Id)),
                    string.Join(", ", layout.Nodes.Where(n => !n.IsHub && n.Role != NodeRole.Secretariat).Select(n => n.Id))));
            running = await launcher.StartAsync(cancellationToken).ConfigureAwait(false);
            var problems = await PlayAsync(layout, running, roots, sink, cancellationToken).ConfigureAwait(false);
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
            await error.WriteLineAsync(DemoText.InterruptedStopping).ConfigureAwait(false);
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

            await sink.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<(DemoLayout Layout, bool Temporary, TrustBundle Roots)> PrepareAsync(string? baseDirOption, string? nodeOption, CancellationToken cancellationToken)
    {
        var root = DemoLayout.FindRepositoryRoot(Directory.GetCurrentDirectory())
            ?? throw new DemoException(
                ExitCodes.Usage,
                Localized.Format(DemoText.NoCertsSample, DemoLayout.SolutionFile, Directory.GetCurrentDirectory()),
                DemoText.RunInsideRepository);
        var certsDir = Path.Combine(root, "certs-sample");
        var nodes = SampleFederation.Load(certsDir);
        TrustBundle roots;
        try
        {
            roots = TrustBundle.Load([Path.Combine(certsDir, "root.crt.pem")]);
        }
        catch (InvalidOperationException e)
        {
            throw new DemoException(ExitCodes.Usage, e.Message, DemoText.RestoreCertsSample);
        }

        if (DemoLayout.BusyPorts(nodes) is { Count: > 0 } busy)
        {
            var pidFile = Path.Combine(root, DemoLayout.KeepBaseDir, DemoLayout.PidFileName);
            throw new DemoException(
                ExitCodes.Usage,
                Localized.Format(DemoText.PortsInUse, string.Join(", ", busy)),
                File.Exists(pidFile)
                    ? Localized.Format(DemoText.EarlierKeepRunning, pidFile)
                    : DemoText.SomethingRunning);
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
    private async Task<int> PlayAsync(DemoLayout layout, IReadOnlyList<RunningNode> running, TrustBundle roots, DemoMailSink sink, CancellationToken cancellationToken)
    {
        var watch = new DeliveryWatch(running);
        output.Line(DemoText.PeerLinks);
        if (!await watch.WaitForLinksAsync(output, cancellationToken).ConfigureAwait(false))
        {
            await error.WriteLineAsync(DemoText.LinksNotUp).ConfigureAwait(false);
        }

        using var scenario = new DemoScenario(running, roots, output);
        await scenario.RegisterMembersAsync(cancellationToken).ConfigureAwait(false);
        await scenario.AddPeopleAsync(cancellationToken).ConfigureAwait(false);
        if (largeScale)
        {
            return await new DemoLargeScale(scenario, layout.Nodes, sink, output).RunAsync(cancellationToken).ConfigureAwait(false);
        }

        var submitted = await scenario.SubmitAsync(DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);

        var plan = submitted
            .Select(s => (Item: s, Expected: DeliveryExpectations.For(s, layout.Nodes, DemoItems.Members), MustAcknowledge: (IReadOnlySet<string>)new HashSet<string>()))
            .ToList();
        output.Line(Localized.Format(DemoText.WaitingToSettle, DeliveryWatch.SettleDeadline.TotalSeconds));
        var clock = Stopwatch.StartNew();
        var snapshots = await watch.WaitAsync(plan, cancellationToken).ConfigureAwait(false);
        output.Line(Settled(snapshots, clock.Elapsed, DemoText.SettleGoal));

        // A person at a recipient reads the GREEN report: the origin should then show who acknowledged it, and when.
        var green = plan[0];
        var acknowledger = DemoItems.Members.First(m => m.MemberId == DemoItems.Acknowledger);
        if (snapshots.All(s => s.Outstanding.Count == 0) && green.Expected.Any(e => e.Members.Contains(acknowledger.MemberId)))
        {
            output.Line(Localized.Format(DemoText.PersonAcks, acknowledger.MemberId, acknowledger.NodeId));
            await scenario.AcknowledgeAsync(acknowledger.MemberId, green.Item.ItemId, cancellationToken).ConfigureAwait(false);
            plan[0] = green with { MustAcknowledge = new HashSet<string>(StringComparer.Ordinal) { acknowledger.NodeId } };
            clock.Restart();
            snapshots = await watch.WaitAsync(plan, cancellationToken).ConfigureAwait(false);
            output.Line(Settled(snapshots, clock.Elapsed, Localized.Format(DemoText.AckBack, acknowledger.NodeId, green.Item.OriginNode)));
        }

        var feeds = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var member in DemoItems.Members)
        {
            feeds[member.MemberId] = await scenario.FeedAsync(member, cancellationToken).ConfigureAwait(false);
        }

        output.Line(Localized.Format(DemoText.WaitingForNotifications, NotificationWatch.SettleDeadline.TotalSeconds));
        clock.Restart();
        var notified = await new NotificationWatch(running, sink).WaitAsync(submitted, cancellationToken).ConfigureAwait(false);
        output.Line(notified.Values.All(DemoNotifications.Settled)
            ? Localized.Format(DemoText.NotificationsArrived, clock.Elapsed.TotalSeconds, sink.Received.Count)
            : Localized.Format(DemoText.NotificationsNotSettled, clock.Elapsed.TotalSeconds));

        await DemoContacts.PrintAsync(scenario.Node(DemoItems.ReporterNode), output, cancellationToken).ConfigureAwait(false);
        var printer = new DemoPrinter(output);
        var problems = printer.Report(snapshots, feeds, layout.Nodes, notified, layout.BaseDir);
        var drillProblems = await DemoDrill.RunAsync(scenario, output, cancellationToken).ConfigureAwait(false);
        if (keep)
        {
            await File.WriteAllLinesAsync(layout.PidFile, running.Select(n => n.Process.Pid.ToString(CultureInfo.InvariantCulture)), CancellationToken.None).ConfigureAwait(false);
            printer.Keep(layout, running, scenario.Keys, submitted);
        }

        return problems.Count + drillProblems;
    }

    private static string Settled(IReadOnlyList<ItemSnapshot> snapshots, TimeSpan elapsed, string what) =>
        snapshots.All(s => s.Outstanding.Count == 0)
            ? Localized.Format(DemoText.SettledAfter, elapsed.TotalSeconds, what)
            : Localized.Format(DemoText.NotSettled, elapsed.TotalSeconds);

    private async Task StopAsync(FederationLauncher launcher, DemoLayout layout, IReadOnlyList<RunningNode> running, bool remove, bool interrupted)
    {
        if (running.Count > 0)
        {
            output.Line(DemoText.StoppingNodes);

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
                await error.WriteLineAsync(Localized.Format(DemoText.CannotRemoveTemp, layout.BaseDir, e.Message)).ConfigureAwait(false);
            }
        }
        else if (Directory.Exists(layout.BaseDir))
        {
            output.Line(Localized.Format(DemoText.DataStays, layout.BaseDir));
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
