using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Rules;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static Ceptoar.Node.Tests.Modes.ActorsCluster;

namespace Ceptoar.Node.Tests.Modes;

/// <summary>
/// Reports go up by default, within the label (docs/MODES.md §2), on real nodes: bank-ceptoar's rule copies every report to
/// NISC and the finance ministry; each label × consent reaches exactly whom the table below says, in every store and feed.
/// </summary>
[Collection("actors")]
public sealed class CopiesFederationTests(ActorsCluster actors)
{
    /// <summary>One row of who may hold a report addressed to electricity-ceptoar, stated here and not by the policy code.</summary>
    public sealed record Expected(
        string[] Addressed, string[] Clear, string[] Sealed, string[] Copies, string[] Refused, bool TepcoSees);

    private static readonly string[] Up = [Electricity, Fsa, Nisc];
    private static readonly string[] Alone = [Electricity];

    /// <summary>
    /// The report names electricity-ceptoar; the rule copies it to nisc and sector-ministry (finance: the FSA). CLEAR and
    /// GREEN: copied, relayed in clear through the Council. AMBER: copied only with consent, sealed through the hubs (a hub
    /// that is not a recipient holds only ciphertext). AMBER+STRICT and RED: never copied. The electricity member (tepco)
    /// sees CLEAR and GREEN (the audience names its node); AMBER and above reach no member by default.
    /// </summary>
    private static readonly Dictionary<(Tlp, bool), Expected> Table = new()
    {
        [(Tlp.Clear, false)] = new(Up, [Bank, Electricity, Fsa, Nisc, Council], [], ["nisc", "sector-ministry"], [], true),
        [(Tlp.Clear, true)] = new(Up, [Bank, Electricity, Fsa, Nisc, Council], [], ["nisc", "sector-ministry"], [], true),
        [(Tlp.Green, false)] = new(Up, [Bank, Electricity, Fsa, Nisc, Council], [], ["nisc", "sector-ministry"], [], true),
        [(Tlp.Green, true)] = new(Up, [Bank, Electricity, Fsa, Nisc, Council], [], ["nisc", "sector-ministry"], [], true),
        [(Tlp.Amber, false)] = new(Alone, [Bank, Electricity], [Council, Nisc], [], ["nisc:consent_needed", "sector-ministry:consent_needed"], false),
        [(Tlp.Amber, true)] = new(Up, [Bank, Electricity, Fsa, Nisc], [Council], ["nisc", "sector-ministry"], [], false),
        [(Tlp.AmberStrict, false)] = new(Alone, [Bank, Electricity], [Council, Nisc], [], ["nisc:label_forbids", "sector-ministry:label_forbids"], false),
        [(Tlp.AmberStrict, true)] = new(Alone, [Bank, Electricity], [Council, Nisc], [], ["nisc:label_forbids", "sector-ministry:label_forbids"], false),
        [(Tlp.Red, false)] = new(Alone, [Bank, Electricity], [Council, Nisc], [], ["nisc:label_forbids", "sector-ministry:label_forbids"], false),
        [(Tlp.Red, true)] = new(Alone, [Bank, Electricity], [Council, Nisc], [], ["nisc:label_forbids", "sector-ministry:label_forbids"], false),
    };

