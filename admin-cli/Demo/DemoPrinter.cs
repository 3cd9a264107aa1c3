using System.Globalization;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Items;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Demo;

/// <summary>Prints what the demo found, item by item, and with --keep how to carry on with the running federation.</summary>
internal sealed class DemoPrinter(CliOutput output)
{
    private static IReadOnlyList<string> Headers => ["Node", "Stored", "Members' feeds", "Why"];

    /// <summary>Prints each item's table and receipts, then one line per item; returns every way the federation differed from what TLP allows.</summary>
    public IReadOnlyList<string> Report(
        IReadOnlyList<ItemSnapshot> snapshots,
        IReadOnlyDictionary<string, IReadOnlySet<string>> feeds,
        IReadOnlyList<DemoNode> nodes,
        string baseDir)
    {
        var problems = new List<string>();
        var summaries = new List<string>();
        for (var i = 0; i < snapshots.Count; i++)
        {
            var snapshot = snapshots[i];
            var item = snapshot.Item;
            output.Line();
            output.Line(string.Create(CultureInfo.InvariantCulture, $"[{i + 1}/{snapshots.Count}] {item.Report.Caption}"));
            output.Line($"      item {item.ItemId}, submitted by {item.SubmittedBy} at {item.OriginNode}");
            output.Line($"      \"{item.Report.Draft.Body.Title}\"");

            var seenBy = DemoItems.Members.Where(m => feeds.TryGetValue(m.MemberId, out var ids) && ids.Contains(item.ItemId))
                .Select(m => m.MemberId)
                .ToHashSet(StringComparer.Ordinal);
            var observed = snapshot.Expected.ToDictionary(
                e => e.NodeId,
                e => new NodeObservation(
                    snapshot.Copies.GetValueOrDefault(e.NodeId),
                    DemoItems.Members.Where(m => m.NodeId == e.NodeId && seenBy.Contains(m.MemberId)).Select(m => m.MemberId).ToHashSet(StringComparer.Ordinal)),
                StringComparer.Ordinal);
            var rows = DeliveryReport.Rows(item, snapshot.Expected, observed, DemoItems.Members);
            output.Rows(Headers, rows.Select(r => new[] { r.NodeId, r.Stored, r.Feeds, r.Why }));
            output.Line($"Receipts at the origin {item.OriginNode} (ceptoar-admin items status {item.ItemId}):");
            ItemStatusView.Print(snapshot.Status, output);

            var itemProblems = rows.SelectMany(r => r.Problems).Concat(DeliveryReport.ReceiptProblems(snapshot.Expected, snapshot.Status, snapshot.MustAcknowledge)).ToList();
            if (snapshot.Outstanding.Count > 0)
            {
                output.Line($"Still outstanding after {DeliveryWatch.SettleDeadline.TotalSeconds:0} s: {string.Join("; ", snapshot.Outstanding)}");
                itemProblems.Add($"delivery did not settle within {DeliveryWatch.SettleDeadline.TotalSeconds:0} s");
            }

            problems.AddRange(itemProblems.Distinct().Select(p => $"{item.Report.Caption}: {p}"));
            summaries.Add($"  {DemoSummary.LabelColumn(item.Tlp)}  {DemoSummary.Line(item, nodes, DemoItems.Members, snapshot.Copies, seenBy, snapshot.Status)}");
        }

        output.Line();
        output.Line("In short:");
        foreach (var summary in summaries)
        {
            output.Line(summary);
        }

        if (problems.Count == 0)
        {
            output.Line("Every report reached exactly the nodes and members its TLP label allows, and every recipient sent its receipt.");
        }
        else
        {
            output.Line("The federation did NOT behave as TLP 2.0 and the default handling rules require:");
            foreach (var problem in problems)
            {
                output.Line($"  - {problem}");
            }

            output.Line($"The nodes' logs stay for you to look into: {baseDir}/<node>.console.log and {baseDir}/<node>/logs/.");
        }

        return problems;
    }

    /// <summary>With --keep: where everything is, the API keys issued, and how to stop the nodes.</summary>
    public void Keep(DemoLayout layout, IReadOnlyList<RunningNode> nodes, IReadOnlyList<IssuedKey> keys, IReadOnlyList<SubmittedReport> items)
    {
        output.Line();
        output.Line($"The federation keeps running (--keep). Data: {layout.BaseDir}");
        output.Rows(
            ["Node", "Pid", "Member API", "Federation", "Data directory", "Admin socket"],
            nodes.Select(n => new[]
            {
                n.Node.Id, n.Process.Pid.ToString(CultureInfo.InvariantCulture), n.Ready.MemberEndpoint, n.Ready.FederationEndpoint, n.DataDir, n.Ready.AdminSocket,
            }));
        output.Line("API keys issued to the sample members (shown once; the nodes keep only their hashes):");
        output.Rows(["Member", "Node", "Member API", "API key"], keys.Select(k => new[]
        {
            k.Member.MemberId, k.Member.NodeId, nodes.First(n => n.Node.Id == k.Member.NodeId).Ready.MemberEndpoint, k.ApiKey,
        }));

        var bank = nodes.First(n => n.Node.Id == DemoItems.ReporterNode);
        var council = nodes.First(n => n.Node.Id == "council");
        var nisc = nodes.First(n => n.Node.Id == "nisc");
        var reporterKey = keys.First(k => k.Member.MemberId == DemoItems.Reporter).ApiKey;
        output.Line("Try, with alias ceptoar-admin='dotnet run --project admin-cli -c Release --':");
        output.Line($"  ceptoar-admin peers list --data-dir {council.DataDir}    # the Council's links to every node");
        foreach (var item in items.Where(i => i.Tlp != Tlp.AmberStrict))
        {
            output.Line($"  ceptoar-admin items status {item.ItemId} --data-dir {bank.DataDir}    # receipts of the {Vocabulary.TlpLabel(item.Tlp)} report");
        }

        output.Line($"  ceptoar-admin items list --data-dir {nisc.DataDir}    # NISC lists the AMBER report without a title: it holds ciphertext only");
        if (items.FirstOrDefault(i => i.Tlp == Tlp.AmberStrict) is { } strict)
        {
            output.Line($"  ceptoar-admin items show {strict.ItemId} --data-dir {council.DataDir}    # the AMBER+STRICT report, readable at the Council");
        }

        // The member port serves no reflection (it would describe every service to anyone): grpcurl reads the .proto files.
        output.Line($"  grpcurl -import-path proto -proto member.proto -cacert {layout.RootCertificate} -H 'authorization: Bearer {reporterKey}' {bank.Node.MemberListen} ceptoar.federation.v1.MemberService/WhoAmI");
        output.Line($"Console logs: {layout.BaseDir}/<node>.console.log; structured logs: <data-dir>/logs.");
        output.Line($"Stop the nodes with: kill {string.Join(' ', nodes.Select(n => n.Process.Pid.ToString(CultureInfo.InvariantCulture)))}   (or kill $(cat {layout.PidFile}))");
    }
}
