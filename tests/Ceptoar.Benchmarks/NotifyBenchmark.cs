using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Federation.V1;
using Ceptoar.Testing;
using Grpc.Core;

namespace Ceptoar.Benchmarks;

/// <summary>
/// Notifications at one node (docs/NOTIFICATIONS.md §6): one GREEN item reaches every member of a node whose members have
/// two e-mail contacts each, timed from its submit answer until a real SMTP server in this process has accepted every
/// message, beside the same server's rate for a bare MailKit client. Then the member feed's latency of the same kind of
/// item, one at a time: before the contacts exist; with them, each item's notifications all sent and recorded before the
/// next item (the sender idle when an item comes); and with them, items back to back while the sender works through the earlier ones.
/// </summary>
internal static class NotifyBenchmark
{
    public const int ContactsPerMember = 2;
    private const string NodeId = "bank-ceptoar";
    private const string User = "bank-ceptoar-notify";
    private const string Password = "benchmark-only password";
    private const int WarmUpItems = 10;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Submit start → the item on one member's Subscribe stream, in milliseconds, one item at a time; SubmitP50/P99 are the
    /// Submit call alone (checks, signing, the commit with the item's notification plans).
    /// </summary>
    public sealed record Latency(int Items, double P50, double P99, double SubmitP50, double SubmitP99);

    /// <param name="Seconds">From the submit answer until the SMTP server had accepted the last of the item's messages (looked at every 50 ms).</param>
    /// <param name="RawPerSecond">
    /// The same kind of server's rate for a bare MailKit client sending as many messages over one connection: the better
    /// of a round before the node starts and one after it stopped (the machine is shared; one round may meet a busy spell).
    /// </param>
    /// <param name="ContactsPerSecond">E-mail contacts added through the admin API, 16 calls at a time.</param>
    /// <param name="SenderIdle">With contacts, each item's notifications all accepted before the next item is submitted.</param>
    /// <param name="SenderBusy">With contacts, each item submitted as soon as the previous one arrived, the sender still sending.</param>
    public sealed record Result(int Members, int Messages, double Seconds, double RawPerSecond, double ContactsPerSecond, Latency Without, Latency SenderIdle, Latency SenderBusy)
    {
        public double PerSecond => Messages / Seconds;
    }

    /// <param name="idleItems">Items of the sender-idle latency: each waits for its notifications, so they cost seconds each.</param>
    public static async Task<Result> RunAsync(int members, int latencyItems, int idleItems)
    {
        using var dir = new TestDirectory();
        var federation = new TestFederation(dir.Combine("pki"));
        using var certificate = RawPeer.TlsCertificateOf(federation.NodeCertificates("mail-relay"));
        var messages = members * ContactsPerMember;
        var before = await RawAsync(certificate, federation, messages);
        var result = await AtNodeAsync(dir, federation, certificate, members, latencyItems, idleItems, before);
        var after = await RawAsync(certificate, federation, messages);
        return result with { RawPerSecond = Math.Max(before, after) };
    }

    private static async Task<double> RawAsync(X509Certificate2 certificate, TestFederation federation, int messages)
    {
        await using var rawSink = await SmtpSink.StartAsync(certificate, (User, Password));
        return await RawSmtp.MessagesPerSecondAsync(rawSink, federation.RootCertificate, (User, Password), messages);
    }