    [Fact]
    public async Task Submit_EveryLabelWithAndWithoutConsent_CopiesReachOnlyWhomTheLabelAllows_InEveryStoreAndFeed()
    {
        var author = actors.Members["mizuho-bank"];
        var submitted = new Dictionary<(Tlp, bool), string>();
        foreach (var ((tlp, consent), expected) in Table)
        {
            var draft = Drafts.Incident(tlp, $"copies {tlp} consent={consent}");
            draft.Audience = new Audience { Nodes = { Electricity } };
            draft.AcceptCopies = consent;

            var answer = await author.SubmitAsync(Drafts.Request(draft));

            var why = $"{tlp} consent={consent}";
            Assert.True(expected.Addressed.SequenceEqual(answer.AddressedNodes), $"{why}: addressed {string.Join(",", answer.AddressedNodes)}");
            Assert.True(expected.Copies.SequenceEqual(answer.Copies), $"{why}: copies {string.Join(",", answer.Copies)}");
            Assert.True(expected.Refused.SequenceEqual(answer.RefusedCopies.Select(r => $"{r.Target}:{r.Code}")), $"{why}: refused {answer.RefusedCopies}");
            Assert.All(answer.RefusedCopies, r => Assert.Contains(r.Target, r.Reason, StringComparison.Ordinal));
            submitted[(tlp, consent)] = answer.ItemId;
        }

        // Wait for every entitled delivery first, so that "nothing" elsewhere means nothing arrived, not "not yet".
        foreach (var (key, itemId) in submitted)
        {
            foreach (var node in Table[key].Clear)
            {
                await actors.WaitHeldAsync(node, itemId, isSealed: false);
            }

            foreach (var node in Table[key].Sealed)
            {
                await actors.WaitHeldAsync(node, itemId, isSealed: true);
            }
        }

        var greens = submitted.Where(s => Table[s.Key].TepcoSees).Select(s => s.Value).ToList();
        await Until.TrueAsync(async () => (await actors.FeedAsync("tepco")).IsSupersetOf(greens), Deadline, "tepco's feed holds the CLEAR and GREEN reports");

        foreach (var node in NodeIds)
        {
            var stored = await actors.StoredAsync(node);
            foreach (var (key, itemId) in submitted)
            {
                var expected = Table[key];
                var why = $"{key.Item1} consent={key.Item2} at {node}";
                if (expected.Clear.Contains(node))
                {
                    Assert.True(stored.TryGetValue(itemId, out var s) && !s, $"{why}: expected in clear");
                }
                else if (expected.Sealed.Contains(node))
                {
                    Assert.True(stored.TryGetValue(itemId, out var s) && s, $"{why}: expected only the sealed copy");
                }
                else
                {
                    Assert.False(stored.ContainsKey(itemId), $"{why}: expected nothing");
                }
            }
        }

        foreach (var member in MemberNodes.Keys)
        {
            var feed = await actors.FeedAsync(member);
            foreach (var (key, itemId) in submitted)
            {
                // Its author always sees its own report; tepco the CLEAR and GREEN ones; no one else any.
                var entitled = member == "mizuho-bank" || (member == "tepco" && Table[key].TepcoSees);
                Assert.True(entitled == feed.Contains(itemId), $"{member} {(entitled ? "misses" : "sees")} {key.Item1} consent={key.Item2}");
            }
        }
    }

    [Fact]
    public async Task Submit_AmberWithoutConsentInJapanese_RefusedCopiesSayWhyInJapanese_AndTheAuditSaysSo()
    {
        var draft = Drafts.Incident(Tlp.Amber, "同意なしの AMBER");
        draft.Audience = new Audience { Nodes = { Electricity } };

        var answer = await actors.Members["mizuho-bank"].SubmitAsync(Drafts.Request(draft), Japanese());

        Assert.Equal(
            "TLP:AMBER の情報を nisc へ提供するにはあなたの同意が必要です: 下書きで accept_copies を指定してください (定常の提供先は ListStandingCopies で確認できます)",
            answer.RefusedCopies.Single(r => r.Target == "nisc").Reason);
        var audit = await actors.Cluster[Bank].Admin.ListAuditAsync(new ListAuditRequest { Action = "item.submit", Limit = 1000 });
        var entry = Assert.Single(audit.Entries, e => e.Subject == answer.ItemId);
        Assert.Equal(
            "copy refused: nisc: TLP:AMBER needs the member's consent (accept_copies); copy refused: sector-ministry (finance): TLP:AMBER needs the member's consent (accept_copies)",
            entry.Detail);
    }

    [Theory]
    [InlineData(Tlp.Green, false, "copies: nisc, sector-ministry (finance)", "copies reach: fsa, nisc (as the directory knows the federation now)")]
    [InlineData(Tlp.Amber, true, "copies: nisc, sector-ministry (finance)", "copies reach: fsa, nisc (as the directory knows the federation now)")]
    [InlineData(Tlp.Amber, false, "copy refused: nisc: TLP:AMBER needs the member's consent (accept_copies)", "copy refused: sector-ministry (finance): TLP:AMBER needs the member's consent (accept_copies)")]
    [InlineData(Tlp.Red, true, "copy refused: nisc: TLP:RED goes only to the recipients the member named: never copied", "copy refused: sector-ministry (finance): TLP:RED goes only to the recipients the member named: never copied")]
    public async Task TestRules_DraftOfEachLabel_DryRunShowsTheCopiesAndTheRefusals(Tlp tlp, bool consent, string line, string otherLine)
    {
        var draft = Drafts.Incident(tlp, "dry run");
        draft.Audience = new Audience { Nodes = { Electricity } };
        draft.AcceptCopies = consent;

        var predicted = await actors.Cluster[Bank].Admin.TestRulesAsync(new TestRulesRequest { Draft = draft, MemberId = "mizuho-bank" });

        var lines = predicted.Explanation.Split('\n');
        Assert.Equal("report-up", predicted.FiredRule);
        Assert.Contains(line, lines);
        Assert.Contains(otherLine, lines);
    }

