using System.Diagnostics;
using Ceptoar.Federation.V1;
using Ceptoar.Testing;

namespace Ceptoar.Benchmarks;

/// <summary>
/// One drill from NISC to the whole national federation, timed from the StartDrill call: until every member's feed has it,
/// until NISC holds every node's DELIVERED receipt with the members the benchmark added there, until the SMTP server
/// accepted every member's notification, and until the report counts every member acknowledged; then each node's peak
/// resident memory. It fails instead of timing a wrong outcome (a member twice, a mail to the wrong contact, a count off).
/// </summary>
internal sealed class NationalDrill(TestCluster cluster, IReadOnlyDictionary<string, Subscribers> feeds, IReadOnlyDictionary<string, IReadOnlySet<string>> emails, SmtpSink sink)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);
    private const string Origin = "nisc";
    private readonly List<string> _drills = [];

    /// <summary>The figures of one drill; times in milliseconds from the StartDrill call.</summary>
    /// <param name="Nodes">Nodes expected to deliver (every node but NISC, and but the killed hub).</param>
    /// <param name="PeakMiB">The highest VmHWM of any node process still running, and which node.</param>
    /// <param name="MedianPeakMiB">The median VmHWM of the running nodes.</param>
    public sealed record Figures(string Title, int Nodes, int Members, double FeedP50, double FeedP99, double FeedMax,
        double ReceiptsMs, double MailsMs, double ReportCompleteMs, double PeakMiB, string PeakNode, double MedianPeakMiB, int NodesOver150);

    public async Task<Figures> RunAsync(string title, NodeProcess? kill)
    {
        var nisc = cluster[Origin];
        var killed = kill is null ? null : cluster.Nodes.Single(n => ReferenceEquals(n.Value, kill)).Key;
        // Who should deliver and how many members each should say it reached: what this benchmark added, not what a node says.
        var expected = cluster.Layout.Where(n => n.Id != Origin && n.Id != killed)
            .ToDictionary(n => n.Id, n => (uint)(emails.TryGetValue(n.Id, out var e) ? e.Count : 0), StringComparer.Ordinal);
        var members = (int)expected.Values.Sum(v => v);

        var started = Stopwatch.GetTimestamp();
        var answer = await nisc.Admin.StartDrillAsync(new StartDrillRequest
        {
            ClientRequestId = $"national-{_drills.Count + 1}", StaffName = "nisc-duty", WholeFederation = true, AcknowledgeWithinMinutes = 60,
            InstructionJa = "本訓練メッセージを受信したら、直ちに確認応答してください。", InstructionEn = "Acknowledge this drill message as soon as you receive it.",
        });
        if (kill is not null)
        {
            await kill.KillAsync();
        }

        if (answer.Status != "accepted" || answer.Duplicate)
        {
            throw new InvalidOperationException($"NISC answered {answer.Status} (duplicate: {answer.Duplicate}) to a fresh drill; with no handling rule it must accept it");
        }

        var id = answer.DrillId;
        _drills.Add(id);
        var feed = Elapsed(started, () => Task.FromResult(FeedsHave(id, members)), $"every one of the {members:N0} members' Subscribe streams has drill {id}");
        var mails = Elapsed(started, () => Task.FromResult(MailsAbout(id) >= members), $"the SMTP server accepted the {members:N0} notifications of drill {id}");
        var (receipts, complete) = await ReportAsync(nisc, id, expected, members, started);
        await Task.WhenAll(feed, mails);

        // The feeds: every member holds every drill so far once; the feed figures from each member's arrival time.
        foreach (var f in feeds.Values)
        {
            await f.WaitForAsync(_drills.ToHashSet(StringComparer.Ordinal), Deadline);
        }

        RequireMailedOnce(id);
        var latencies = feeds.Values.SelectMany(f => f.ArrivalsOf(id)).Select(at => Stopwatch.GetElapsedTime(started, at).TotalMilliseconds).Order().ToArray();
        var (peak, median) = PeakMemory(cluster, killed);
        var last = feeds.Select(f => $"{f.Key} {f.Value.ArrivalsOf(id).Max(at => Stopwatch.GetElapsedTime(started, at).TotalMilliseconds):N0}");
        Console.WriteLine($"national, {title}: ms from the start to each CEPTOAR's last member: {string.Join(", ", last)}");
        PrintMemory(title, killed);
        var over = cluster.Nodes.Where(n => n.Key != killed).Count(n => NodeMemory.Read(((NodeProcess)n.Value).Pid).PeakMiB > 150);
        return new Figures(title, expected.Count, members,
            MemberSubmitBenchmark.Percentile(latencies, 0.50), MemberSubmitBenchmark.Percentile(latencies, 0.99), latencies[^1],
            receipts, await mails, complete, peak.PeakMiB, peak.Node, median, over);
    }

    /// <summary>The node process with the highest VmHWM (peak since it started), and the median VmHWM, of the nodes running.</summary>
    public static ((string Node, double PeakMiB) Highest, double Median) PeakMemory(TestCluster cluster, string? killed)
    {
        var peaks = cluster.Nodes.Where(n => n.Key != killed).Select(n => (Node: n.Key, NodeMemory.Read(((NodeProcess)n.Value).Pid).PeakMiB)).OrderBy(p => p.PeakMiB).ToList();
        return (peaks[^1], peaks[peaks.Count / 2].PeakMiB);
    }

    private bool FeedsHave(string id, int members)
    {
        foreach (var f in feeds.Values)
        {
            f.ThrowIfAnyEnded();
        }

        return feeds.Values.Sum(f => f.CountHaving(id)) >= members;
    }

    private int MailsAbout(string id) => sink.Received.Count(m => m.Message.Headers["X-Ceptoar-Item"] == id);

    /// <summary>
    /// Polls NISC's report: when every expected node's DELIVERED receipt is in with the members it was given, and when
    /// every one of those members is counted as acknowledged (none late).
    /// </summary>
    private static async Task<(double Receipts, double Complete)> ReportAsync(RunningNode nisc, string id, Dictionary<string, uint> expected, int members, long started)
    {
        double? receipts = null;
        double? complete = null;
        DrillReport report = null!;
        try
        {
            await Until.TrueAsync(async () =>
            {
                report = await nisc.Admin.GetDrillReportAsync(new GetDrillReportRequest { DrillId = id });
                var now = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var rows = report.Nodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);
                var delivered = expected.All(e => rows.TryGetValue(e.Key, out var r) && r.State == "delivered" && r.HasMembersReached && r.MembersReached == e.Value);
                if (delivered)
                {
                    receipts ??= now;
                    if (expected.All(e => rows[e.Key].MembersAcknowledged == e.Value) && report.Totals.MembersAcknowledged == members && report.Totals.MembersLate == 0)
                    {
                        complete ??= now;
                    }
                }

                return complete is not null;
            }, Deadline, $"NISC's report of drill {id} shows all {expected.Count} nodes delivered with the members added there and all {members:N0} members acknowledged");
        }
        catch (TimeoutException e)
        {
            var behind = report.Nodes.Where(n => expected.TryGetValue(n.NodeId, out var m) && (n.State != "delivered" || n.MembersReached != m || n.MembersAcknowledged != m))
                .Select(n => $"{n.NodeId}: {n.State} {n.Reason}, reached {(n.HasMembersReached ? n.MembersReached : "?")} of {expected[n.NodeId]}, acknowledged {n.MembersAcknowledged}");
            throw new TimeoutException($"{e.Message}; behind: {string.Join("; ", behind)}", e);
        }

        return (receipts!.Value, complete!.Value);
    }

    /// <summary>Every member's contact got exactly one message about the drill, and nobody else got one.</summary>
    private void RequireMailedOnce(string id)
    {
        var to = sink.Received.Where(m => m.Message.Headers["X-Ceptoar-Item"] == id).SelectMany(m => m.Recipients).ToList();
        var due = emails.Values.SelectMany(e => e).ToHashSet(StringComparer.Ordinal);
        if (to.Count != due.Count || !due.SetEquals(to))
        {
            throw new InvalidOperationException(
                $"the SMTP server holds {to.Count} recipients ({to.Distinct().Count()} distinct, {to.Count(due.Contains)} of the members' contacts) for drill {id} where each of the {due.Count} contacts was due one message: the notification figure is void");
        }
    }

    /// <summary>Every running node's VmHWM on one line: which nodes carry the memory is not in the figures.</summary>
    private void PrintMemory(string title, string? killed)
    {
        var peaks = cluster.Nodes.Where(n => n.Key != killed).Select(n => $"{n.Key} {NodeMemory.Read(((NodeProcess)n.Value).Pid).PeakMiB:N0}");
        Console.WriteLine($"national, {title}: peak MiB per node: {string.Join(", ", peaks)}");
    }

    /// <summary>Milliseconds from <paramref name="started"/> until the condition held (looked at every 50 ms).</summary>
    private static async Task<double> Elapsed(long started, Func<Task<bool>> condition, string what)
    {
        await Until.TrueAsync(condition, Deadline, what);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
