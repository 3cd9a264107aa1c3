using Ceptoar.AdminCli;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Exercises;

/// <summary>
/// A two-inject cross-sector exercise on real nodes sharing one clock the test moves (docs/DRILLS.md §7). NISC sends the
/// scenario; bank-ceptoar runs inject i1 at T+0 and electricity-ceptoar inject i2 at T+1 from their own copies; tepco
/// acknowledges i1 at once and answers it two minutes later, when only one was allowed; mizuho-bank acknowledges i2;
/// nobody at local-gov-ceptoar acknowledges it. The after-action report at NISC must say exactly that.
/// </summary>
public sealed class ExerciseTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TestDirectory _dir = new();
    private readonly JumpClock _clock = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Exercise_TwoInjectsOneLateAnswerOneMissingAcknowledgement_AfterActionReportSaysSo()
    {
        await using var cluster = await TestCluster.StartAsync(_dir.Path, processes: false, clock: _clock);
        var nisc = cluster["nisc"];
        var bank = cluster["bank-ceptoar"];
        var electricity = cluster["electricity-ceptoar"];
        var mizuho = bank.Member(await bank.AddMemberWithKeyAsync("mizuho-bank"));
        var tepco = electricity.Member(await electricity.AddMemberWithKeyAsync("tepco", "electricity"));

        var started = await nisc.Admin.StartExerciseAsync(new StartExerciseRequest { ClientRequestId = "ex-1", StaffName = "nisc-duty", Scenario = Scenario(_clock.GetUtcNow()) });
        var scenarioId = started.ScenarioId;

        // T+0: bank-ceptoar sends i1 from its own copy; tepco acknowledges it at once.
        var i1 = await WaitForItemAsync(tepco, i => i.Item.References?.Related.Contains(scenarioId) == true && i.Item.Kind == ItemKind.IncidentReport);
        Assert.Equal(("bank-ceptoar", true), (i1.Item.OriginNode, i1.Item.Exercise));
        await tepco.AcknowledgeAsync(new AcknowledgeRequest { ItemId = i1.Item.Id });

        // T+2: electricity-ceptoar's i2 (due at T+1) goes out; mizuho-bank acknowledges it; tepco answers i1, a minute late.
        _clock.Advance(TimeSpan.FromMinutes(2));
        var i2 = await WaitForItemAsync(mizuho, i => i.Item.References?.Related.Contains(scenarioId) == true && i.Item.Kind == ItemKind.EarlyWarning);
        Assert.Equal("electricity-ceptoar", i2.Item.OriginNode);
        await mizuho.AcknowledgeAsync(new AcknowledgeRequest { ItemId = i2.Item.Id });
        var answer = Drafts.Incident(Tlp.Green, "対応状況: 影響なし / Response status: no impact");
        answer.Kind = ItemKind.ResponseStatus;
        answer.Exercise = true;
        answer.Audience = new Audience { Nodes = { "bank-ceptoar" } };
        answer.References = new References { InReplyTo = i1.Item.Id };
        var reply = await tepco.SubmitAsync(Drafts.Request(answer));
        await Until.TrueAsync(async () => (await bank.Admin.ListItemsAsync(new AdminListItemsRequest())).Items.Any(i => i.ItemId == reply.ItemId),
            Deadline, "bank-ceptoar has tepco's answer");

        // T+17: every window has passed; bank-ceptoar and electricity-ceptoar send their signed results to NISC.
        _clock.Advance(TimeSpan.FromMinutes(15));
        ExerciseReport report = null!;
        await Until.TrueAsync(async () =>
        {
            report = await nisc.Admin.GetExerciseReportAsync(new GetExerciseReportRequest { ScenarioId = scenarioId });
            return report.Checks.All(c => c.Received != "pending");
        }, Deadline, "both senders' results at NISC");

        var checks = report.Checks.ToDictionary(c => (c.InjectId, c.Node), c => (c.Received, c.Acknowledged, c.Answered));
        Assert.Equal(("ok", "ok", "late"), checks[("i1", "electricity-ceptoar")]);
        Assert.Equal(("ok", "ok", "not-expected"), checks[("i2", "bank-ceptoar")]);
        Assert.Equal(("ok", "missing", "not-expected"), checks[("i2", "local-gov-ceptoar")]);
        Assert.Equal(3, report.Checks.Count);
        var answered = report.Checks.Single(c => c.InjectId == "i1");
        Assert.True(answered.AnsweredMs > 60_000, $"answered after {answered.AnsweredMs} ms");
        var nodes = report.Nodes.ToDictionary(n => n.Node, n => (n.Expected, n.InTime, n.Late, n.Missing, n.Pending));
        Assert.Equal((3u, 2u, 1u, 0u, 0u), nodes["electricity-ceptoar"]);
        Assert.Equal((2u, 2u, 0u, 0u, 0u), nodes["bank-ceptoar"]);
        Assert.Equal((2u, 1u, 0u, 1u, 0u), nodes["local-gov-ceptoar"]);

        // The scenario reached the participants' nodes, never their members.
        Assert.DoesNotContain((await tepco.ListAsync(new ListItemsRequest())).Items, i => i.Item.Id == scenarioId);
        var csv = await CliAsync(nisc, "en", "exercise", "report", scenarioId, "--format", "csv");
        Assert.Contains("i1,0,bank-ceptoar,electricity-ceptoar,", csv, StringComparison.Ordinal);
        var table = await CliAsync(nisc, "ja", "exercise", "report", scenarioId);
        Assert.Contains("遅延", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartExercise_AtASecretariat_FailedPrecondition_AndABadScenario_InvalidArgumentNamingTheField()
    {
        await using var bank = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), "bank-ceptoar", _dir.Combine("bank"));
        await using var nisc = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki2")), "nisc", _dir.Combine("nisc"), s => s["Node:Role"] = "nisc");
        var bad = Scenario(DateTimeOffset.UtcNow);
        bad.Injects[1].FromNode = "gas-ceptoar";

        var notController = await Assert.ThrowsAsync<RpcException>(() => bank.Admin.StartExerciseAsync(new StartExerciseRequest { ClientRequestId = "x", StaffName = "duty", Scenario = Scenario(DateTimeOffset.UtcNow) }).ResponseAsync);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => nisc.Admin.StartExerciseAsync(new StartExerciseRequest { ClientRequestId = "x", StaffName = "duty", Scenario = bad }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, notController.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("scenario.injects[1].from_node", invalid.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await nisc.Admin.ListItemsAsync(new AdminListItemsRequest())).Items);
    }

    private static ExerciseScenario Scenario(DateTimeOffset start) => new()
    {
        Name = "ddos-test",
        TitleJa = "金融から電力へ広がる DDoS",
        TitleEn = "A DDoS spreading from banks to power",
        StartAt = Timestamp.FromDateTimeOffset(start),
        Participants = { "bank-ceptoar", "electricity-ceptoar", "local-gov-ceptoar" },
        Injects =
        {
            new ExerciseInject
            {
                Id = "i1", AtMinutes = 0, FromNode = "bank-ceptoar", Kind = ItemKind.IncidentReport, Tlp = Tlp.Green,
                Audience = new Audience { Nodes = { "electricity-ceptoar" } },
                Body = new Body { Title = "ネットバンキングへの DDoS / DDoS on internet banking", Summary = "09:00 から大量の通信 / heavy traffic since 09:00", Severity = Severity.High },
                Expect = { new ExerciseExpectation { Node = "electricity-ceptoar", AcknowledgeWithinMinutes = 10, ReplyKind = ItemKind.ResponseStatus, ReplyWithinMinutes = 1 } },
            },
            new ExerciseInject
            {
                Id = "i2", AtMinutes = 1, FromNode = "electricity-ceptoar", Kind = ItemKind.EarlyWarning, Tlp = Tlp.Green,
                Audience = new Audience { Nodes = { "bank-ceptoar", "local-gov-ceptoar" } },
                Body = new Body { Title = "同じ攻撃元が電力にも / The same source now hits power", Summary = "警戒してください / be on alert", Severity = Severity.Medium },
                Expect =
                {
                    new ExerciseExpectation { Node = "bank-ceptoar", AcknowledgeWithinMinutes = 5 },
                    new ExerciseExpectation { Node = "local-gov-ceptoar", AcknowledgeWithinMinutes = 5 },
                },
            },
        },
    };

    private static async Task<MemberItem> WaitForItemAsync(MemberService.MemberServiceClient member, Func<MemberItem, bool> match)
    {
        MemberItem? found = null;
        await Until.TrueAsync(async () =>
        {
            found = (await member.ListAsync(new ListItemsRequest())).Items.FirstOrDefault(match);
            return found is not null;
        }, Deadline, "the inject in the member's feed");
        return found!;
    }

    private static async Task<string> CliAsync(RunningNode node, string language, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--lang", language, "--socket", node.Ready.AdminSocket], output, error);
        Assert.True(code == 0, error.ToString());
        return output.ToString();
    }
}
