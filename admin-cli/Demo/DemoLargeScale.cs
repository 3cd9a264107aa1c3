using System.Diagnostics;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Modes;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.AdminCli.Demo;

/// <summary>
/// `demo --scenario large-scale` (docs/MODES.md §7): the secretariats' standing copies, NISC's switch to large-scale mode,
/// damage and response-status reports going up to NISC, the sector's ministry and the disaster-management ministry, a
/// terror-suspected AMBER report reaching the Cabinet crisis office and no one else who is not entitled, the status
/// board, and the switch back with the board kept as the period's report.
/// </summary>
internal sealed class DemoLargeScale(DemoScenario scenario, IReadOnlyList<DemoNode> nodes, DemoMailSink sink, CliOutput output)
{
    /// <summary>Who may read the terror-suspected AMBER report, as the demo states it: its origin and the recipients the rule copies it to.</summary>
    public static readonly IReadOnlySet<string> TerrorReaders = new HashSet<string>(StringComparer.Ordinal) { "bank-ceptoar", "nisc", "fsa", "cao-disaster", "cas-crisis" };

    /// <summary>Nodes that may hold the AMBER report as ciphertext only: the hub that relays but is not addressed.</summary>
    public static readonly IReadOnlySet<string> TerrorRelays = new HashSet<string>(StringComparer.Ordinal) { "council" };

    private static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(30);

    // The admin calls a failure message names, as typed on the command line.
    private const string ModeSetLargeScale = "mode set large-scale";
    private const string ModeSetNormal = "mode set normal";
    private const string RulesImport = "rules import";
    private const string StatusBoardCall = "status board";

    private int _problems;

    /// <summary>Plays the scenario; the number of ways the federation did not behave as stated.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await ImportRulesAsync(cancellationToken);
        var nisc = scenario.Node("nisc");
        output.Line();
        output.Line(DemoText.LargeSwitching);
        var switched = await DemoCalls.AdminAsync(nisc, ModeSetLargeScale, async () => await nisc.Admin.SetModeAsync(new SetModeRequest
        {
            Mode = FederationMode.LargeScale, ReportEveryMinutes = 60, StaffName = "nisc-demo", ClientRequestId = "demo-mode-" + Guid.NewGuid().ToString("N"),
            Reason = DemoItems.LargeScaleReason,
        }, deadline: nisc.Deadline, cancellationToken: cancellationToken));
        var periodId = switched.Current?.PeriodId ?? switched.ChangeId;
        await WaitForModeAsync(FederationMode.LargeScale, cancellationToken);

        var damage = await SubmitAsync("mizuho-bank", DemoText.LargeDamageCaption, Draft(ItemKind.DamageReport, Tlp.Green, new Audience { Sectors = { "finance" } },
            DemoItems.DamageTitle, Severity.High), cancellationToken);
        var status = await SubmitAsync("tepco", DemoText.LargeStatusCaption, Draft(ItemKind.ResponseStatus, Tlp.Green, new Audience { Sectors = { "electricity" } },
            DemoItems.StatusTitle, Severity.Medium), cancellationToken);
        var terrorDraft = Draft(ItemKind.DamageReport, Tlp.Amber, new Audience { Nodes = { "bank-ceptoar" } },
            DemoItems.TerrorTitle, Severity.Extreme);
        terrorDraft.SuspectedTerrorism = true;
        terrorDraft.AcceptCopies = true;
        var terror = await SubmitAsync("mufg-bank", DemoText.LargeTerrorCaption, terrorDraft, cancellationToken);

        await CheckWhoReadsAsync(damage.ItemId, status.ItemId, terror.ItemId, cancellationToken);
        string[] bankReports = [damage.ItemId, terror.ItemId];
        await ShowBoardAsync(nisc, "", bankReports, status.ItemId, cancellationToken);