    [Fact]
    public async Task Submit_SuspectedTerrorismWhileLargeScaleModeHolds_AlsoReachesTheCabinetOffice_NotInNormalTimes()
    {
        var author = actors.Members["mizuho-bank"];
        ItemDraft Terror(string title)
        {
            var draft = Drafts.Incident(Tlp.Green, title);
            draft.Audience = new Audience { Nodes = { Electricity } };
            draft.SuspectedTerrorism = true;
            return draft;
        }

        var normal = await author.SubmitAsync(Drafts.Request(Terror("terror suspected, normal times")));
        Assert.Equal(["nisc", "sector-ministry"], normal.Copies);

        var mode = ((TestNode)actors.Cluster[Bank]).Services.GetRequiredService<CurrentMode>();
        mode.Set(new ModeState(FederationMode.LargeScale, [], Core.Items.UuidV7.NewId(), DateTimeOffset.UtcNow, 60, "test"));
        SubmitResponse large;
        try
        {
            large = await author.SubmitAsync(Drafts.Request(Terror("terror suspected, large-scale mode")));
        }
        finally
        {
            mode.Set(ModeState.Normal);
        }

        // Who may hold each, stated here: in normal times NISC and the FSA; in large-scale mode NISC and the Cabinet office.
        Assert.Equal(["nisc", "role:cabinet-crisis"], large.Copies);
        Assert.Equal([Cabinet, Electricity, Nisc], large.AddressedNodes);
        await actors.WaitHeldAsync(Fsa, normal.ItemId, isSealed: false);
        await actors.WaitHeldAsync(Cabinet, large.ItemId, isSealed: false);
        await actors.WaitHeldAsync(Electricity, large.ItemId, isSealed: false);
        Assert.False((await actors.StoredAsync(Cabinet)).ContainsKey(normal.ItemId));
        Assert.False((await actors.StoredAsync(Fsa)).ContainsKey(large.ItemId));
        // The office is a recipient organisation: its own member sees neither.
        var desk = await actors.FeedAsync("cas-desk");
        Assert.DoesNotContain(large.ItemId, desk);
        Assert.DoesNotContain(normal.ItemId, desk);
    }

    [Fact]
    public async Task Approve_HeldReport_GoesToItsCopiesAsDecidedAtSubmit_NotBefore()
    {
        var control = actors.Members["mizuho-bank"];
        var draft = Drafts.Incident(Tlp.Green, "held, copied to NISC once approved");
        draft.Audience = new Audience { Nodes = { Electricity } };

        var held = await actors.Members["smbc-bank"].SubmitAsync(Drafts.Request(draft));
        Assert.Equal("held", held.Status);
        Assert.Equal([Electricity, Nisc], held.AddressedNodes);
        Assert.Equal(["nisc"], held.Copies);
        // A report submitted after it and not held reaches NISC: the held one, before it on the same link, did not.
        var marker = Drafts.Incident(Tlp.Green, "passes the held one");
        marker.Audience = new Audience { Nodes = { Electricity } };
        var passing = await control.SubmitAsync(Drafts.Request(marker));
        await actors.WaitHeldAsync(Nisc, passing.ItemId, isSealed: false);
        Assert.False((await actors.StoredAsync(Nisc)).ContainsKey(held.ItemId));

        await actors.Cluster[Bank].Admin.ApproveHeldAsync(new ApproveHeldRequest { ItemId = held.ItemId, Note = "checked" });

        await actors.WaitHeldAsync(Nisc, held.ItemId, isSealed: false);
        await actors.WaitHeldAsync(Electricity, held.ItemId, isSealed: false);
        var atNisc = await actors.Cluster[Nisc].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = held.ItemId });
        Assert.Equal(["nisc"], atNisc.Item.Audience.Roles);
        // The rule that held it copies to NISC only: the finance ministry is not a recipient.
        Assert.False((await actors.StoredAsync(Fsa)).ContainsKey(held.ItemId));
    }

    [Fact]
    public async Task EditHeld_RaiseOverStandingCopies_RefusedNothingChanges()
    {
        var draft = Drafts.Incident(Tlp.Green, "held, copied to NISC, then a label raise is tried");
        draft.Audience = new Audience { Nodes = { Electricity } };
        var held = await actors.Members["smbc-bank"].SubmitAsync(Drafts.Request(draft));
        Assert.Equal(["nisc"], held.Copies);
        var admin = actors.Cluster[Bank].Admin;

        // RED names its recipients only, and NISC was added by a copy: raising cannot take the copy back, so it is refused.
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await admin.EditHeldAsync(new EditHeldRequest { ItemId = held.ItemId, RaiseLabel = Tlp.Red }));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("nisc", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("queue reject", refused.Status.Detail, StringComparison.Ordinal);
        var still = await admin.GetHeldAsync(new GetHeldRequest { ItemId = held.ItemId });
        Assert.Equal(Tlp.Green, still.Item.Tlp);
        Assert.Equal(["nisc"], still.Item.Audience.Roles);
        await admin.RejectHeldAsync(new RejectHeldRequest { ItemId = held.ItemId, Reason = "resubmit as RED" });
    }
}
