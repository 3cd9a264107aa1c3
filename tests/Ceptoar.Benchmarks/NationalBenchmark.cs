using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Federation.V1;
using Ceptoar.Testing;

namespace Ceptoar.Benchmarks;

/// <summary>
/// Issue 13's benchmark at national scale (docs/DRILLS.md): 27 node processes in the sample topology (the 18 CEPTOARs of
/// the 2014 roster, NISC, the Council, the five sector ministries, the crisis office, a disaster-management ministry),
/// each CEPTOAR with its 2014 member count times a scale, each member with a live Subscribe stream and one e-mail contact
/// on a real SMTP server in this process. A drill from NISC to the whole federation, then the same with the Council
/// SIGKILLed right after the start; every member acknowledges through the member API as soon as the drill arrives.
/// </summary>
internal static class NationalBenchmark
{
    /// <summary>The 2014 member counts themselves (4,091 members): the section runs in about two minutes on the project's 2-core machine.</summary>
    public const double DefaultScale = 1;

    private const string User = "national-notify";
    private const string Password = "benchmark-only password";
    private const string KilledHub = "council";
    private const int StartAtOnce = 3;

    /// <summary>How the federation was set up: nodes, members, the scale, how long starting and filling it took, memory then.</summary>
    /// <param name="PeakMiB">The highest VmHWM of a node process with every member added and every stream open, before any drill, and which node.</param>
    public sealed record Setup(int Nodes, int Ceptoars, int Members, double Scale, double StartSeconds, double MembersPerSecond, double PeakMiB, string PeakNode, double MedianPeakMiB);

    /// <param name="Cold">The first drill after the nodes started: the drill's code paths run for the first time (JIT, first SMTP connections).</param>
    /// <param name="RawSmtpPerSecond">A bare MailKit client's rate at the same kind of SMTP server, the better of a round before and after.</param>
    public sealed record Result(Setup Setup, NationalDrill.Figures Cold, NationalDrill.Figures BothHubs, NationalDrill.Figures HubKilled, double RawSmtpPerSecond);

    /// <summary>The members each CEPTOAR gets at a scale, in roster order (0 for a CEPTOAR still "planned" in 2014).</summary>
    public static IReadOnlyList<(RosterCeptoar Ceptoar, int Members)> MembersAt(double scale) =>
        [.. NationalFederation.Roster2014().Select(c => (c, NationalFederation.Scaled(c.Members, scale)))];

    public static async Task<Result> RunAsync(double scale)
    {
        var members = MembersAt(scale);
        var total = members.Sum(m => m.Members);
        using var dir = new TestDirectory();
        // The mail server has a certificate of its own root, which every node is told to trust (Notify:Smtp:TrustedRootFile).
        var mailPki = new TestFederation(dir.Combine("mail-pki"));
        using var certificate = RawPeer.TlsCertificateOf(mailPki.NodeCertificates("mail-relay"));
        var before = await RawSmtpAsync(certificate, mailPki, total);

        await using var sink = await SmtpSink.StartAsync(certificate, (User, Password));
        var passwordFile = dir.Combine("smtp-password");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var starting = Stopwatch.StartNew();
        var layout = NationalFederation.Layout2014();
        NationalDrill.Figures cold, bothHubs, hubKilled;
        Setup setup;
        await using (var cluster = await TestCluster.StartAsync(dir.Combine("federation"), layout, processes: true,
            (_, s) => Configure(s, sink.Port, passwordFile, mailPki.RootCertificatePath), startAtOnce: StartAtOnce))
        {
            var startSeconds = starting.Elapsed.TotalSeconds;
            Console.WriteLine($"national: {layout.Count} node processes started and peered in {startSeconds:N0} s; adding {total:N0} members (scale {scale:0.###})");
            var filling = Stopwatch.StartNew();
            var people = await AddMembersAsync(cluster, members);
            var membersPerSecond = total / filling.Elapsed.TotalSeconds;

            using var stop = new CancellationTokenSource();
            var feeds = people.ToDictionary(p => p.Key, p => new Subscribers(cluster[p.Key], p.Value.Keys, afterCursor: 0, stop.Token, AcknowledgeAsync));
            try
            {
                foreach (var feed in feeds.Values)
                {
                    await feed.WaitUntilOpenAsync(NationalDrill.Deadline);
                }

                var (peak, median) = NationalDrill.PeakMemory(cluster, killed: null);
                setup = new Setup(layout.Count, members.Count, total, scale, startSeconds, membersPerSecond, peak.PeakMiB, peak.Node, median);
                var drill = new NationalDrill(cluster, feeds, people.ToDictionary(p => p.Key, p => p.Value.Emails), sink);
                Console.WriteLine($"national: {total:N0} Subscribe streams open; drill 1 of 3 (the first since the nodes started)");
                cold = await drill.RunAsync("first drill (cold)", kill: null);
                Console.WriteLine("national: drill 2 of 3 (both hubs up)");
                bothHubs = await drill.RunAsync("both hubs up", kill: null);
                Console.WriteLine("national: drill 3 of 3 (the Council SIGKILLed right after the start)");
                hubKilled = await drill.RunAsync("Council killed at the start", kill: (NodeProcess)cluster[KilledHub]);
            }
            finally
            {
                await stop.CancelAsync();
                foreach (var feed in feeds.Values)
                {
                    await feed.StopAsync();
                    feed.Dispose();
                }
            }
        }

        var after = await RawSmtpAsync(certificate, mailPki, total);
        return new Result(setup, cold, bothHubs, hubKilled, Math.Max(before, after));
    }

