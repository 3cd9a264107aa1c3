using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ceptoar.Node.Tests.Monitoring;

/// <summary>
/// The metrics move with the traffic (docs/OPERATIONS.md §4): three real nodes scraped before and after known traffic
/// (<see cref="MetricsTraffic"/>); the expected numbers are those of the traffic the fixture made.
/// </summary>
public sealed partial class MetricsTests(MetricsTraffic traffic) : IClassFixture<MetricsTraffic>
{
    private const string Bank = MetricsTraffic.Bank;
    private const string Hub = MetricsTraffic.Hub;
    private const string Electricity = MetricsTraffic.Electricity;

    [Fact]
    public void Metrics_BankSubmitsThreeAndIsRefusedOnce_SubmittedAndRejectedMoveByThat()
    {
        Assert.Equal(2, Delta(Bank, "ceptoar_items_submitted_total", ("tlp", "GREEN")));
        Assert.Equal(1, Delta(Bank, "ceptoar_items_submitted_total", ("tlp", "AMBER+STRICT")));
        Assert.Equal(3, Delta(Bank, "ceptoar_items_submitted_total"));
        Assert.Equal(1, Delta(Bank, "ceptoar_items_rejected_total", ("reason", "FIELD_INVALID"), ("tlp", "GREEN")));
        Assert.Equal(1, Delta(Bank, "ceptoar_items_rejected_total"));
        // The three reports were decided by the built-in default (no rule is configured); the refused one never reached the rules.
        Assert.Equal(3, Delta(Bank, "ceptoar_rules_hits_total", ("rule", "tlp-default")));
        // bank is the origin: nothing came back to it as an item.
        Assert.Equal(0, Delta(Bank, "ceptoar_items_received_total"));
    }

    [Fact]
    public void Metrics_WholeFederationReportsThroughTheHub_ReceivedAndRelayedWhereTheyWent()
    {
        // The council is addressed (the whole federation) and passes each report on to electricity.
        Assert.Equal(2, Delta(Hub, "ceptoar_items_received_total", ("tlp", "GREEN")));
        Assert.Equal(2, Delta(Hub, "ceptoar_items_relayed_total", ("tlp", "GREEN")));
        Assert.Equal(3, Delta(Hub, "ceptoar_rules_hits_total", ("rule", "tlp-default")));
        Assert.Equal(0, Delta(Hub, "ceptoar_items_submitted_total"));
        // Electricity is addressed and the end of the path.
        Assert.Equal(2, Delta(Electricity, "ceptoar_items_received_total", ("tlp", "GREEN")));
        Assert.Equal(0, Delta(Electricity, "ceptoar_items_relayed_total"));
        Assert.Equal(0, Delta(Electricity, "ceptoar_items_rejected_total"));
    }

