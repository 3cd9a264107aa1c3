using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Members;
using Ceptoar.Node.Tests.Notifications;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.Modes;

/// <summary>
/// The mode switch across a real federation (docs/MODES.md §4): NISC's signed change reaches every node, which switches,
/// audits it, shows it in status and directory and tells its duty roster by e-mail, with no admin action there; switching
/// back likewise, and items submitted around both switches all arrive. A mode change signed by any node not certified as
/// NISC is refused by every node it reaches and switches nothing anywhere.
/// </summary>
public sealed class ModeFederationTests(NotifyTestPki pki) : IClassFixture<NotifyTestPki>, IAsyncLifetime
{
    private static readonly string[] Everyone = ["council", "nisc", "bank-ceptoar", "electricity-ceptoar", "local-gov-ceptoar"];
    private readonly TestDirectory _dir = new();
    private SmtpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await SmtpSink.StartAsync(pki.ServerCertificate, (NotifyTestPki.User, NotifyTestPki.Password));

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task SetMode_AtNisc_EveryNodeSwitchesAuditsAndTellsItsDutyRoster_SwitchBackToo_NothingInFlightLost()
    {
        await using var cluster = await TestCluster.StartAsync(_dir.Path, processes: false, (_, settings) => NotifyNodes.Configure(settings, pki, _sink.Port));
        foreach (var id in Everyone)
        {
            // Japanese at the hubs, English at the secretariats: each duty roster is told in its own language.
            await NotifyNodes.AddEmailAsync(cluster[id], null, "Duty", $"duty@{id}.example", id is "council" or "nisc" ? "ja" : "en");
        }

        var key = await cluster["bank-ceptoar"].AddMemberWithKeyAsync("mizuho-bank");
        var nisc = cluster["nisc"];

        var before = SubmitManyAsync(cluster, key, "before-large-scale", 15);
        var switched = await nisc.Admin.SetModeAsync(new SetModeRequest
        {
            Mode = FederationMode.LargeScale, ScopeSectors = { "finance", "electricity" }, Reason = "Nationwide payment outage", ReportEveryMinutes = 30,
            StaffName = "niscduty", ClientRequestId = "switch-1",
        });
        var inFlight = await before;

        Assert.Equal(FederationMode.LargeScale, switched.Mode);
        foreach (var id in Everyone)
        {
            await StatusUntilAsync(cluster[id], s => s.Mode == FederationMode.LargeScale && s.ModePeriodId == switched.ItemId, "large-scale");
            var status = await cluster[id].Admin.GetStatusAsync(new GetStatusRequest());
            Assert.Equal(["finance", "electricity"], status.ModeScopeSectors);
            Assert.Equal(30u, status.ModeReportEveryMinutes);
            var directory = await cluster[id].Admin.GetDirectoryAsync(new GetDirectoryRequest());
            Assert.Equal(FederationMode.LargeScale, directory.Mode);
            Assert.Equal(switched.ItemId, directory.ModePeriodId);
            var audit = await cluster[id].Admin.ListAuditAsync(new ListAuditRequest { Action = "mode.change" });
            var entry = Assert.Single(audit.Entries);
            Assert.Equal((switched.ItemId, "switched"), (entry.Subject, entry.Outcome));
        }

        var large = await MailsAsync(["【大規模IT障害モード】", "[LARGE-SCALE MODE]"], "large-scale notices");
        Assert.StartsWith("【大規模IT障害モード】 [TLP:GREEN]", large["duty@nisc.example"].Subject, StringComparison.Ordinal);
        Assert.StartsWith("【大規模IT障害モード】 [TLP:GREEN]", large["duty@council.example"].Subject, StringComparison.Ordinal);
        Assert.StartsWith("[LARGE-SCALE MODE] [TLP:GREEN]", large["duty@electricity-ceptoar.example"].Subject, StringComparison.Ordinal);
        Assert.Contains("Nationwide payment outage", large["duty@local-gov-ceptoar.example"].TextBody, StringComparison.Ordinal);

        var during = SubmitManyAsync(cluster, key, "around-normal", 15);
        var back = await nisc.Admin.SetModeAsync(new SetModeRequest { Mode = FederationMode.Normal, Reason = "Payments restored", StaffName = "niscduty", ClientRequestId = "switch-2" });
        inFlight = [.. inFlight, .. await during];

        foreach (var id in Everyone)
        {
            await StatusUntilAsync(cluster[id], s => s.Mode == FederationMode.Normal && s.ModeSince is not null, "normal");
            var mode = await cluster[id].Admin.GetModeAsync(new GetModeRequest());
            var period = Assert.Single(mode.Periods);
            Assert.Equal((switched.ItemId, back.ItemId, "Payments restored"), (period.PeriodId, period.EndedBy, period.EndReason));
        }

        var normal = await MailsAsync(["【平常モード】", "[NORMAL MODE]"], "normal notices");
        Assert.StartsWith("【平常モード】 [TLP:GREEN]", normal["duty@council.example"].Subject, StringComparison.Ordinal);
        Assert.StartsWith("[NORMAL MODE] [TLP:GREEN]", normal["duty@bank-ceptoar.example"].Subject, StringComparison.Ordinal);

        // Every item submitted while the mode switched reached its recipient.
        var electricity = cluster["electricity-ceptoar"];
        await Until.TrueAsync(async () =>
        {
            var held = await electricity.Admin.ListItemsAsync(new AdminListItemsRequest { OriginNode = "bank-ceptoar", PageSize = 100 });
            return inFlight.All(id => held.Items.Any(i => i.ItemId == id));
        }, NotifyNodes.Deadline, "every item submitted around the switches at electricity-ceptoar");
    }