        output.Line();
        output.Line(DemoText.LargeSwitchingBack);
        var back = await DemoCalls.AdminAsync(nisc, ModeSetNormal, async () => await nisc.Admin.SetModeAsync(new SetModeRequest
        {
            Mode = FederationMode.Normal, StaffName = "nisc-demo", ClientRequestId = "demo-mode-" + Guid.NewGuid().ToString("N"),
            Reason = DemoItems.BackToNormalReason,
        }, deadline: nisc.Deadline, cancellationToken: cancellationToken));
        await WaitForModeAsync(FederationMode.Normal, cancellationToken);
        output.Line(DemoText.LargeBoardKept);
        await ShowBoardAsync(nisc, periodId, bankReports, status.ItemId, cancellationToken);
        var modeMails = sink.Received.Count(m => m.ItemId == switched.ItemId || m.ItemId == back.ItemId);
        output.Line(Localized.Format(DemoText.LargeModeMails, modeMails));
        output.Line(_problems == 0 ? DemoText.LargeAllAsStated : Localized.Format(DemoText.LargeProblems, _problems));
        return _problems;
    }

    private async Task ImportRulesAsync(CancellationToken cancellationToken)
    {
        output.Line();
        output.Line(DemoText.LargeRules);
        foreach (var line in DemoItems.LargeScaleRules.Split('\n'))
        {
            output.Line("  " + line.TrimEnd());
        }

        foreach (var node in nodes.Where(n => n.Role == NodeRole.Secretariat))
        {
            var running = scenario.Node(node.Id);
            await DemoCalls.AdminAsync(running, RulesImport, async () =>
                await running.Admin.ImportRulesAsync(new ImportRulesRequest { Text = DemoItems.LargeScaleRules }, deadline: running.Deadline, cancellationToken: cancellationToken));
        }
    }

    private static ItemDraft Draft(ItemKind kind, Tlp tlp, Audience audience, string title, Severity severity) => new()
    {
        Kind = kind, Tlp = tlp, Language = "ja", Audience = audience,
        Handling = new HandlingPolicy { Attribution = Attribution.MustNot },
        Body = new Body
        {
            Title = title, Summary = title, Severity = severity,
            How = new How { Status = HandlingStatus.Recovering },
            Why = new Why { ThreatType = kind == ItemKind.ResponseStatus ? "environmental.power-outage" : "attack.denial-of-service" },
        },
    };

    private async Task<SubmitResponse> SubmitAsync(string memberId, string caption, ItemDraft draft, CancellationToken cancellationToken)
    {
        var response = await scenario.SubmitAsync(memberId, "demo-large-" + Guid.NewGuid().ToString("N"), draft, cancellationToken);
        output.Line(Localized.Format(DemoText.LargeSubmitted, caption, memberId, response.ItemId));
        output.Line(Localized.Format(DemoText.LargeAddressed, string.Join(", ", response.AddressedNodes), response.Copies.Count == 0 ? "-" : string.Join(", ", response.Copies)));
        foreach (var refused in response.RefusedCopies)
        {
            output.Line(Localized.Format(DemoText.LargeCopyRefused, refused.Target, refused.Reason));
        }

        return response;
    }

    /// <summary>Waits until every node holds the mode, printing when each did.</summary>
    private async Task WaitForModeAsync(FederationMode mode, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pending = nodes.Select(n => n.Id).ToList();
        while (pending.Count > 0 && clock.Elapsed < SettleDeadline)
        {
            foreach (var id in pending.ToList())
            {
                var node = scenario.Node(id);
                var state = await DemoCalls.AdminAsync(node, "status", async () =>
                    await node.Admin.GetStatusAsync(new GetStatusRequest(), deadline: node.Deadline, cancellationToken: cancellationToken));
                if (state.Mode == mode)
                {
                    pending.Remove(id);
                    output.Line(Localized.Format(DemoText.LargeNodeSwitched, id, ModeCommands.Name(mode), clock.Elapsed.TotalSeconds));
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        foreach (var id in pending)
        {
            _problems++;
            output.Line(Localized.Format(DemoText.LargeNodeNotSwitched, id, ModeCommands.Name(mode), SettleDeadline.TotalSeconds));
        }
    }

    /// <summary>
    /// Where each report can be read. The damage report and the response status must reach NISC, the sector's ministry and
    /// the disaster-management ministry; the terror-suspected AMBER report exactly <see cref="TerrorReaders"/>, ciphertext at
    /// most at <see cref="TerrorRelays"/>, nothing anywhere else, and no member of another node.
    /// </summary>
    private async Task CheckWhoReadsAsync(string damageId, string statusId, string terrorId, CancellationToken cancellationToken)
    {
        var mustRead = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            [damageId] = ["nisc", "fsa", "cao-disaster"],
            [statusId] = ["nisc", "meti", "cao-disaster"],
            [terrorId] = [.. TerrorReaders],
        };
        var clock = Stopwatch.StartNew();
        Dictionary<string, Dictionary<string, bool>> held;
        do
        {
            held = await HeldAsync([damageId, statusId, terrorId], cancellationToken);
            if (mustRead.All(kv => kv.Value.All(n => held[n].TryGetValue(kv.Key, out var sealedOnly) && !sealedOnly)) || clock.Elapsed >= SettleDeadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
        while (true);

        output.Line();
        output.Line(Localized.Format(DemoText.LargeWhereRead, clock.Elapsed.TotalSeconds));
        output.Rows(
            [DemoText.LargeNodeHeader, DemoText.LargeDamageHeader, DemoText.LargeStatusHeader, DemoText.LargeTerrorHeader],
            nodes.Select(n => (IReadOnlyList<string?>)[n.Id, Cell(held[n.Id], damageId), Cell(held[n.Id], statusId), Cell(held[n.Id], terrorId)]));

        foreach (var (itemId, readers) in mustRead)
        {
            foreach (var node in readers.Where(n => !held[n].TryGetValue(itemId, out var sealedOnly) || sealedOnly))
            {
                _problems++;
                output.Line(Localized.Format(DemoText.LargeNotRead, node, itemId));
            }
        }

        foreach (var node in nodes.Where(n => !TerrorReaders.Contains(n.Id) && held[n.Id].TryGetValue(terrorId, out var sealedOnly) && (!sealedOnly || !TerrorRelays.Contains(n.Id))))
        {
            _problems++;
            output.Line(Localized.Format(DemoText.LargeLeak, node.Id, terrorId));
        }

        foreach (var member in DemoItems.Members.Where(m => m.NodeId != "bank-ceptoar"))
        {
            if ((await scenario.FeedAsync(member, cancellationToken)).Contains(terrorId))
            {
                _problems++;
                output.Line(Localized.Format(DemoText.LargeLeak, member.MemberId, terrorId));
            }
        }
    }

    private static string Cell(Dictionary<string, bool> held, string itemId) =>
        !held.TryGetValue(itemId, out var sealedOnly) ? "-" : sealedOnly ? DemoText.LargeCiphertext : DemoText.LargeReadable;

    /// <summary>Per node, the given items it stores: true when it holds only the sealed copy.</summary>
    private async Task<Dictionary<string, Dictionary<string, bool>>> HeldAsync(IReadOnlyList<string> itemIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, Dictionary<string, bool>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var running = scenario.Node(node.Id);
            var here = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var itemId in itemIds)
            {
                try
                {
                    var item = await running.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = itemId }, deadline: running.Deadline, cancellationToken: cancellationToken);
                    here[itemId] = item.Summary?.Sealed == true;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    // Not held here.
                }
            }

            result[node.Id] = here;
        }

        return result;
    }

    private async Task ShowBoardAsync(RunningNode nisc, string periodId, IReadOnlyList<string> bankReports, string statusId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        StatusBoard board;
        do
        {
            board = await DemoCalls.AdminAsync(nisc, StatusBoardCall, async () =>
                await nisc.Admin.GetStatusBoardAsync(new GetStatusBoardRequest { PeriodId = periodId }, deadline: nisc.Deadline, cancellationToken: cancellationToken));
            if (OnBoard(board, bankReports, statusId) || clock.Elapsed >= SettleDeadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
        while (true);

        output.Line();
        StatusBoardCommand.Write(output, board, json: false);
        if (!OnBoard(board, bankReports, statusId))
        {
            _problems++;
            output.Line(DemoText.LargeBoardMissing);
        }
    }

    /// <summary>The bank's latest damage report is one of those sent, and electricity's response status is the one sent.</summary>
    private static bool OnBoard(StatusBoard board, IReadOnlyList<string> bankReports, string statusId) =>
        board.Rows.Any(r => r.NodeId == "bank-ceptoar" && bankReports.Contains(r.DamageReport?.ItemId ?? ""))
        && board.Rows.Any(r => r.NodeId == "electricity-ceptoar" && r.ResponseStatus?.ItemId == statusId);
}