    /// <summary>The member's reaction to what arrives: acknowledge it through the member API at once, with its own key.</summary>
    private static async Task AcknowledgeAsync(MemberService.MemberServiceClient client, Grpc.Core.Metadata headers, MemberItem item)
    {
        var answer = await client.AcknowledgeAsync(new AcknowledgeRequest { ItemId = item.Item.Id }, headers);
        if (answer.AlreadyAcknowledged)
        {
            throw new InvalidOperationException($"the node says a member had already acknowledged {item.Item.Id}, which it received only now: a drill must reach each member once");
        }
    }

    private static async Task<double> RawSmtpAsync(X509Certificate2 certificate, TestFederation mailPki, int messages)
    {
        await using var rawSink = await SmtpSink.StartAsync(certificate, (User, Password));
        return await RawSmtp.MessagesPerSecondAsync(rawSink, mailPki.RootCertificate, (User, Password), messages);
    }

    /// <summary>The members of one CEPTOAR as the benchmark added them: their API keys and their contacts' addresses.</summary>
    internal sealed record People(IReadOnlyList<string> Keys, IReadOnlySet<string> Emails);

    /// <summary>Each member through the admin API (member, API key, one e-mail contact), 16 calls at a time.</summary>
    private static async Task<Dictionary<string, People>> AddMembersAsync(TestCluster cluster, IReadOnlyList<(RosterCeptoar Ceptoar, int Members)> members)
    {
        var wanted = members.Where(m => m.Members > 0)
            .SelectMany(m => Enumerable.Range(1, m.Members).Select(i => (m.Ceptoar, MemberId: $"{m.Ceptoar.Id}-m{i:D4}")))
            .ToList();
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(wanted, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (m, _) =>
        {
            var node = cluster[m.Ceptoar.Id];
            var key = await node.AddMemberWithKeyAsync(m.MemberId, m.Ceptoar.Sector);
            await node.Admin.AddContactAsync(new AddContactRequest { MemberId = m.MemberId, Name = "SOC " + m.MemberId, Email = Email(m.MemberId), Language = "ja" });
            lock (keys)
            {
                keys[m.MemberId] = key;
            }
        });
        return wanted.GroupBy(m => m.Ceptoar.Id).ToDictionary(g => g.Key, g => new People(
            [.. g.Select(m => keys[m.MemberId])], g.Select(m => Email(m.MemberId)).ToHashSet(StringComparer.Ordinal)));
    }

    private static string Email(string memberId) => $"soc@{memberId}.example";

    /// <summary>E-mail to the in-process server as the notification benchmark sends it (STARTTLS, login), quiet logs.</summary>
    private static void Configure(Dictionary<string, string> settings, int smtpPort, string passwordFile, string rootFile)
    {
        settings["Notify:Smtp:Host"] = "127.0.0.1";
        settings["Notify:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture);
        settings["Notify:Smtp:Security"] = "StartTls";
        settings["Notify:Smtp:User"] = User;
        settings["Notify:Smtp:PasswordFile"] = passwordFile;
        settings["Notify:Smtp:From"] = $"CEPTOAR {settings["Node:Id"]} <notify@{settings["Node:Id"]}.example>";
        settings["Notify:Smtp:TrustedRootFile"] = rootFile;
        settings["Serilog:MinimumLevel:Default"] = "Error";
    }
}
