namespace Ceptoar.Benchmarks;

/// <summary>The figures of each node benchmark, named for the table, each with the raw limit (or target) it is read against.</summary>
internal static class BenchmarkFigures
{
    public const string Raw = "raw limits";
    public const string Submit = "member submit at one node";
    private const string RelaySection = "hub relay";
    private const string EndToEndSection = "end to end: submit at bank → council → subscriber at electricity";
    private const string CatchUpSection = "catch-up of a returning node";
    private const string MemorySection = "resident memory of a node in its own process";
    private const string NotifySection = "notifications: one GREEN item to every member's e-mail contacts";
    private const string UrgentTarget = "target 1 s";
    public const string SqliteLimit = "raw SQLite insert";
    private const string Verify = "raw Ed25519 verify";
    private const string GrpcStream = "raw gRPC stream";
    private const string LatencyTarget = "target p99 30 ms";
    private const string IdleTarget = "target 150 MiB idle";
    private const double IdleTargetMiB = 150;
    private const string RawSmtp = "raw SMTP, bare client";
    private const string DrillFeedTarget = "target p99 2 s";
    private const string DrillMemoryTarget = "target 150 MiB";

    /// <summary>The aim of issue 12: 4,000 messages within 10 s, that is 400 messages per second.</summary>
    private const double NotifyTargetPerSecond = 400;

    public static IEnumerable<Figure> Relay(HubRelayBenchmark.Result relay, int items, double? verify, double? inserts)
    {
        var (r, d) = (relay.Relay, relay.Duplicate);
        const string S = RelaySection;
        yield return new Figure(S, $"1 peer stream: store + 3 outboxes + receipt ({items:N0} items)", r.PerSecond, "items/s", Verify, verify);
        yield return new Figure(S, "the same rate against the raw SQLite limit", r.PerSecond, "items/s", SqliteLimit, inserts);
        yield return new Figure(S, "per-item checks alone (verify, parse, validate), all cores", relay.ChecksPerSecond, "items/s", Verify, verify);
        // Where the time goes, from /proc (Linux only): per-thread CPU, the writer's states, the whole machine's load.
        if (ThreadProfile.Available)
        {
            yield return new Figure(S, "CPU per item, SQLite writer thread (commits)", r.WriterCpuUsPerItem, "µs");
            yield return new Figure(S, "CPU per item, other threads (checks, receipt, gRPC, sender)", r.OtherCpuUsPerItem, "µs");
            yield return new Figure(S, "SQLite writer idle (waiting for the next batch)", r.WriterIdle * 100, "%");
            yield return new Figure(S, "SQLite writer waiting on disk (fsync)", r.WriterOnDisk * 100, "%");
        }

        yield return new Figure(S, "CPU used by this process (hub + sender)", r.ProcessCpu * 100, "%");
        if (r.MachineBusy is { } busy)
        {
            yield return new Figure(S, "CPU used by the whole machine (other programs too)", busy * 100, "%");
        }

        yield return new Figure(S, $"duplicate absorption (same {items:N0} again, all DUPLICATE)", d.PerSecond, "items/s", Verify, verify);
        yield return new Figure(S, "duplicate absorption: CPU per item, all threads", d.WriterCpuUsPerItem + d.OtherCpuUsPerItem, "µs");
    }

    public static IEnumerable<Figure> EndToEnd(EndToEndBenchmark.Result e2e, double? verify)
    {
        const string S = EndToEndSection;
        yield return new Figure(S, $"max throughput: flood of 64 submitters until all delivered ({e2e.FloodItems:N0} items)", e2e.FloodPerSecond, "items/s", Verify, verify);
        yield return new Figure(S, "flood: CPU per item, this process (3 nodes, submitters, subscriber)", e2e.FloodCpuUsPerItem, "µs");
        if (e2e.FloodMachineBusy is { } busy)
        {
            yield return new Figure(S, "flood: CPU used by the whole machine (other programs too)", busy * 100, "%");
        }

        foreach (var (level, label) in new[] { (e2e.Light, "light load"), (e2e.Half, "half the flood max above") })
        {
            var at = $"at {level.TargetPerSecond:N0}/s ({label})";
            yield return new Figure(S, $"{at}: achieved submit rate ({level.Items:N0} items)", level.AchievedPerSecond, "items/s");
            yield return new Figure(S, $"{at}: latency p50", level.P50, "ms");
            yield return new Figure(S, $"{at}: latency p90", level.P90, "ms");
            yield return new Figure(S, $"{at}: latency p99", level.P99, "ms", LatencyTarget, 30);
            yield return new Figure(S, $"{at}: latency max", level.Max, "ms");
            yield return new Figure(S, $"{at}: Submit alone (answered at bank), p50", level.SubmitP50, "ms");
            yield return new Figure(S, $"{at}: Submit alone (answered at bank), p99", level.SubmitP99, "ms");
        }

        foreach (var leg in e2e.LightLegs)
        {
            yield return new Figure(S, $"light load leg p50: {leg.Name}", leg.P50, "ms");
            yield return new Figure(S, $"light load leg p99: {leg.Name}", leg.P99, "ms");
        }
    }

