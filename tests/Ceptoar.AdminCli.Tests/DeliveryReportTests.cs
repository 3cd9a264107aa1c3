using Ceptoar.AdminCli.Demo;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

/// <summary>Where the demo's three reports must go, when their delivery has settled, and how differences are reported.</summary>
public sealed class DeliveryReportTests
{
    private static readonly DateTimeOffset Now = new(2025, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlySet<string> NoAcknowledgement = new HashSet<string>();

    private static readonly IReadOnlyList<SubmittedReport> Reports = [.. DemoItems.Reports(Now).Select((r, i) =>
        new SubmittedReport(r, $"0195f2a0-0000-7000-8000-00000000000{i + 1}", "bank-ceptoar", "mizuho-bank"))];

    private static SubmittedReport Green => Reports[0];

    private static SubmittedReport Amber => Reports[1];

    private static SubmittedReport AmberStrict => Reports[2];

    [Fact]
    public void Reports_EveryDraft_PassesTheNodesValidation()
    {
        var validator = new ItemValidator(Vocabulary.Default, new ItemLimits());

        Assert.All(DemoItems.Reports(Now), r => Assert.Empty(validator.ValidateDraft(r.Draft, Now)));
        Assert.Equal([Tlp.Green, Tlp.Amber, Tlp.AmberStrict], DemoItems.Reports(Now).Select(r => r.Draft.Tlp));
    }

    [Fact]
    public void For_GreenToEveryone_EveryNodeReadsItAndEveryMemberGetsIt()
    {
        var expected = Expect(Green);

        Assert.All(expected, e => Assert.Equal(CopyKind.Plaintext, e.Copy));
        Assert.Equal(["nisc", "council", "electricity-ceptoar", "local-gov-ceptoar"], expected.Where(e => e.IsRecipient).Select(e => e.NodeId));
        Assert.Equal(["mizuho-bank", "mufg-bank"], At(expected, "bank-ceptoar").Members);
        Assert.Equal(["tepco"], At(expected, "electricity-ceptoar").Members);
        Assert.Equal(["tokyo-metropolis"], At(expected, "local-gov-ceptoar").Members);
        Assert.Equal("recipient: the audience is the whole federation; all its members get it", At(expected, "local-gov-ceptoar").Why);
        Assert.Equal("origin: mizuho-bank submitted it here; all its other members get it", At(expected, "bank-ceptoar").Why);
        Assert.DoesNotContain(expected, e => e.IsRelay);
    }

    [Fact]
    public void For_AmberToElectricity_HubsRelaySealedAndNoMemberButTheReporterSeesIt()
    {
        var expected = Expect(Amber);

        Assert.Equal(
            [CopyKind.Sealed, CopyKind.Sealed, CopyKind.Plaintext, CopyKind.Plaintext, CopyKind.None],
            expected.Select(e => e.Copy));
        Assert.Equal(["electricity-ceptoar"], expected.Where(e => e.IsRecipient).Select(e => e.NodeId));
        Assert.Equal(["nisc", "council"], expected.Where(e => e.IsRelay).Select(e => e.NodeId));
        Assert.Equal("hub, not a recipient: relays it sealed to electricity-ceptoar and cannot read it", At(expected, "council").Why);
        Assert.Empty(At(expected, "electricity-ceptoar").Members);
        Assert.Equal(
            "recipient: it serves sector electricity; no member: AMBER needs a need-to-know handling rule (none by default)",
            At(expected, "electricity-ceptoar").Why);
        Assert.Equal(["mizuho-bank"], At(expected, "bank-ceptoar").Members);
        Assert.Equal("not a recipient: the audience is sector electricity; it serves government", At(expected, "local-gov-ceptoar").Why);
    }

    [Fact]
    public void For_AmberStrictToCouncil_OnlyTheCouncilGetsItAndNoMember()
    {
        var expected = Expect(AmberStrict);

        Assert.Equal(
            [CopyKind.None, CopyKind.Plaintext, CopyKind.Plaintext, CopyKind.None, CopyKind.None],
            expected.Select(e => e.Copy));
        Assert.Equal(["council"], expected.Where(e => e.IsRecipient).Select(e => e.NodeId));
        Assert.DoesNotContain(expected, e => e.IsRelay);
        Assert.Equal("not a recipient: the audience is node council, which bank-ceptoar reaches directly, so no hub relays it", At(expected, "nisc").Why);
        Assert.Equal("recipient: the audience names it", At(expected, "council").Why);
        Assert.Equal(["mizuho-bank"], At(expected, "bank-ceptoar").Members);
        Assert.Equal("origin: mizuho-bank submitted it here; no other member: AMBER+STRICT never goes to members", At(expected, "bank-ceptoar").Why);
        Assert.Equal("not a recipient: the audience is node council", At(expected, "electricity-ceptoar").Why);
    }

    [Fact]
    public void Outstanding_NothingYet_ListsEveryRecipientAndEveryMissingCopy()
    {
        var outstanding = DeliveryReport.Outstanding(Expect(Amber), new ItemStatus(), Copies(Amber, nothing: true), NoAcknowledgement);

        Assert.Equal(
            [
                "nisc: the origin has no answer from this hub yet",
                "nisc: not stored yet",
                "council: the origin has no answer from this hub yet",
                "council: not stored yet",
                "bank-ceptoar: not stored yet",
                "electricity-ceptoar: the origin lists no delivery state for it yet",
                "electricity-ceptoar: not stored yet",
            ],
            outstanding);
    }

    [Fact]
    public void Outstanding_DeliveredAndStoredEverywhere_IsEmpty()
    {
        Assert.Empty(DeliveryReport.Outstanding(Expect(Green), Status(Green, "delivered"), Copies(Green), NoAcknowledgement));
        Assert.Empty(DeliveryReport.Outstanding(Expect(Amber), Status(Amber, "delivered"), Copies(Amber), NoAcknowledgement));
    }

    [Fact]
    public void Outstanding_PendingRecipient_IsOutstandingButRejectedIsFinal()
    {
        var pending = DeliveryReport.Outstanding(Expect(AmberStrict), Status(AmberStrict, "pending"), Copies(AmberStrict), NoAcknowledgement);
        var rejected = DeliveryReport.Outstanding(Expect(AmberStrict), Status(AmberStrict, "rejected"), Copies(AmberStrict), NoAcknowledgement);

        Assert.Equal(["council: delivery pending"], pending);
        Assert.Empty(rejected);
    }

    [Fact]
    public void Outstanding_AcknowledgementAwaited_UntilTheReceiptSaysAcknowledged()
    {
        var mustAcknowledge = new HashSet<string> { "electricity-ceptoar" };
        var delivered = Status(Green, "delivered");
        var acknowledged = Status(Green, "delivered");
        acknowledged.Recipients.Single(r => r.NodeId == "electricity-ceptoar").State = "acknowledged";

        Assert.Equal(["electricity-ceptoar: no acknowledged receipt yet"], DeliveryReport.Outstanding(Expect(Green), delivered, Copies(Green), mustAcknowledge));
        Assert.Empty(DeliveryReport.Outstanding(Expect(Green), acknowledged, Copies(Green), mustAcknowledge));
    }

    [Fact]
    public void Rows_AsExpected_NoProblemsAndTheFeedsNamed()
    {
        var rows = DeliveryReport.Rows(Green, Expect(Green), Observed(Green), DemoItems.Members);

        Assert.All(rows, r => Assert.Empty(r.Problems));
        var bank = rows.Single(r => r.NodeId == "bank-ceptoar");
        Assert.Equal("yes, plaintext", bank.Stored);
        Assert.Equal("mizuho-bank (own), mufg-bank", bank.Feeds);
        Assert.Equal("(no members)", rows.Single(r => r.NodeId == "council").Feeds);
    }

    [Fact]
    public void Rows_HubReadsAmberAndAMemberSeesIt_BothAreProblems()
    {
        var observed = Observed(Amber).ToDictionary();
        observed["council"] = new NodeObservation(CopyKind.Plaintext, new HashSet<string>());
        observed["electricity-ceptoar"] = new NodeObservation(CopyKind.Plaintext, new HashSet<string> { "tepco" });

        var rows = DeliveryReport.Rows(Amber, Expect(Amber), observed, DemoItems.Members);

        Assert.Equal(
            ["council should hold sealed: ciphertext only but holds yes, plaintext"],
            rows.Single(r => r.NodeId == "council").Problems);
        var electricity = rows.Single(r => r.NodeId == "electricity-ceptoar");
        Assert.Equal(["tepco at electricity-ceptoar sees it, which TLP does not allow"], electricity.Problems);
        Assert.StartsWith("UNEXPECTED: tepco at electricity-ceptoar sees it", electricity.Why);
        Assert.Equal("tepco", electricity.Feeds);
    }

    [Fact]
    public void Rows_MemberMissingAGreenItem_IsAProblem()
    {
        var observed = Observed(Green).ToDictionary();
        observed["local-gov-ceptoar"] = new NodeObservation(CopyKind.Plaintext, new HashSet<string>());

        var row = DeliveryReport.Rows(Green, Expect(Green), observed, DemoItems.Members).Single(r => r.NodeId == "local-gov-ceptoar");

        Assert.Equal(["tokyo-metropolis at local-gov-ceptoar should see it, but its feed does not list it"], row.Problems);
        Assert.Equal("none", row.Feeds);
    }

    [Fact]
    public void ReceiptProblems_RejectedPendingAndUnaddressed_AreEachNamed()
    {
        var status = Status(Green, "delivered");
        status.Recipients.Single(r => r.NodeId == "nisc").State = "rejected";
        status.Recipients.Single(r => r.NodeId == "nisc").Reason = "signature does not verify";
        status.Recipients.Single(r => r.NodeId == "council").State = "pending";
        status.Recipients.Add(new RecipientStatus { NodeId = "gas-ceptoar", State = "delivered" });

        var problems = DeliveryReport.ReceiptProblems(Expect(Green), status, new HashSet<string> { "electricity-ceptoar" });

        Assert.Equal(
            [
                "nisc rejected it: signature does not verify",
                "delivery to council is still pending",
                "electricity-ceptoar acknowledged it, but the origin shows no acknowledged receipt",
                "the origin counts gas-ceptoar as a recipient, but the audience does not address it",
            ],
            problems);
    }

    [Fact]
    public void ReceiptProblems_AllDelivered_IsEmpty()
    {
        Assert.Empty(DeliveryReport.ReceiptProblems(Expect(Amber), Status(Amber, "delivered"), NoAcknowledgement));
    }

    [Fact]
    public void Outstanding_HubNotYetAnsweredTheOrigin_IsOutstandingUntilItShowsRelayed()
    {
        var status = Status(Amber, "delivered");
        status.Recipients.Remove(status.Recipients.Single(r => r.NodeId == "nisc"));

        Assert.Equal(["nisc: the origin has no answer from this hub yet"], DeliveryReport.Outstanding(Expect(Amber), status, Copies(Amber), NoAcknowledgement));
    }

    [Fact]
    public void ReceiptProblems_HubsRelayingAsExpected_AreNoProblem()
    {
        var status = Status(Amber, "delivered");

        Assert.Equal(["electricity-ceptoar", "nisc", "council"], status.Recipients.Select(r => r.NodeId));
        Assert.Empty(DeliveryReport.ReceiptProblems(Expect(Amber), status, NoAcknowledgement));
    }

    [Fact]
    public void ReceiptProblems_RelayMissingRefusingOrUnneeded_AreEachNamed()
    {
        var status = Status(Amber, "delivered");
        status.Recipients.Remove(status.Recipients.Single(r => r.NodeId == "nisc"));
        var council = status.Recipients.Single(r => r.NodeId == "council");
        council.State = "rejected";
        council.Reason = "hop limit reached";
        status.Recipients.Add(new RecipientStatus { NodeId = "local-gov-ceptoar", State = "relayed" });

        var problems = DeliveryReport.ReceiptProblems(Expect(Amber), status, NoAcknowledgement);

        Assert.Equal(
            [
                "the origin has no answer from hub nisc, which should relay it",
                "hub council refused to relay it: hop limit reached",
                "the origin sent it to local-gov-ceptoar to relay, but no recipient needs local-gov-ceptoar to relay it",
            ],
            problems);
    }

    [Fact]
    public void ReceiptProblems_RecipientOnlyRelayedOrRelayDelivered_AreProblems()
    {
        var status = Status(Amber, "relayed");
        status.Recipients.Single(r => r.NodeId == "council").State = "delivered";

        var problems = DeliveryReport.ReceiptProblems(Expect(Amber), status, NoAcknowledgement);

        Assert.Equal(
            [
                "the origin shows recipient electricity-ceptoar as a hub that only relayed it, with no delivered receipt",
                "the origin shows hub council as delivered, but it is not a recipient: it should only have relayed it",
            ],
            problems);
    }

    private static IReadOnlyList<NodeExpectation> Expect(SubmittedReport report) =>
        DeliveryExpectations.For(report, DemoTopologyTests.Nodes, DemoItems.Members);

    private static NodeExpectation At(IReadOnlyList<NodeExpectation> expected, string nodeId) => expected.Single(e => e.NodeId == nodeId);

    /// <summary>Every expected recipient in the given state, then every expected relay as relayed (as the node lists them).</summary>
    private static ItemStatus Status(SubmittedReport report, string state)
    {
        var status = new ItemStatus { ItemId = report.ItemId, Tlp = report.Tlp };
        status.Recipients.Add(Expect(report).Where(e => e.IsRecipient).Select(e => new RecipientStatus { NodeId = e.NodeId, State = state }));
        status.Recipients.Add(Expect(report).Where(e => e.IsRelay).Select(e => new RecipientStatus { NodeId = e.NodeId, State = "relayed" }));
        return status;
    }

    /// <summary>The copies the expectation calls for, or none anywhere.</summary>
    private static Dictionary<string, CopyKind> Copies(SubmittedReport report, bool nothing = false) =>
        Expect(report).ToDictionary(e => e.NodeId, e => nothing ? CopyKind.None : e.Copy);

    /// <summary>Exactly what the expectation calls for, copies and feeds.</summary>
    private static IReadOnlyDictionary<string, NodeObservation> Observed(SubmittedReport report) =>
        Expect(report).ToDictionary(e => e.NodeId, e => new NodeObservation(e.Copy, e.Members.ToHashSet()));
}
