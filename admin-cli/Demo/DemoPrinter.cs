using System.Globalization;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Items;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Demo;

/// <summary>Prints what the demo found, item by item, and with --keep how to carry on with the running federation.</summary>
internal sealed class DemoPrinter(CliOutput output)
{
    private static IReadOnlyList<string> Headers => [CommonText.Node, DemoText.StoredHeader, DemoText.FeedsHeader, DemoText.WhyHeader];

    /// <summary>Prints each item's table and receipts, then one line per item; returns every way the federation differed from what TLP allows.</summary>
    public IReadOnlyList<string> Report(
        IReadOnlyList<ItemSnapshot> snapshots,
        IReadOnlyDictionary<string, IReadOnlySet<string>> feeds,
        IReadOnlyList<DemoNode> nodes,
        IReadOnlyDictionary<string, IReadOnlyList<NotifiedRow>> notified,
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
            output.Line(Localized.Format(DemoText.ItemLine, item.ItemId, item.SubmittedBy, item.OriginNode));
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
            output.Line(Localized.Format(DemoText.ReceiptsAtOrigin, item.OriginNode, item.ItemId));
            ItemStatusView.Print(snapshot.Status, output);

            var told = notified.GetValueOrDefault(item.ItemId) ?? [];
            foreach (var line in NotifiedLines(told))
            {
                output.Line(line);
            }

            var itemProblems = rows.SelectMany(r => r.Problems)
                .Concat(DeliveryReport.ReceiptProblems(snapshot.Expected, snapshot.Status, snapshot.MustAcknowledge))
                .Concat(DemoNotifications.Problems(told))
                .ToList();
            if (snapshot.Outstanding.Count > 0)
            {
                output.Line(Localized.Format(DemoText.StillOutstanding, DeliveryWatch.SettleDeadline.TotalSeconds, string.Join("; ", snapshot.Outstanding)));
                itemProblems.Add(Localized.Format(DemoText.DidNotSettle, DeliveryWatch.SettleDeadline.TotalSeconds));
            }

            problems.AddRange(itemProblems.Distinct().Select(p => $"{item.Report.Caption}: {p}"));
            summaries.Add($"  {DemoSummary.LabelColumn(item.Tlp)}  {DemoSummary.Line(item, nodes, DemoItems.Members, snapshot.Copies, seenBy, snapshot.Status)}");
        }

        output.Line();
        output.Line(DemoText.InShort);
        foreach (var summary in summaries)
        {
            output.Line(summary);
        }

        if (problems.Count == 0)
        {
            output.Line(DemoText.AllAsExpected);
        }
        else
        {
            output.Line(DemoText.NotAsExpected);
            foreach (var problem in problems)
            {
                output.Line($"  - {problem}");
            }

            output.Line(Localized.Format(DemoText.LogsStay, baseDir));
        }

        return problems;
    }

    /// <summary>
    /// Who was told of one report: node, member or duty roster, contact, language, channel, and under it the subject as the
    /// sink received it, so a reader sees each language's subject and that those of AMBER and above carry no title.
    /// </summary>
    public static IReadOnlyList<string> NotifiedLines(IReadOnlyList<NotifiedRow> rows)
    {
        if (rows.Count == 0)
        {
            return [DemoText.NobodyNotified];
        }

        var lines = new List<string> { Localized.Format(DemoText.NotifiedHeading, rows.Count) };
        foreach (var row in rows)
        {
            var language = row.Language switch
            {
                "ja" => DemoText.LanguageJapanese,
                "en" => DemoText.LanguageEnglish,
                _ => row.Language,
            };
            lines.Add(Localized.Format(DemoText.NotifiedLine, row.NodeId, row.MemberId ?? DemoText.DutyRoster, row.ContactName, language, row.Channel));
            lines.Add(row.Subject is { } subject
                ? $"          \"{subject}\""
                : Localized.Format(DemoText.NotifiedNoMessage, row.State, row.LastError.Length == 0 ? string.Empty : $" ({row.LastError})"));
        }

        return lines;
    }

    /// <summary>With --keep: where everything is, the API keys issued, and how to stop the nodes.</summary>
    public void Keep(DemoLayout layout, IReadOnlyList<RunningNode> nodes, IReadOnlyList<IssuedKey> keys, IReadOnlyList<SubmittedReport> items)
    {
        output.Line();
        output.Line(Localized.Format(DemoText.KeepsRunning, layout.BaseDir));
        output.Rows(
            [CommonText.Node, DemoText.PidHeader, DemoText.MemberApiHeader, DemoText.FederationHeader, CommonText.DataDirectory, DemoText.AdminSocketHeader],
            nodes.Select(n => new[]
            {
                n.Node.Id, n.Process.Pid.ToString(CultureInfo.InvariantCulture), n.Ready.MemberEndpoint, n.Ready.FederationEndpoint, n.DataDir, n.Ready.AdminSocket,
            }));
        output.Line(DemoText.ApiKeysIssued);
        output.Rows([CommonText.Member, CommonText.Node, DemoText.MemberApiHeader, DemoText.ApiKeyHeader], keys.Select(k => new[]
        {
            k.Member.MemberId, k.Member.NodeId, nodes.First(n => n.Node.Id == k.Member.NodeId).Ready.MemberEndpoint, k.ApiKey,
        }));

        var bank = nodes.First(n => n.Node.Id == DemoItems.ReporterNode);
        var council = nodes.First(n => n.Node.Id == "council");
        var nisc = nodes.First(n => n.Node.Id == "nisc");
        var reporterKey = keys.First(k => k.Member.MemberId == DemoItems.Reporter).ApiKey;
        output.Line(DemoText.TryWithAlias);
        output.Line(Localized.Format(DemoText.TryPeersList, council.DataDir));
        foreach (var item in items.Where(i => i.Tlp != Tlp.AmberStrict))
        {
            output.Line(Localized.Format(DemoText.TryItemsStatus, item.ItemId, bank.DataDir, Vocabulary.TlpLabel(item.Tlp)));
        }

        output.Line(Localized.Format(DemoText.TryItemsList, nisc.DataDir));
        if (items.FirstOrDefault(i => i.Tlp == Tlp.AmberStrict) is { } strict)
        {
            output.Line(Localized.Format(DemoText.TryItemsShow, strict.ItemId, council.DataDir));
        }

        // The member port serves no reflection (it would describe every service to anyone): grpcurl reads the .proto files.
        output.Line(Localized.Format(DemoText.TryGrpcurl, layout.RootCertificate, reporterKey, bank.Node.MemberListen));
        foreach (var web in nodes.Where(n => n.Ready.WebEndpoint is not null))
        {
            output.Line(Localized.Format(DemoText.TryWebConsole, web.Node.Id, web.Ready.WebEndpoint));
        }

        output.Line(Localized.Format(DemoText.ConsoleLogs, layout.BaseDir));
        output.Line(Localized.Format(DemoText.StopWith, string.Join(' ', nodes.Select(n => n.Process.Pid.ToString(CultureInfo.InvariantCulture))), layout.PidFile));
    }
}