    public static IEnumerable<Figure> CatchUp(CatchUpBenchmark.CatchUp c, double? verify, double? grpc)
    {
        const string S = CatchUpSection;
        var name = $"{c.Items:N0} items waiting at the hub, node ready → all held";
        yield return new Figure(S, name, c.ItemsPerSecond, "items/s", Verify, verify);
        yield return new Figure(S, "the same rate against the raw gRPC limit", c.ItemsPerSecond, "items/s", GrpcStream, grpc);
        yield return new Figure(S, "node process launch → ready", c.StartSeconds * 1000, "ms");
        yield return new Figure(S, "CPU used by the hub's process (of all cores)", c.HubCpu * 100, "%");
        yield return new Figure(S, "CPU used by the returning node's process (of all cores)", c.NodeCpu * 100, "%");
        yield return new Figure(S, "CPU per item, hub's process", c.HubCpuUsPerItem, "µs");
        yield return new Figure(S, "CPU per item, returning node's process (start included)", c.NodeCpuUsPerItem, "µs");
        yield return new Figure(S, "mean rise of the node's item count between looks (≥ one batch)", c.ItemsPerRise, "items");
        yield return new Figure(S, "mean time between rises (≈ the node's commit interval)", c.MsBetweenRises, "ms");
        yield return new Figure(S, "hub's SQLite writer idle (waiting for work)", c.HubWriterIdle * 100, "%");
        if (c.MachineBusy is { } busy)
        {
            yield return new Figure(S, "CPU used by the whole machine (other programs too)", busy * 100, "%");
        }

        yield return new Figure(S, "returning node's peak resident memory (VmHWM)", c.Memory.PeakMiB, "MiB");
    }

    public static IEnumerable<Figure> Urgent(UrgentBenchmark.Result u)
    {
        var s = $"urgent overtakes a backlog: {u.Backlog:N0} GREEN items queued at the hub for a returning node";
        yield return new Figure(s, "extreme early warning sent to the hub while it drains → on a member's Subscribe stream there", u.UrgentMs, "ms", UrgentTarget, 1000);
        yield return new Figure(s, "backlog still queued at the hub for the node when the warning was sent", u.QueuedAtSend, "items");
        yield return new Figure(s, "backlog items the member's stream delivered before the warning", u.AheadInFeed, "items");
        yield return new Figure(s, $"the backlog's drain rate in the same run (node ready → all {u.Backlog:N0} held)", u.DrainPerSecond, "items/s");
    }

