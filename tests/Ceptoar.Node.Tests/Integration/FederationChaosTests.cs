using System.Diagnostics;
using Ceptoar.Federation.V1;
using Grpc.Core;
using Xunit.Abstractions;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// Five node processes; members at all three secretariats submit a mix of labels and audiences (see
/// <see cref="ChaosItem"/>) while randomly chosen nodes, the submitting ones included, are killed with SIGKILL at random
/// moments and restarted. A submit that fails because its node died is repeated with the same client_request_id until
/// accepted. At the end: 0 items lost, 0 duplicates, 0 deliveries TLP forbids, at every node and in every member feed.
/// CEPTOAR_CHAOS_ITEMS, CEPTOAR_CHAOS_KILLS and CEPTOAR_CHAOS_SEED (printed on failure) set the run; tests/fault-harness
/// runs it alone with big numbers.
/// </summary>
[Trait("Category", "Fault")]
public sealed class FederationChaosTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly int Items = Setting("CEPTOAR_CHAOS_ITEMS", 2_000);
    private static readonly int Kills = Setting("CEPTOAR_CHAOS_KILLS", 3);
    private static readonly int Seed = Setting("CEPTOAR_CHAOS_SEED", 20_140_501);
    private static readonly TimeSpan SubmitPatience = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RetryBackoff = TimeSpan.FromMilliseconds(100);

    private readonly TestDirectory _dir = new();
    private Dictionary<ChaosMember, MemberService.MemberServiceClient> _clients = null!;
    private TestCluster _cluster = null!;

    private static string Replay => $"seed {Seed}: replay with CEPTOAR_CHAOS_SEED={Seed} CEPTOAR_CHAOS_ITEMS={Items} CEPTOAR_CHAOS_KILLS={Kills}";

    private static TimeSpan ConvergeDeadline => TimeSpan.FromSeconds(120 + (Items / 200.0));

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(_dir.Path, processes: true);
        _clients = await ChaosRoster.AddAsync(_cluster);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task RandomSigkillsDuringARelay_MixedLabelsAndAudiences_NothingLostDuplicatedOrDeliveredAgainstTlp()
    {
        var clock = Stopwatch.StartNew();
        var rng = new Random(Seed);
        var plan = ChaosRoster.Plan(Items, rng);
        var kills = Enumerable.Range(0, Kills).Select(_ => new Kill(rng.Next(Items), TestCluster.Hubs.Concat(TestCluster.Secretariats).ElementAt(rng.Next(5)), rng.Next(500), rng.Next(3_000)))
            .OrderBy(k => k.AtAccepted).ToArray();
        output.WriteLine($"chaos run: {Items} items, {Kills} kills, {Replay}");

        var submitting = new Submitting(plan.Length);
        var submit = SubmitAllAsync(plan, submitting);
        var chaos = KillAndRestartAsync(kills, submitting, submit);
        await Task.WhenAll(submit, chaos);
        var submitted = clock.Elapsed;

        var tally = new ChaosTally();
        await tally.CompareClusterAsync(_cluster, plan, submitting.ItemIds, _clients, ConvergeDeadline);

        var summary = $"CHAOS items={Items} kills={Kills} seed={Seed} submit={submitted.TotalSeconds:0.0}s total={clock.Elapsed.TotalSeconds:0.0}s " +
            $"retried-submits={submitting.Retries} answers-recovered-by-idempotency={submitting.Recovered} kill-log=[{string.Join("; ", kills.Select(k => k.ToString()))}] " +
            tally.Summary;
        output.WriteLine(summary);
        Assert.True(tally.Clean, $"{summary}\n{string.Join("\n", tally.Findings)}\n{Replay}");
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value >= 0 ? value : fallback;

    private async Task SubmitAllAsync(ChaosItem[] plan, Submitting submitting)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < plan.Length)
            {
                var item = plan[i];
                submitting.Accept(i, await SubmitUntilAcceptedAsync(_clients[item.Submitter], Drafts.Request(item.Draft(), item.ClientRequestId(Seed)), submitting));
            }
        })));
    }

    /// <summary>The idempotency contract: the same client_request_id until the node answers; a lost answer comes back as duplicate.</summary>
    private static async Task<string> SubmitUntilAcceptedAsync(MemberService.MemberServiceClient member, SubmitRequest request, Submitting submitting)
    {
        var patience = Stopwatch.StartNew();
        var tries = 0;
        while (true)
        {
            try
            {
                var response = await member.SubmitAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));
                Assert.True(response.Status == "accepted", $"{request.ClientRequestId}: {response.Status}");
                submitting.Answered(tries, response.Duplicate);
                return response.ItemId;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Cancelled or StatusCode.Unknown or StatusCode.Internal or StatusCode.DeadlineExceeded
                && patience.Elapsed < SubmitPatience)
            {
                // The node is down or died mid-call: back off as a member's client would, then ask again with the same id.
                tries++;
                await Task.Delay(RetryBackoff);
            }
        }
    }

    private async Task KillAndRestartAsync(Kill[] kills, Submitting submitting, Task submit)
    {
        foreach (var kill in kills)
        {
            await Until.TrueAsync(() => Task.FromResult(submitting.Accepted >= kill.AtAccepted || submit.IsCompleted), TimeSpan.FromMinutes(30),
                $"{kill.AtAccepted} items accepted before kill of {kill.Victim}");
            var victim = (NodeProcess)_cluster[kill.Victim];
            // A random moment, not a synchronisation: the kill lands wherever the node happens to be.
            await Task.Delay(kill.DelayMs);
            await victim.KillAsync();
            await Task.Delay(kill.DownMs);
            await victim.RestartAsync();
        }
    }

    private sealed record Kill(int AtAccepted, string Victim, int DelayMs, int DownMs)
    {
        public override string ToString() => $"{Victim} at {AtAccepted} +{DelayMs} ms, down {DownMs} ms";
    }

    /// <summary>Accepted item ids by plan index, and how the submits went.</summary>
    private sealed class Submitting(int count)
    {
        private readonly string[] _ids = new string[count];
        private int _accepted;
        private int _retries;
        private int _recovered;

        public int Accepted => Volatile.Read(ref _accepted);

        public int Retries => Volatile.Read(ref _retries);

        public int Recovered => Volatile.Read(ref _recovered);

        public string[] ItemIds => _ids;

        public void Accept(int index, string itemId)
        {
            _ids[index] = itemId;
            Interlocked.Increment(ref _accepted);
        }

        public void Answered(int retries, bool duplicate)
        {
            Interlocked.Add(ref _retries, retries);
            if (duplicate)
            {
                Interlocked.Increment(ref _recovered);
            }
        }
    }
}
