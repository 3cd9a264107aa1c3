using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Ceptoar.Federation.V1;
using Ceptoar.Testing;

namespace Ceptoar.Benchmarks;

/// <summary>
/// The exchange formats at scale (docs/INTERCHANGE.md): a node holding many GREEN items (pushed by a played bank-ceptoar
/// over the federation, as a real node would receive them) and one member. Each figure stands beside the member API's
/// List doing the same work in the same run: all items exported as STIX against all items listed; one TAXII page of 1,000
/// objects against one List page of the items that TAXII page covered.
/// </summary>
internal static class InterchangeBenchmark
{
    private const string Member = "tepco";
    private const int ListPage = 500;
    private const int ExportChunk = 1_000;
    private const int TaxiiLimit = 1_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    /// <param name="ListPerSecond">Items per second through member List, pages of 500, the whole store.</param>
    /// <param name="StixPerSecond">Items per second through member Export (STIX), 1,000 ids a call, the whole store.</param>
    /// <param name="MispPerSecond">The same through member Export (MISP).</param>
    /// <param name="TaxiiP50">One TAXII objects page of 1,000 objects (following next), p50 ms.</param>
    /// <param name="TaxiiP99">The same, p99 ms.</param>
    /// <param name="ItemsPerTaxiiPage">Items a TAXII page of 1,000 objects covered (mean).</param>
    /// <param name="ListP50">One member List page of the same number of items, p50 ms.</param>
    /// <param name="ListP99">The same, p99 ms.</param>
    public sealed record Result(
        int Items, double ListPerSecond, double StixPerSecond, double MispPerSecond, int TaxiiPages, double TaxiiP50, double TaxiiP99, double ItemsPerTaxiiPage, double ListP50, double ListP99);

    public static async Task<Result> RunAsync(int items, int pages)
    {
        using var dir = new TestDirectory();
        var federation = new TestFederation(dir.Combine("pki"));
        var sender = PlayedSecretariat.Load(federation, ThreeNodes.Bank, "finance");
        await using var node = await TestNode.StartAsync(federation, ThreeNodes.Electricity, dir.Combine("electricity"), s => ThreeNodes.Configure(s, "secretariat", "electricity"));
        await node.Admin.AddPeerAsync(new AddPeerRequest { NodeId = ThreeNodes.Bank, Endpoint = HubRelayBenchmark.ClosedEndpoint() });
        using (var channel = sender.ChannelTo(node.Ready.FederationEndpoint!, ThreeNodes.Electricity))
        {
            var client = new FederationService.FederationServiceClient(channel);
            await HubRelayBenchmark.GreetAsync(client, sender, ThreeNodes.Electricity, []);
            await HubRelayBenchmark.PushAsync(client, sender.SignGreenItems(items, "Interchange benchmark"), DeliveryOutcome.Accepted, window: 4, firstBatchId: 1);
        }

        await Until.TrueAsync(async () => (await node.Admin.GetStatusAsync(new GetStatusRequest())).Items >= (ulong)items, Deadline, $"electricity-ceptoar holds the {items} items");
        var key = await node.AddMemberWithKeyAsync(Member, "electricity");
        var member = node.Member(key);

        // Warm both paths once (JIT, SQLite page cache), unmeasured.
        var ids = await ListAllAsync(member);
        await ExportAllAsync(member, ids, InterchangeFormat.Stix);

        var listed = Stopwatch.StartNew();
        ids = await ListAllAsync(member);
        var listSeconds = listed.Elapsed.TotalSeconds;
        if (ids.Count != items || ids.Distinct(StringComparer.Ordinal).Count() != items)
        {
            throw new InvalidOperationException($"member List showed {ids.Count} items where {items} were due once each: the figures are void");
        }

        var stix = Stopwatch.StartNew();
        var stixItems = await ExportAllAsync(member, ids, InterchangeFormat.Stix);
        var stixSeconds = stix.Elapsed.TotalSeconds;
        var misp = Stopwatch.StartNew();
        var mispItems = await ExportAllAsync(member, ids, InterchangeFormat.Misp);
        var mispSeconds = misp.Elapsed.TotalSeconds;
        if (stixItems != items || mispItems != items)
        {
            throw new InvalidOperationException($"Export answered {stixItems} (STIX) and {mispItems} (MISP) items where {items} were asked: the figures are void");
        }

        var (taxii, covered) = await TaxiiPagesAsync(node, key, pages);
        var perPage = (int)Math.Round(covered.Average());
        var list = await ListPagesAsync(member, perPage, pages);
        return new Result(items, items / listSeconds, items / stixSeconds, items / mispSeconds, taxii.Length,
            MemberSubmitBenchmark.Percentile(taxii, 0.50), MemberSubmitBenchmark.Percentile(taxii, 0.99), covered.Average(),
            MemberSubmitBenchmark.Percentile(list, 0.50), MemberSubmitBenchmark.Percentile(list, 0.99));
    }