    /// <summary>Everything measured at the node, with its own SMTP server; the raw rate given is kept in the result as it is.</summary>
    private static async Task<Result> AtNodeAsync(TestDirectory dir, TestFederation federation, X509Certificate2 certificate, int members, int latencyItems, int idleItems, double raw)
    {
        var messages = members * ContactsPerMember;
        await using var sink = await SmtpSink.StartAsync(certificate, (User, Password));
        var passwordFile = dir.Combine("smtp-password");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var node = await TestNode.StartAsync(federation, NodeId, dir.Combine("data"),
            s => Configure(s, sink.Port, passwordFile, federation.RootCertificatePath));
        var submitter = node.Member(await node.AddMemberWithKeyAsync("submitting-bank"));
        var readerKey = await node.AddMemberWithKeyAsync("reading-bank");
        var memberIds = Enumerable.Range(0, members).Select(i => $"bank-{i:D5}").ToArray();
        await Parallel.ForEachAsync(memberIds, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
            await node.Admin.AddMemberAsync(new AddMemberRequest { MemberId = id, NameEn = id + " Ltd.", NameJa = id + "株式会社", Sector = "finance" }));

        using var stop = new CancellationTokenSource();
        var feed = new Feed();
        var reading = feed.ReadAsync(node.Member(readerKey), stop.Token);
        try
        {
            await feed.Opened.Task.WaitAsync(Deadline);
            await LatencyAsync(submitter, feed, reading, WarmUpItems, "Warm-up", drain: null);
            var without = await LatencyAsync(submitter, feed, reading, latencyItems, "Without notifications", drain: null);

            // The items so far are settled before anyone exists to tell: contacts are read when an item's plan is expanded,
            // just after its commit, and `notify status` expands what is due (docs/NOTIFICATIONS.md §6).
            await node.Admin.GetNotifyStatusAsync(new GetNotifyStatusRequest { OutboxOnly = true, Limit = 1 });
            var adding = Stopwatch.StartNew();
            var addresses = await AddContactsAsync(node, memberIds);
            var contactsPerSecond = addresses.Count / adding.Elapsed.TotalSeconds;

            var (seconds, itemId) = await DeliverAsync(submitter, sink, messages);
            feed.Submitted.Add(itemId);
            RequireEachOnce(sink, [itemId], addresses);

            List<string> notified = [itemId];
            var idle = await LatencyAsync(submitter, feed, reading, idleItems, "Sender idle", async idleItem =>
            {
                notified.Add(idleItem);
                await Until.TrueAsync(() => Task.FromResult(sink.Received.Count >= notified.Count * messages), Deadline,
                    $"the SMTP server accepted the {messages} notifications of item {idleItem}; check Notify:Smtp and `notify outbox`");
                // Idle means done: every send also recorded at the node, so the next item's commit does not queue behind the last marks.
                await Until.TrueAsync(async () => (await node.Admin.GetNotifyStatusAsync(new GetNotifyStatusRequest { OutboxOnly = true, Limit = 1 })).Notifications.Count == 0,
                    Deadline, $"the node recorded the {messages} notifications of item {idleItem} as sent; check `notify outbox`");
            });
            RequireEachOnce(sink, notified, addresses);
            var busy = await LatencyAsync(submitter, feed, reading, latencyItems, "Sender busy", drain: null);
            feed.RequireExactlySubmitted();
            return new Result(members, messages, seconds, raw, contactsPerSecond, without, idle, busy);
        }
        finally
        {
            await stop.CancelAsync();
            await reading;
        }
    }