    public static IEnumerable<Figure> Memory(CatchUpBenchmark.Memory m, CatchUpBenchmark.CatchUp c)
    {
        const string S = MemorySection;
        yield return new Figure(S, "idle after start, empty: peak (VmHWM)", m.IdleEmpty.PeakMiB, "MiB", IdleTarget, IdleTargetMiB);
        yield return new Figure(S, "idle after start, empty: now (VmRSS)", m.IdleEmpty.CurrentMiB, "MiB", IdleTarget, IdleTargetMiB);
        yield return new Figure(S, $"idle after restart, {c.Items:N0} items stored: peak (VmHWM)", m.IdleWithItems.PeakMiB, "MiB", IdleTarget, IdleTargetMiB);
        yield return new Figure(S, $"idle after restart, {c.Items:N0} items stored: now (VmRSS)", m.IdleWithItems.CurrentMiB, "MiB", IdleTarget, IdleTargetMiB);
        yield return new Figure(S, $"{m.Subscribers:N0} members added, no streams yet: now (VmRSS)", m.MembersAdded.CurrentMiB, "MiB");
        yield return new Figure(S, $"{m.Subscribers:N0} Subscribe streams open, before any item: now (VmRSS)", m.StreamsOpen.CurrentMiB, "MiB");
        var subscribed = $"{m.Subscribers:N0} subscribed, {m.FannedOut} fresh items to each, {c.Items:N0} stored";
        yield return new Figure(S, $"{subscribed}: peak (VmHWM)", m.Subscribed.PeakMiB, "MiB");
        yield return new Figure(S, $"{subscribed}: now (VmRSS)", m.Subscribed.CurrentMiB, "MiB");
        yield return new Figure(S, $"fan-out: {m.FannedOut} items pushed at the hub → each of {m.Subscribers:N0} subscribers has all", m.DeliveriesPerSecond, "deliv/s");
        yield return new Figure(S, "adding members with an API key each (admin API, 16 at a time)", m.MembersPerSecond, "members/s");
    }

    /// <param name="roundTrip">The raw gRPC unary round trip (p50, p99 ms); <paramref name="grpc"/> the raw stream rate; <paramref name="sign"/> raw Ed25519 sign.</param>
    public static IEnumerable<Figure> National(NationalBenchmark.Result n, (double P50, double P99) roundTrip, double? grpc, double? sign)
    {
        var setup = n.Setup;
        var s = $"national drill: NISC → {setup.Nodes} node processes, {setup.Members:N0} members of {setup.Ceptoars} CEPTOARs (scale {setup.Scale:0.###} of 2014)";
        // Shown in µs (a tenth of a millisecond would print as 0.0); the ratios below divide milliseconds by milliseconds.
        yield return new Figure(Raw, "gRPC unary round trip, 1 KiB, mutual TLS, loopback: p50", roundTrip.P50 * 1000, "µs");
        yield return new Figure(Raw, "gRPC unary round trip, 1 KiB, mutual TLS, loopback: p99", roundTrip.P99 * 1000, "µs");
        yield return new Figure(Raw, $"SMTP server in this process, bare MailKit client, 1 connection ({setup.Members:N0} mails)", n.RawSmtpPerSecond, "msg/s");
        yield return new Figure(s, $"{setup.Nodes} node processes started, peered, every descriptor everywhere", setup.StartSeconds, "s");
        yield return new Figure(s, "members added (member, API key, e-mail contact; admin API, 16 at a time)", setup.MembersPerSecond, "members/s");
        yield return new Figure(s, $"before any drill, members added, streams open: peak (VmHWM), highest node: {setup.PeakNode}", setup.PeakMiB, "MiB", DrillMemoryTarget, IdleTargetMiB);
        yield return new Figure(s, "before any drill, members added, streams open: peak (VmHWM), median node", setup.MedianPeakMiB, "MiB", DrillMemoryTarget, IdleTargetMiB);
        foreach (var d in new[] { n.Cold, n.BothHubs, n.HubKilled })
        {
            var at = $"{d.Title}: ";
            yield return new Figure(s, $"{at}StartDrill → on every member's Subscribe stream, p50", d.FeedP50, "ms", "raw gRPC round trip p50", roundTrip.P50);
            yield return new Figure(s, $"{at}the same, p99", d.FeedP99, "ms", DrillFeedTarget, 2000);
            yield return new Figure(s, $"{at}the same p99 against the raw round trip", d.FeedP99, "ms", "raw gRPC round trip p99", roundTrip.P99);
            yield return new Figure(s, $"{at}the same, max (the last of {d.Members:N0} members)", d.FeedMax, "ms", DrillFeedTarget, 2000);
            yield return new Figure(s, $"{at}members reached per second (all / time to the last)", d.Members / (d.FeedMax / 1000), "members/s", GrpcStream, grpc);
            yield return new Figure(s, $"{at}every DELIVERED receipt at NISC ({d.Nodes} nodes, members reached as added)", d.ReceiptsMs, "ms", "raw gRPC round trip p99", roundTrip.P99);
            yield return new Figure(s, $"{at}every notification accepted by SMTP ({d.Members:N0} mails)", d.MailsMs, "ms");
            yield return new Figure(s, $"{at}the same as a rate", d.Members / (d.MailsMs / 1000), "msg/s", RawSmtp, n.RawSmtpPerSecond);
            yield return new Figure(s, $"{at}report complete: every member acknowledged at NISC", d.ReportCompleteMs, "ms");
            yield return new Figure(s, $"{at}the same as acknowledgements per second", d.Members / (d.ReportCompleteMs / 1000), "acks/s", "raw Ed25519 sign", sign);
            yield return new Figure(s, $"{at}peak resident memory (VmHWM), highest node: {d.PeakNode}", d.PeakMiB, "MiB", DrillMemoryTarget, IdleTargetMiB);
            yield return new Figure(s, $"{at}peak resident memory (VmHWM), median node", d.MedianPeakMiB, "MiB", DrillMemoryTarget, IdleTargetMiB);
            yield return new Figure(s, $"{at}nodes above 150 MiB", d.NodesOver150, "nodes");
        }
    }

