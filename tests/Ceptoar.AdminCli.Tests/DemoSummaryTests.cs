using Ceptoar.AdminCli.Demo;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

/// <summary>The demo's one-line account of what the federation did with each report, built from what was observed.</summary>
public sealed class DemoSummaryTests
{
    private static readonly DateTimeOffset Now = new(2025, 4, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<SubmittedReport> Reports = [.. DemoItems.Reports(Now).Select((r, i) =>
        new SubmittedReport(r, $"0195f2a0-0000-7000-8000-00000000000{i + 1}", "bank-ceptoar", "mizuho-bank"))];

    [Fact]
    public void Line_GreenEverywhere_SaysEveryNodeEveryOtherMemberAndTheReceipts()
    {
        var status = Status(("nisc", "delivered"), ("council", "delivered"), ("electricity-ceptoar", "acknowledged"), ("local-gov-ceptoar", "delivered"));

        var line = Line(Reports[0], Copies(CopyKind.Plaintext, CopyKind.Plaintext, CopyKind.Plaintext, CopyKind.Plaintext, CopyKind.Plaintext), ["mizuho-bank", "mufg-bank", "tepco", "tokyo-metropolis"], status);

        Assert.Equal(
            "readable at every node; every other member of every secretariat sees it: mufg-bank, tepco and tokyo-metropolis; "
            + "4 of 4 recipients sent a delivered receipt, 1 also acknowledged.",
            line);
    }

    [Fact]
    public void Line_AmberSealedThroughTheHubs_NamesTheOneReaderAndTheCiphertextHolders()
    {
        var status = Status(("electricity-ceptoar", "delivered"), ("council", "relayed"), ("nisc", "relayed"));

        var line = Line(Reports[1], Copies(CopyKind.Sealed, CopyKind.Sealed, CopyKind.Plaintext, CopyKind.Plaintext, CopyKind.None), ["mizuho-bank"], status);

        Assert.Equal(
            "readable only at electricity-ceptoar and its origin; the hubs nisc and council hold ciphertext only; "
            + "no member sees it but its reporter mizuho-bank; 1 of 1 recipient sent a delivered receipt.",
            line);
    }

    [Fact]
    public void Line_AmberStrictNotYetDelivered_SaysOnlyTheOriginAndNoReceipt()
    {
        var line = Line(Reports[2], Copies(CopyKind.None, CopyKind.None, CopyKind.Plaintext, CopyKind.None, CopyKind.None), ["mizuho-bank"], Status(("council", "pending")));

        Assert.Equal("readable only at its origin; no member sees it but its reporter mizuho-bank; 0 of 1 recipient sent a delivered receipt.", line);
    }

    [Fact]
    public void Line_LeakToAMemberAndAPlaintextHub_ReadsDifferently()
    {
        var status = Status(("electricity-ceptoar", "delivered"), ("council", "relayed"), ("nisc", "relayed"));

        var line = Line(Reports[1], Copies(CopyKind.Sealed, CopyKind.Plaintext, CopyKind.Plaintext, CopyKind.Plaintext, CopyKind.None), ["mizuho-bank", "tepco"], status);

        Assert.Equal(
            "readable only at council, electricity-ceptoar and its origin; the hub nisc holds ciphertext only; "
            + "of the other members only tepco sees it; 1 of 1 recipient sent a delivered receipt.",
            line);
    }

    [Fact]
    public void LabelColumn_EveryLabel_IsAsWideAsTheLongest()
    {
        Assert.Equal("TLP:GREEN       ", DemoSummary.LabelColumn(Tlp.Green));
        Assert.Equal("TLP:AMBER+STRICT", DemoSummary.LabelColumn(Tlp.AmberStrict));
    }

    private static string Line(SubmittedReport report, Dictionary<string, CopyKind> copies, string[] seenBy, ItemStatus status) =>
        DemoSummary.Line(report, DemoTopologyTests.Nodes, DemoItems.Members, copies, seenBy.ToHashSet(), status);

    /// <summary>In the order of <see cref="DemoTopologyTests.Nodes"/>: nisc, council, bank-ceptoar, electricity-ceptoar, local-gov-ceptoar.</summary>
    private static Dictionary<string, CopyKind> Copies(params CopyKind[] copies) =>
        DemoTopologyTests.Nodes.Select((n, i) => (n.Id, copies[i])).ToDictionary(p => p.Id, p => p.Item2);

    private static ItemStatus Status(params (string Node, string State)[] rows)
    {
        var status = new ItemStatus();
        status.Recipients.Add(rows.Select(r => new RecipientStatus { NodeId = r.Node, State = r.State }));
        return status;
    }
}
