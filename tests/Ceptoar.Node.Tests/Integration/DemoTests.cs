using System.Globalization;
using System.Text;
using Ceptoar.AdminCli;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// The demo is the only test on the sample federation's fixed ports (7443–7452, 7301–7310; every other test listens on
/// port 0), and it starts ten node processes: it runs alone, after the parallel tests, so nothing else competes for
/// those ports or for the CPU while its delivery settles.
/// </summary>
[CollectionDefinition(nameof(DemoCollection), DisableParallelization = true)]
public sealed class DemoCollection;

/// <summary>`ceptoar-admin demo` end to end: ten real node processes, real mutual TLS, the report a secretariat admin reads.</summary>
[Collection(nameof(DemoCollection))]
public sealed class DemoTests(DemoRunFixture run) : IClassFixture<DemoRunFixture>
{
    [Fact]
    public void Demo_SampleFederation_ExitsZeroSayingEveryReportWentWhereItsLabelAllows()
    {
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Diagnostics($"the demo exited with {run.ExitCode}"));
        Assert.True(
            run.Output.Contains("Every report reached exactly the nodes and members its TLP label allows, and every recipient sent its receipt.", StringComparison.Ordinal),
            run.Diagnostics("no success line"));
        Assert.DoesNotContain("UNEXPECTED", run.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public void Demo_Green_ReachesEveryNodeAndAllSecretariatsMembersWithReceiptsAndAnAcknowledgement()
    {
        var line = run.SummaryLine("TLP:GREEN ");

        Assert.Contains("readable at every node", line, StringComparison.Ordinal);
        Assert.Contains("every other member of every secretariat sees it: mufg-bank, tepco and tokyo-metropolis", line, StringComparison.Ordinal);
        // Every node but the origin: the hubs, the other two secretariats, the two ministries and the three other actors.
        Assert.Contains("9 of 9 recipients sent a delivered receipt, 1 also acknowledged", line, StringComparison.Ordinal);
        Assert.Contains("(TLP:GREEN): delivered to 9 of 9 nodes, acknowledged by 1, 0 rejected", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_Amber_OnlyElectricityReadsItAndTheHubsHoldCiphertextOnly()
    {
        var line = run.SummaryLine("TLP:AMBER ");

        // To the electricity sector: its CEPTOAR; METI serves the sector as its ministry but is not addressed by the sector
        // (docs/MODES.md §1): an AMBER report reaches a ministry only when the reporter names it or consents to a copy.
        Assert.Contains("readable only at electricity-ceptoar and its origin", line, StringComparison.Ordinal);
        Assert.Contains("the hubs nisc and council hold ciphertext only", line, StringComparison.Ordinal);
        Assert.Contains("no member sees it but its reporter mizuho-bank", line, StringComparison.Ordinal);
        Assert.Contains("1 of 1 recipient sent a delivered receipt", line, StringComparison.Ordinal);
        Assert.Contains(
            "(TLP:AMBER): delivered to 1 of 1 node, acknowledged by 0, 0 rejected; relayed by 2 hubs that are not recipients (council, nisc)",
            run.Output,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_AmberStrict_OnlyTheCouncilReadsItAndNoMemberSeesIt()
    {
        var line = run.SummaryLine("TLP:AMBER+STRICT ");

        Assert.Contains("readable only at council and its origin", line, StringComparison.Ordinal);
        Assert.DoesNotContain("ciphertext", line, StringComparison.Ordinal);
        Assert.Contains("no member sees it but its reporter mizuho-bank", line, StringComparison.Ordinal);
        Assert.Contains("1 of 1 recipient sent a delivered receipt", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_Contacts_TheReporterNodeShowsEveryNodesSampleContactsFromTheirDescriptors()
    {
        const string Heading = "How to reach each node's people, as bank-ceptoar knows it from their signed descriptors";
        var start = run.Output.IndexOf(Heading, StringComparison.Ordinal);
        Assert.True(start >= 0, run.Diagnostics("no contacts table"));
        var table = run.Output[start..];

        // Emergency numbers and addresses of certs-sample/<node>.node.json: the node's own, and those learned through the hubs.
        foreach (var contact in new[]
        {
            "03-0000-0199", "090-0000-0299", "emergency@local-gov-ceptoar.example.jp", "03-0000-0499", "03-0000-0599",
            "03-0000-0699", "03-0000-0799", "03-0000-0899", "03-0000-0999", "emergency@npa.example.jp",
        })
        {
            Assert.Contains(contact, table, StringComparison.Ordinal);
        }

        Assert.Contains("Mobile: 090-0000-0201", table, StringComparison.Ordinal);
        Assert.Contains("Hours: 24/7", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_GreenNotifications_EveryContactEntitledIsToldInTheirOwnLanguage()
    {
        var section = run.ReportSection(1);

        // Who may be told of a GREEN report to the whole federation: every member's contact but the reporter's, and every
        // node's duty roster (docs/NOTIFICATIONS.md §6); each subject in the contact's language, the title included (§1).
        const string Ja = "\"[TLP:GREEN] 障害・攻撃情報（重大度: 中）: インターネットバンキングへのリスト型攻撃の急増";
        const string En = "\"[TLP:GREEN] Incident and attack information (severity: medium): インターネットバンキングへのリスト型攻撃の急増";
        (string Who, string Subject)[] expected =
        [
            ("nisc / duty roster / NISC duty officer (sample) (English, email)", En),
            ("council / duty roster / セプターカウンシル事務局 当番（サンプル） (Japanese, email)", Ja),
            ("bank-ceptoar / mufg-bank / 三菱UFJ銀行 CSIRT 山田 太郎（サンプル） (Japanese, email)", Ja),
            ("bank-ceptoar / mufg-bank / MUFG Bank CSIRT, Alex Smith (sample) (English, email)", En),
            ("bank-ceptoar / duty roster / 銀行等セプター事務局 当番（サンプル） (Japanese, email)", Ja),
            ("electricity-ceptoar / tepco / 東京電力PG SOC 佐藤 花子（サンプル） (Japanese, email)", Ja),
            ("electricity-ceptoar / tepco / TEPCO PG SOC, Jordan Lee (sample) (English, email)", En),
            ("electricity-ceptoar / duty roster / Electricity CEPTOAR duty officer (sample) (English, email)", En),
            ("local-gov-ceptoar / tokyo-metropolis / 東京都 情報セキュリティ担当 鈴木 一郎（サンプル） (Japanese, email)", Ja),
            ("local-gov-ceptoar / duty roster / 自治体セプター事務局 当番（サンプル） (Japanese, email)", Ja),
        ];

        Assert.Contains("Who was notified (10; each subject as the mail sink received it):", section, StringComparison.Ordinal);
        foreach (var (who, subject) in expected)
        {
            Assert.StartsWith(subject, run.SubjectReceivedBy(section, who), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Demo_AmberNotifications_OnlyTheSecretariatsAreToldAndNoSubjectCarriesTheTitle()
    {
        var amber = run.ReportSection(2);
        var strict = run.ReportSection(3);
        var amberId = ItemIdOf(amber);
        var strictId = ItemIdOf(strict);

        // AMBER and above: label, kind, severity, the node to read it at and the item id; never the title (docs/NOTIFICATIONS.md §1).
        Assert.Contains("Who was notified (2; each subject as the mail sink received it):", amber, StringComparison.Ordinal);
        Assert.Equal(
            $"\"[TLP:AMBER] 障害・攻撃情報（重大度: 高）: 銀行等セプター で閲覧してください（項目 {amberId}）\"",
            run.SubjectReceivedBy(amber, "bank-ceptoar / duty roster / 銀行等セプター事務局 当番（サンプル） (Japanese, email)"));
        Assert.Equal(
            $"\"[TLP:AMBER] Incident and attack information (severity: high) at Electric Power CEPTOAR, item {amberId}\"",
            run.SubjectReceivedBy(amber, "electricity-ceptoar / duty roster / Electricity CEPTOAR duty officer (sample) (English, email)"));

        Assert.Contains("Who was notified (2; each subject as the mail sink received it):", strict, StringComparison.Ordinal);
        Assert.Equal(
            $"\"[TLP:AMBER+STRICT] 障害・攻撃情報（重大度: 高）: セプターカウンシル で閲覧してください（項目 {strictId}）\"",
            run.SubjectReceivedBy(strict, "council / duty roster / セプターカウンシル事務局 当番（サンプル） (Japanese, email)"));
        Assert.Equal(
            $"\"[TLP:AMBER+STRICT] 障害・攻撃情報（重大度: 高）: 銀行等セプター で閲覧してください（項目 {strictId}）\"",
            run.SubjectReceivedBy(strict, "bank-ceptoar / duty roster / 銀行等セプター事務局 当番（サンプル） (Japanese, email)"));
    }

    [Fact]
    public void Demo_Notifications_TheReporterIsNotToldOfItsOwnReportsAndEveryMessageArrived()
    {
        var reports = string.Join('\n', run.ReportSection(1), run.ReportSection(2), run.ReportSection(3));

        Assert.DoesNotContain("みずほ銀行 CSIRT 田中 次郎", reports, StringComparison.Ordinal);
        Assert.DoesNotContain("no message received", reports, StringComparison.Ordinal);
        Assert.Contains("the mail sink received 14 notification e-mails.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_AfterTheRun_NoNodeProcessIsLeftRunning()
    {
        Assert.True(run.LeftRunning.Count == 0, run.Diagnostics($"node processes still running: {string.Join(", ", run.LeftRunning)}"));
        Assert.Contains("Stopping the nodes…", run.Output, StringComparison.Ordinal);
    }

    private static string ItemIdOf(string section)
    {
        var line = section.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("item ", StringComparison.Ordinal) && l.Contains(", submitted by ", StringComparison.Ordinal));
        Assert.NotNull(line);
        return line["item ".Length..line.IndexOf(',', StringComparison.Ordinal)];
    }
}

/// <summary>
/// Runs the demo once for <see cref="DemoTests"/>, in a fresh base directory, with the node program built beside the tests.
/// Teardown kills any node process of that directory that is still alive, whatever went wrong, then deletes it.
/// </summary>
public class DemoRunFixture : IAsyncLifetime
{
    private const int LogTailLines = 15;

    private readonly TestDirectory _dir = new();

    public int ExitCode { get; private set; } = -1;

    public string Output { get; private set; } = string.Empty;

    public string Error { get; private set; } = string.Empty;

    /// <summary>Node processes of this run still alive after the demo returned (it should have stopped them all).</summary>
    public IReadOnlyList<int> LeftRunning { get; private set; } = [];

    private string BaseDir => _dir.Combine("demo");

    /// <summary>Arguments after the demo's own: which scenario to play (none = the default).</summary>
    protected virtual IReadOnlyList<string> Scenario => [];

    public async Task InitializeAsync()
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        try
        {
            ExitCode = await CliApp.RunAsync(
                ["demo", "--base-dir", BaseDir, "--node", Path.Combine(AppContext.BaseDirectory, "ceptoar-node.dll"), .. Scenario],
                output,
                error);
        }
        finally
        {
            Output = output.ToString();
            Error = error.ToString();
            LeftRunning = NodePids();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var pid in NodePids())
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
                await process.WaitForExitAsync();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // It exited between the scan and the kill.
            }
        }

        _dir.Dispose();
    }

    /// <summary>The "In short" line of the report for one label.</summary>
    public string SummaryLine(string labelColumn)
    {
        var lines = Output.Split('\n').Select(l => l.TrimEnd('\r'));
        var summary = lines.SkipWhile(l => l != "In short:").Skip(1).FirstOrDefault(l => l.StartsWith("  " + labelColumn, StringComparison.Ordinal));
        Assert.True(summary is not null, Diagnostics($"no summary line for {labelColumn.Trim()}"));
        return summary;
    }

    /// <summary>The report of the demo's <paramref name="number"/>th item, from its "[n/3]" heading to the next report or "In short:".</summary>
    public string ReportSection(int number)
    {
        var start = Output.IndexOf(string.Create(CultureInfo.InvariantCulture, $"[{number}/3] "), StringComparison.Ordinal);
        Assert.True(start >= 0, Diagnostics($"no report [{number}/3]"));
        var next = Output.IndexOf(string.Create(CultureInfo.InvariantCulture, $"[{number + 1}/3] "), start, StringComparison.Ordinal);
        var end = next >= 0 ? next : Output.IndexOf("In short:", start, StringComparison.Ordinal);
        return end >= 0 ? Output[start..end] : Output[start..];
    }

    /// <summary>The subject line printed under a "node / member / contact (language, channel)" line of a report section.</summary>
    public string SubjectReceivedBy(string section, string who)
    {
        var lines = section.Split('\n').Select(l => l.Trim()).ToList();
        var index = lines.IndexOf(who);
        Assert.True(index >= 0 && index + 1 < lines.Count, Diagnostics($"nobody notified as '{who}'"));
        return lines[index + 1];
    }

    /// <summary>What to read when an assertion fails: the demo's output and the end of each node's console log.</summary>
    public string Diagnostics(string what)
    {
        var text = new StringBuilder().AppendLine(what).AppendLine("--- stdout").AppendLine(Output).AppendLine("--- stderr").AppendLine(Error);
        if (Directory.Exists(BaseDir))
        {
            foreach (var log in Directory.EnumerateFiles(BaseDir, "*.console.log").Order(StringComparer.Ordinal))
            {
                var lines = File.ReadAllLines(log);
                text.AppendLine(CultureInfo.InvariantCulture, $"--- {Path.GetFileName(log)} (last {LogTailLines} lines)");
                foreach (var line in lines[Math.Max(0, lines.Length - LogTailLines)..])
                {
                    text.AppendLine(line);
                }
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The live processes started with a data directory under this run's base directory: only this run's nodes can match,
    /// since the base directory is fresh. Found through /proc so that a node whose pid the demo never reported is found too.
    /// </summary>
    private List<int> NodePids()
    {
        var marker = "--Node:DataDir=" + BaseDir + Path.DirectorySeparatorChar;
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (arguments.Any(a => a.StartsWith(marker, StringComparison.Ordinal)))
                {
                    pids.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process exited while being read.
            }
        }

        return pids;
    }
}