    [Fact]
    public void Metrics_AmberStrictToTheCouncil_CountedOnlyWhereEntitled()
    {
        // Who may hold the AMBER+STRICT report, as the test states it: the council (named in the audience) and the origin.
        var entitled = new Dictionary<string, bool> { [Hub] = true, [Electricity] = false };
        foreach (var (node, holds) in entitled)
        {
            Assert.Equal(holds ? 1 : 0, Delta(node, "ceptoar_items_received_total", ("tlp", "AMBER+STRICT")));
            Assert.Equal(0, Delta(node, "ceptoar_items_relayed_total", ("tlp", "AMBER+STRICT")));
        }

        // Its title is in no scrape anywhere, whoever holds it.
        Assert.All(traffic.After.Values, s => Assert.DoesNotContain("Okapi-9933", s.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Metrics_WrongKeysAtEachDoor_RefusalsByDoorAndReason()
    {
        Assert.Equal(1, Delta(Bank, "ceptoar_auth_refusals_total", ("door", "member_grpc"), ("reason", "API_KEY_UNKNOWN")));
        Assert.Equal(1, Delta(Bank, "ceptoar_auth_refusals_total", ("door", "member_rest"), ("reason", "API_KEY_UNKNOWN")));
        Assert.Equal(1, Delta(Bank, "ceptoar_auth_refusals_total", ("door", "taxii"), ("reason", "API_KEY_MISSING")));
        Assert.Equal(1, Delta(Bank, "ceptoar_auth_refusals_total", ("door", "federation"), ("reason", "PEER_NOT_CONFIGURED")));
        Assert.Equal(4, Delta(Bank, "ceptoar_auth_refusals_total"));
        Assert.Equal(0, Delta(Hub, "ceptoar_auth_refusals_total"));
    }

    [Fact]
    public void Metrics_BatchesAcknowledgedAndCommitted_HistogramsCountThem()
    {
        // At least one batch carried the reports to the council (two may share one); each took some time.
        Assert.True(Delta(Bank, "ceptoar_federation_batch_ack_duration_seconds_count", ("peer", Hub)) >= 1);
        Assert.True(Delta(Bank, "ceptoar_federation_batch_ack_duration_seconds_sum", ("peer", Hub)) > 0);
        // Each histogram's +Inf bucket holds every observation.
        Assert.Equal(
            traffic.After[Bank].Value("ceptoar_federation_batch_ack_duration_seconds_count", ("peer", Hub)),
            traffic.After[Bank].Value("ceptoar_federation_batch_ack_duration_seconds_bucket", ("peer", Hub), ("le", "+Inf")));
        // Two members added, a key each, two reports stored, a refusal audited: at least six writes committed at bank.
        Assert.True(Delta(Bank, "ceptoar_writer_commit_duration_seconds_count") >= 1);
        Assert.True(Delta(Bank, "ceptoar_writer_commit_duration_seconds_sum") > 0);
        Assert.True(traffic.After[Bank].Has("ceptoar_writer_queue_length"));
    }

    [Fact]
    public void Metrics_MemberStreamOpenThenClosed_CountedWhileOpenAndCaughtUp()
    {
        Assert.Equal(0, traffic.Before[Electricity].Value("ceptoar_streams_open", ("door", "member_grpc")));
        Assert.Equal(1, traffic.After[Electricity].Value("ceptoar_streams_open", ("door", "member_grpc")));
        Assert.Equal(0, traffic.Closed.Value("ceptoar_streams_open", ("door", "member_grpc")));
        // The federation streams stay as they were: the council has one from each secretariat.
        Assert.Equal(2, traffic.After[Hub].Value("ceptoar_streams_open", ("door", "federation")));
        Assert.Equal(0, traffic.After[Electricity].Value("ceptoar_member_feed_lag"));
        Assert.Equal(0, traffic.After[Hub].Value("ceptoar_outbox_depth", ("peer", Electricity)));
        Assert.Equal(0, traffic.After[Bank].Value("ceptoar_notifications_pending"));
    }

    [Fact]
    public void Metrics_DistinctiveTitlesNamesAndKeys_AppearInNoScrape()
    {
        string[] secrets =
        [
            MetricsTraffic.TitleOne, MetricsTraffic.TitleTwo, MetricsTraffic.TitleStrict, "Okapi-99", MetricsTraffic.BankMember, MetricsTraffic.ElectricityMember, "okapi-zebra", "quokka-ibis",
            MetricsTraffic.WrongKey, "Narwhal5512", "株式会社", "Ltd.", "Credential-stuffing", "203.0.113.7", .. traffic.Keys,
        ];
        var scrapes = traffic.After.Values.Concat(traffic.Before.Values).Append(traffic.Closed).Select(s => s.Text).ToList();

        foreach (var secret in secrets)
        {
            Assert.All(scrapes, text => Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase));
        }

        // Every label value is one of a few stable vocabularies (the peers are node ids, which are public).
        string[] allowedKeys = ["tlp", "reason", "door", "rule", "peer", "le", "otel_scope_name", "otel_scope_version", "otel_scope_schema_url", "job", "instance"];
        foreach (var sample in traffic.After.Values.SelectMany(s => s.Samples).Where(s => s.Name != "target_info"))
        {
            Assert.All(sample.Labels.Keys, key => Assert.Contains(key, allowedKeys));
        }

        // target_info names the program, the node and the SDK only.
        var target = Assert.Single(traffic.After[Bank].Samples, s => s.Name == "target_info");
        Assert.Equal("ceptoar-node", target.Labels["service_name"]);
        Assert.Equal(Bank, target.Labels["service_instance_id"]);
        string[] targetKeys = ["service_name", "service_instance_id", "telemetry_sdk_name", "telemetry_sdk_language", "telemetry_sdk_version"];
        Assert.Equal(targetKeys.Order(StringComparer.Ordinal), target.Labels.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Dashboard_MetricsOfARealScrape_EachInAPanelAndEachPanelMetricExported()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "deploy", "grafana", "ceptoar-node.json")));
        var exprs = Panels(dashboard.RootElement)
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();
        var used = exprs.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        var scrapes = traffic.After.Values.Append(traffic.Closed).ToList();
        var families = scrapes.SelectMany(s => s.Families).Where(f => f.Key != "target_info").DistinctBy(f => f.Key, StringComparer.Ordinal).ToList();
        var samples = scrapes.SelectMany(s => s.Samples).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        // The traffic reached every instrument: fourteen families (docs/OPERATIONS.md §4).
        Assert.Equal(14, families.Count);
        foreach (var (family, type) in families)
        {
            string[] names = type == "histogram" ? [family + "_bucket", family + "_sum", family + "_count"] : [family];
            Assert.True(names.Any(used.Contains), $"no panel of the dashboard queries {family} ({type})");
        }

        foreach (var metric in used)
        {
            Assert.True(samples.Contains(metric), $"the dashboard queries {metric}, which no scrape holds");
        }

        // The datasource is a variable, so the dashboard imports into any Grafana.
        Assert.Contains(dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray(),
            v => v.GetProperty("type").GetString() == "datasource" && v.GetProperty("query").GetString() == "prometheus");
        Assert.All(Panels(dashboard.RootElement), p => Assert.Equal("${datasource}", p.GetProperty("datasource").GetProperty("uid").GetString()));
    }

    private static IEnumerable<JsonElement> Panels(JsonElement dashboard) =>
        dashboard.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Federation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Federation.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("\\bceptoar_[a-z0-9_]+")]
    private static partial Regex MetricName();

    private double Delta(string node, string name, params (string Label, string Value)[] labels) =>
        traffic.After[node].Value(name, labels) - traffic.Before[node].Value(name, labels);
}