    /// <summary>E-mail to the in-process server (STARTTLS, login, the test root trusted), quiet logs.</summary>
    private static void Configure(Dictionary<string, string> settings, int smtpPort, string passwordFile, string rootFile)
    {
        settings["Notify:Smtp:Host"] = "127.0.0.1";
        settings["Notify:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture);
        settings["Notify:Smtp:Security"] = "StartTls";
        settings["Notify:Smtp:User"] = User;
        settings["Notify:Smtp:PasswordFile"] = passwordFile;
        settings["Notify:Smtp:From"] = "全国銀行協会 CEPTOAR <notify@bank-ceptoar.example>";
        settings["Notify:Smtp:TrustedRootFile"] = rootFile;
        settings["Serilog:MinimumLevel:Default"] = "Error";
    }

    /// <summary>Two e-mail contacts per member (one Japanese, one English) through the admin API; returns every address.</summary>
    private static async Task<IReadOnlySet<string>> AddContactsAsync(TestNode node, string[] memberIds)
    {
        var contacts = memberIds.SelectMany(id => new[] { (Member: id, Email: $"soc@{id}.example", Language: "ja"), (Member: id, Email: $"cio@{id}.example", Language: "en") }).ToArray();
        await Parallel.ForEachAsync(contacts, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (c, _) =>
            await node.Admin.AddContactAsync(new AddContactRequest { MemberId = c.Member, Name = "SOC " + c.Member, Email = c.Email, Language = c.Language }));
        return contacts.Select(c => c.Email).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Submits one GREEN item and waits until the server holds as many messages as expected; seconds from the submit answer.</summary>
    private static async Task<(double Seconds, string ItemId)> DeliverAsync(MemberService.MemberServiceClient submitter, SmtpSink sink, int messages)
    {
        var itemId = await SubmitAsync(submitter, "Notified to every member");
        var answered = Stopwatch.GetTimestamp();
        await Until.TrueAsync(() => Task.FromResult(sink.Received.Count >= messages), Deadline,
            $"the SMTP server accepted the {messages} notifications of item {itemId}; check Notify:Smtp and `notify outbox`");
        return (Stopwatch.GetElapsedTime(answered).TotalSeconds, itemId);
    }

    /// <summary>Every contact got exactly one message about each of the items, and nobody got any other.</summary>
    private static void RequireEachOnce(SmtpSink sink, IReadOnlyList<string> itemIds, IReadOnlySet<string> addresses)
    {
        var received = sink.Received;
        var byItem = received
            .GroupBy(m => m.Message.Headers["X-Ceptoar-Item"] ?? "(none)", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(m => m.Recipients).ToList(), StringComparer.Ordinal);
        var wrong = itemIds.Where(id => !byItem.TryGetValue(id, out var to) || to.Count != addresses.Count || !addresses.SetEquals(to)).ToList();
        var others = byItem.Keys.Except(itemIds, StringComparer.Ordinal).ToList();
        if (wrong.Count > 0 || others.Count > 0)
        {
            throw new InvalidOperationException(
                $"the SMTP server holds {received.Count} messages about {byItem.Count} items where each of the {addresses.Count} contacts was due one about each of {itemIds.Count} items: " +
                $"{wrong.Count} items reached the wrong recipients or some twice, {others.Count} unexpected items were mailed; the notification figures are void");
        }
    }

    /// <summary>
    /// Submits items one at a time, each after the previous reached the reader's stream (and, with <paramref name="drain"/>,
    /// after that waited too); percentiles of submit start → received.
    /// </summary>
    private static async Task<Latency> LatencyAsync(MemberService.MemberServiceClient submitter, Feed feed, Task reading, int items, string title, Func<string, Task>? drain)
    {
        var latencies = new double[items];
        var submits = new double[items];
        for (var i = 0; i < items; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var itemId = await SubmitAsync(submitter, $"{title} {i}");
            submits[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            feed.Submitted.Add(itemId);
            var arrival = feed.Arrival(itemId);
            try
            {
                await Task.WhenAny(arrival, reading).WaitAsync(Deadline);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"item {itemId} did not reach the reader's Subscribe stream within {Deadline.TotalSeconds:0} s: a GREEN item submitted by one member is due to every other member");
            }

            if (!arrival.IsCompleted)
            {
                throw new InvalidOperationException($"the reader's Subscribe stream ended before item {itemId} arrived: {reading.Exception?.GetBaseException().Message ?? "the node closed it"}");
            }

            latencies[i] = Stopwatch.GetElapsedTime(started, await arrival).TotalMilliseconds;
            if (drain is not null)
            {
                await drain(itemId);
            }
        }

        Array.Sort(latencies);
        Array.Sort(submits);
        return new Latency(items, MemberSubmitBenchmark.Percentile(latencies, 0.50), MemberSubmitBenchmark.Percentile(latencies, 0.99),
            MemberSubmitBenchmark.Percentile(submits, 0.50), MemberSubmitBenchmark.Percentile(submits, 0.99));
    }

    private static async Task<string> SubmitAsync(MemberService.MemberServiceClient submitter, string title)
    {
        var answer = await submitter.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, title)));
        if (answer.Status != "accepted" || answer.Duplicate)
        {
            throw new InvalidOperationException($"{NodeId} answered {answer.Status} (duplicate: {answer.Duplicate}) to a fresh GREEN report; it should accept it and share it with its members");
        }

        return answer.ItemId;
    }

    /// <summary>One member's Subscribe stream: when each item arrived, and every item that arrived more than once.</summary>
    private sealed class Feed
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _arrivals = new(StringComparer.Ordinal);
        private int _repeats;

        public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentBag<string> Submitted { get; } = [];

        /// <summary>Completes with the arrival's timestamp when the item arrives (or has arrived).</summary>
        public Task<long> Arrival(string itemId) => Slot(itemId).Task;

        public async Task ReadAsync(MemberService.MemberServiceClient reader, CancellationToken stop)
        {
            using var stream = reader.Subscribe(new SubscribeRequest(), cancellationToken: stop);
            try
            {
                // The node sends headers once the subscription is registered, before any item.
                await stream.ResponseHeadersAsync;
                Opened.TrySetResult();
                while (await stream.ResponseStream.MoveNext(stop))
                {
                    if (!Slot(stream.ResponseStream.Current.Item.Id).TrySetResult(Stopwatch.GetTimestamp()))
                    {
                        Interlocked.Increment(ref _repeats);
                    }
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && stop.IsCancellationRequested)
            {
                // The benchmark ended the subscription.
            }
        }

        /// <summary>Every submitted item arrived exactly once, and nothing else arrived.</summary>
        public void RequireExactlySubmitted()
        {
            var expected = Submitted.ToHashSet(StringComparer.Ordinal);
            var arrived = _arrivals.Where(a => a.Value.Task.IsCompleted).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
            if (_repeats > 0 || !arrived.SetEquals(expected))
            {
                throw new InvalidOperationException(
                    $"the reader received {_repeats} items twice and {arrived.Count(a => !expected.Contains(a))} items the latency loops did not submit " +
                    $"({arrived.Count} distinct for {expected.Count} submitted): a member feed must carry each item exactly once; the latency figures are void");
            }
        }

        private TaskCompletionSource<long> Slot(string itemId) =>
            _arrivals.GetOrAdd(itemId, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