    private static async Task<List<string>> ListAllAsync(MemberService.MemberServiceClient member)
    {
        var ids = new List<string>();
        var token = "";
        do
        {
            var page = await member.ListAsync(new ListItemsRequest { PageSize = ListPage, PageToken = token });
            ids.AddRange(page.Items.Select(i => i.Item.Id));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return ids;
    }

    private static async Task<int> ExportAllAsync(MemberService.MemberServiceClient member, List<string> ids, InterchangeFormat format)
    {
        var exported = 0;
        foreach (var chunk in ids.Chunk(ExportChunk))
        {
            var document = await member.ExportAsync(new ExportRequest { Format = format, ItemIds = { chunk } });
            exported += (int)document.Items;
        }

        return exported;
    }

    /// <summary>Consecutive TAXII pages of 1,000 objects of the member's feed collection: each page's time, and how many items it covered.</summary>
    private static async Task<(double[] Ms, List<int> Items)> TaxiiPagesAsync(TestNode node, string key, int pages)
    {
        using var http = new HttpClient(Clients.TlsHandler(node.Root))
        {
            BaseAddress = new Uri(node.Ready.MemberEndpoint!),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Accept.ParseAdd("application/taxii+json;version=2.1");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var root = $"/taxii2/{node.Ready.NodeId}/";
        var collections = JsonNode.Parse(await http.GetStringAsync(root + "collections/"))!["collections"]!.AsArray();
        var feed = (string)collections.Single(c => (bool)c!["can_read"]!)!["id"]!;

        var times = new List<double>();
        var covered = new List<int>();
        string? next = null;
        // One unmeasured page first (JIT), then the measured run of consecutive pages.
        for (var i = 0; i <= pages; i++)
        {
            var url = $"{root}collections/{feed}/objects/?limit={TaxiiLimit}" + (next is null ? "" : "&next=" + Uri.EscapeDataString(next));
            var started = Stopwatch.GetTimestamp();
            var body = JsonNode.Parse(await http.GetStringAsync(url))!;
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var objects = body["objects"]!.AsArray();
            if (i > 0)
            {
                times.Add(ms);
                covered.Add(objects.Count(o => (string)o!["type"]! == "report"));
            }

            if (!(bool)body["more"]!)
            {
                break;
            }

            next = (string)body["next"]!;
        }

        return ([.. times.Order()], covered);
    }

    /// <summary>Consecutive member List pages of <paramref name="size"/> items: each page's time.</summary>
    private static async Task<double[]> ListPagesAsync(MemberService.MemberServiceClient member, int size, int pages)
    {
        var times = new List<double>();
        var token = "";
        for (var i = 0; i <= pages && (i == 0 || token.Length > 0); i++)
        {
            var started = Stopwatch.GetTimestamp();
            var page = await member.ListAsync(new ListItemsRequest { PageSize = (uint)Math.Clamp(size, 1, ListPage), PageToken = token });
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (i > 0)
            {
                times.Add(ms);
            }

            token = page.NextPageToken;
        }

        return [.. times.Order()];
    }
}