    public static IEnumerable<Figure> Notify(NotifyBenchmark.Result n)
    {
        const string S = NotifySection;
        var members = $"{n.Members:N0} members × {NotifyBenchmark.ContactsPerMember}";
        yield return new Figure(Raw, $"SMTP server in this process, bare MailKit client, 1 connection ({n.Messages:N0} mails)", n.RawPerSecond, "msg/s");
        yield return new Figure(S, $"1 item → {members} contacts: answer → all {n.Messages:N0} mails accepted", n.PerSecond, "msg/s", RawSmtp, n.RawPerSecond);
        var targetSeconds = n.Messages / NotifyTargetPerSecond;
        yield return new Figure(S, $"the same, total time ({n.Messages:N0} messages)", n.Seconds, "s", $"target {targetSeconds:N0} s (10 s for 4,000)", targetSeconds);
        yield return new Figure(S, $"adding {n.Messages:N0} e-mail contacts (admin API, 16 at a time)", n.ContactsPerSecond, "contacts/s");
        var feed = "feed, submit → received";
        var submit = "Submit alone";
        var states = new[]
        {
            (n.Without, "no contacts"),
            (n.SenderIdle, $"{n.Messages:N0} mails per item, sender idle"),
            (n.SenderBusy, $"{n.Messages:N0} mails per item, sender busy"),
        };
        foreach (var (latency, state) in states)
        {
            // With contacts, the feed's latency is read against the same node's without them (the aim: unchanged within noise).
            var baseline = ReferenceEquals(latency, n.Without) ? null : n.Without;
            yield return new Figure(S, $"{feed}, {state} ({latency.Items} items): p50", latency.P50, "ms", baseline is null ? null : "p50 without", baseline?.P50);
            yield return new Figure(S, $"{feed}, {state}: p99", latency.P99, "ms", baseline is null ? null : "p99 without", baseline?.P99);
            yield return new Figure(S, $"{submit}, {state}: p50", latency.SubmitP50, "ms");
            yield return new Figure(S, $"{submit}, {state}: p99", latency.SubmitP99, "ms");
        }
    }

    public static IEnumerable<Figure> Interchange(InterchangeBenchmark.Result x)
    {
        const string S = "exchange formats: one member at a node holding the items (docs/INTERCHANGE.md)";
        const string List = "member List, same items";
        yield return new Figure(S, $"member List, pages of 500 ({x.Items:N0} items)", x.ListPerSecond, "items/s");
        yield return new Figure(S, $"STIX 2.1 export, member Export of 1,000 ids a call ({x.Items:N0} items)", x.StixPerSecond, "items/s", List, x.ListPerSecond);
        yield return new Figure(S, $"MISP export, member Export of 1,000 ids a call ({x.Items:N0} items)", x.MispPerSecond, "items/s", List, x.ListPerSecond);
        yield return new Figure(S, $"TAXII objects page of 1,000 objects ({x.ItemsPerTaxiiPage:N0} items), {x.TaxiiPages} pages: p50", x.TaxiiP50, "ms", "List page p50", x.ListP50);
        yield return new Figure(S, "TAXII objects page of 1,000 objects: p99", x.TaxiiP99, "ms", "List page p99", x.ListP99);
        yield return new Figure(S, $"member List page of the same {x.ItemsPerTaxiiPage:N0} items: p99", x.ListP99, "ms");
    }
}
