using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Members;
using Ceptoar.Node.Modes;
using Ceptoar.Node.Tests.Notifications;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.Modes;

/// <summary>
/// Mode changes out of order and twice, on a real federation (docs/MODES.md §4): the newest signed time wins wherever
/// the changes arrive in another order, and a change applied again changes nothing.
/// </summary>
public sealed class ModeOrderTests : IDisposable
{
    private static readonly string[] Everyone = ["council", "nisc", "bank-ceptoar", "electricity-ceptoar", "local-gov-ceptoar"];
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ModeChange_OlderArrivesAfterNewer_ModeStaysWithTheNewer_DuplicateDoesNothing()
    {
        await using var cluster = await TestCluster.StartAsync(_dir.Path, processes: false);
        var nisc = (TestNode)cluster["nisc"];
        var now = DateTimeOffset.UtcNow;
        // The switch back (signed a minute ago) is stored and sent before the switch it ends (signed two minutes ago).
        var large = Change(now.AddMinutes(-2), new ModeChange { Mode = FederationMode.LargeScale, Reason = "outage", ReportEveryMinutes = 30 });
        var normal = Change(now.AddMinutes(-1), new ModeChange { Mode = FederationMode.Normal, Reason = "recovered", EndsPeriod = large.Id });
        await SubmitAsync(nisc, "back-first", normal);
        await SubmitAsync(nisc, "start-second", large);

        foreach (var id in Everyone)
        {
            await Until.TrueAsync(async () => (await cluster[id].Admin.GetModeAsync(new GetModeRequest())).Periods.Count == 1, NotifyNodes.Deadline, $"{id} knows the period");
            var mode = await cluster[id].Admin.GetModeAsync(new GetModeRequest());
            Assert.Equal(FederationMode.Normal, mode.Mode);
            Assert.Equal(normal.Id, mode.ChangeId);
            Assert.Equal((large.Id, normal.Id), (mode.Periods[0].PeriodId, mode.Periods[0].EndedBy));
            var audit = (await cluster[id].Admin.ListAuditAsync(new ListAuditRequest { Action = "mode.change" })).Entries;
            Assert.Equal([(normal.Id, "switched"), (large.Id, "recorded: older than the change in force")], audit.Select(e => (e.Subject, e.Outcome)));
        }

        // Applied again (a duplicate delivery, a restart's second look): nothing is recorded, audited or switched.
        var bank = (TestNode)cluster["bank-ceptoar"];
        var stored = await bank.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = large.Id });
        Assert.False(await bank.Services.GetRequiredService<ModeBook>().ApplyAsync(stored.Item, "node", CancellationToken.None));
        Assert.Equal(2, (await bank.Admin.ListAuditAsync(new ListAuditRequest { Action = "mode.change" })).Entries.Count);
        Assert.Equal(FederationMode.Normal, (await bank.Admin.GetStatusAsync(new GetStatusRequest())).Mode);
    }

    private static Item Change(DateTimeOffset createdAt, ModeChange change)
    {
        var item = NodeMadeItems.Operational("nisc", createdAt, Timestamp.FromDateTimeOffset(createdAt.AddDays(1)), ItemKind.ModeChange, Tlp.Green,
            new Audience { WholeFederation = true }, new Body { Title = "Mode", Summary = change.Reason });
        item.ModeChange = change;
        return item;
    }

    private static Task<SubmitResponse> SubmitAsync(TestNode nisc, string requestId, Item item) =>
        nisc.Services.GetRequiredService<SubmissionService>().SubmitNodeItemAsync(
            Submitter.Staff("niscduty", nisc.Services.GetRequiredService<NodeOptions>()), requestId, item, f => f, CancellationToken.None);
}