    [Theory]
    [InlineData("council", new[] { "nisc", "bank-ceptoar", "electricity-ceptoar", "local-gov-ceptoar" })]
    [InlineData("bank-ceptoar", new[] { "council", "nisc" })]
    public async Task ModeChange_SignedByANodeNotCertifiedAsNisc_RefusedByEveryNode_NothingSwitches(string forger, string[] refusers)
    {
        await using var cluster = await TestCluster.StartAsync(_dir.Path, processes: false);
        var origin = (TestNode)cluster[forger];
        var options = origin.Services.GetRequiredService<NodeOptions>();
        var now = DateTimeOffset.UtcNow;
        var item = NodeMadeItems.Operational(forger, now, Timestamp.FromDateTimeOffset(now.AddDays(1)), ItemKind.ModeChange, Tlp.Green,
            new Audience { WholeFederation = true }, new Body { Title = "Switch to large-scale", Summary = "forged" });
        item.ModeChange = new ModeChange { Mode = FederationMode.LargeScale, Reason = "forged", ReportEveryMinutes = 60 };

        // Signed by the forger's own node key through its own intake, as a compromised or mistaken node would.
        var submitted = await origin.Services.GetRequiredService<SubmissionService>()
            .SubmitNodeItemAsync(Submitter.Staff("mallory", options), "forged-1", item, f => f, CancellationToken.None);

        await Until.TrueAsync(async () =>
        {
            var audit = await origin.Admin.ListAuditAsync(new ListAuditRequest { Action = "item.rejected-by-peer", Limit = 1000 });
            var rejecting = audit.Entries.Where(e => e.Subject == submitted.ItemId).Select(e => e.Actor).ToHashSet();
            return refusers.All(r => rejecting.Contains("peer:" + r));
        }, NotifyNodes.Deadline, $"every peer of {forger} refused the forged change");
        var reasons = (await origin.Admin.ListAuditAsync(new ListAuditRequest { Action = "item.rejected-by-peer", Limit = 1000 })).Entries
            .Where(e => e.Subject == submitted.ItemId).Select(e => e.Detail).ToList();
        Assert.All(reasons, r => Assert.Contains("not certified as NISC", r, StringComparison.Ordinal));

        foreach (var id in Everyone)
        {
            var status = await cluster[id].Admin.GetStatusAsync(new GetStatusRequest());
            Assert.Equal(FederationMode.Normal, status.Mode);
            Assert.Empty((await cluster[id].Admin.GetModeAsync(new GetModeRequest())).Periods);
            if (id != forger)
            {
                var listed = await cluster[id].Admin.ListItemsAsync(new AdminListItemsRequest { Kinds = { ItemKind.ModeChange } });
                Assert.Empty(listed.Items);
            }
        }
    }

    private static async Task<string[]> SubmitManyAsync(TestCluster cluster, string key, string prefix, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var draft = Drafts.Incident(Tlp.Green, $"{prefix} {i}");
            draft.Audience = new Audience { Sectors = { "electricity" } };
            ids.Add((await cluster["bank-ceptoar"].Member(key).SubmitAsync(Drafts.Request(draft))).ItemId);
        }

        return [.. ids];
    }

    private static Task StatusUntilAsync(RunningNode node, Func<NodeStatus, bool> condition, string what) =>
        Until.TrueAsync(async () => condition(await node.Admin.GetStatusAsync(new GetStatusRequest())), NotifyNodes.Deadline, $"{node.Ready.NodeId} {what}");

    /// <summary>The mails whose subject starts with one of <paramref name="prefixes"/>, by recipient, once every node's duty roster has one (and no more).</summary>
    private async Task<Dictionary<string, MimeKit.MimeMessage>> MailsAsync(string[] prefixes, string what)
    {
        List<ReceivedMail> Matching() => [.. _sink.Received.Where(m => prefixes.Any(p => (m.Message.Subject ?? "").StartsWith(p, StringComparison.Ordinal)))];
        await Until.TrueAsync(() => Task.FromResult(Matching().Count >= Everyone.Length), NotifyNodes.Deadline, what);
        var mails = Matching();
        Assert.Equal(Everyone.Length, mails.Count);
        return mails.ToDictionary(m => m.Recipients.Single(), m => m.Message, StringComparer.Ordinal);
    }
}
