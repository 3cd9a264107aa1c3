using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Federation.Facts;
using static Ceptoar.Core.Tests.Federation.Topology;

namespace Ceptoar.Core.Tests.Federation;

/// <summary>Who an item is addressed to, per label and audience, resolved against a node's view of the federation.</summary>
public sealed class FederationRecipientsTests
{
    private static readonly FederationView BankView = Demo().ViewOf(Bank);

    public static TheoryData<Tlp> CommunityLabels() => [.. Community];

    public static TheoryData<Tlp> RestrictedLabels() => [.. Restricted];

    public static TheoryData<Tlp> AllLabels() => [.. Labels];

    public static TheoryData<Tlp> InvalidLabels() => [.. Invalid];

    [Theory]
    [MemberData(nameof(CommunityLabels))]
    public void Of_CommunityLabelToWholeFederation_IsEveryKnownNodeButTheOrigin(Tlp tlp)
    {
        var recipients = FederationRecipients.Of(Clear(tlp, Bank, Whole()), BankView);

        Assert.Equal([Council, Electricity, LocalGov, Nisc], Sorted(recipients));
    }

    [Theory]
    [MemberData(nameof(CommunityLabels))]
    public void Of_CommunityLabelWithEmptyAudience_IsEveryKnownNodeButTheOrigin(Tlp tlp)
    {
        var recipients = FederationRecipients.Of(Clear(tlp, Electricity, new Audience()), BankView);

        Assert.Equal([Bank, Council, LocalGov, Nisc], Sorted(recipients));
    }

    [Theory]
    [MemberData(nameof(CommunityLabels))]
    public void Of_WholeFederation_OnlyNodesTheViewKnows(Tlp tlp)
    {
        var view = Demo().Hide(LocalGov, fromViewer: Bank).ViewOf(Bank);

        var recipients = FederationRecipients.Of(Clear(tlp, Bank, Whole()), view);

        Assert.Equal([Council, Electricity, Nisc], Sorted(recipients));
    }

    [Theory]
    [MemberData(nameof(CommunityLabels))]
    public void Of_WholeFederationAtANodeMissingItsOwnDescriptor_StillIncludesThatNode(Tlp tlp)
    {
        var view = Demo().Hide(Electricity, fromViewer: Electricity).ViewOf(Electricity);

        var recipients = FederationRecipients.Of(Clear(tlp, Bank, Whole()), view);

        Assert.Contains(Electricity, recipients);
    }

    [Theory]
    [MemberData(nameof(CommunityLabels))]
    public void Of_WholeFederationPlusNamedUnknownNode_AddsTheNamedNode(Tlp tlp)
    {
        var audience = Whole();
        audience.Nodes.Add("gas-ceptoar");

        var recipients = FederationRecipients.Of(Clear(tlp, Bank, audience), BankView);

        Assert.Equal([Council, Electricity, "gas-ceptoar", LocalGov, Nisc], Sorted(recipients));
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Of_RestrictedLabelWithEmptyAudience_AddressesNobody(Tlp tlp)
    {
        Assert.Empty(FederationRecipients.Of(Clear(tlp, Bank, new Audience()), BankView));
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Of_RestrictedLabelToWholeFederation_AddressesNobody(Tlp tlp)
    {
        Assert.Empty(FederationRecipients.Of(Clear(tlp, Bank, Whole()), BankView));
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Of_RestrictedLabelToWholeFederationAndNodes_IsOnlyTheNamedNodes(Tlp tlp)
    {
        var audience = Whole();
        audience.Nodes.Add(Electricity);

        Assert.Equal([Electricity], Sorted(FederationRecipients.Of(Clear(tlp, Bank, audience), BankView)));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Of_NamedNodes_AreExactlyThoseNodes(Tlp tlp)
    {
        var recipients = FederationRecipients.Of(Clear(tlp, Bank, Nodes(Council, Electricity)), BankView);

        Assert.Equal([Council, Electricity], Sorted(recipients));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Of_NamedNodeUnknownToTheView_IsStillAddressed(Tlp tlp)
    {
        var recipients = FederationRecipients.Of(Clear(tlp, Bank, Nodes("gas-ceptoar")), BankView);

        Assert.Equal(["gas-ceptoar"], Sorted(recipients));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Of_OriginNamedInItsOwnAudience_IsNeverARecipient(Tlp tlp)
    {
        var recipients = FederationRecipients.Of(Clear(tlp, Bank, Nodes(Bank, Nisc)), BankView);

        Assert.Equal([Nisc], Sorted(recipients));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Of_EmptyNodeId_IsNeverARecipient(Tlp tlp)
    {
        var recipients = FederationRecipients.Of(Clear(tlp, Bank, Nodes("", Nisc)), BankView);

        Assert.Equal([Nisc], Sorted(recipients));
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Amber)]
    public void Of_Sector_ResolvesToTheNodesServingIt(Tlp tlp)
    {
        var recipients = FederationRecipients.Of(Clear(tlp, Bank, Sectors("electricity")), BankView);

        Assert.Equal([Electricity], Sorted(recipients));
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Amber)]
    public void Of_SectorServedByTwoNodes_ResolvesToBoth(Tlp tlp)
    {
        var view = Demo().Add("kepco-ceptoar", NodeRole.Secretariat, "electricity", "gas").Link("kepco-ceptoar", Council).ViewOf(Bank);

        var recipients = FederationRecipients.Of(Clear(tlp, Bank, Sectors("gas", "electricity")), view);

        Assert.Equal([Electricity, "kepco-ceptoar"], Sorted(recipients));
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Amber)]
    public void Of_SectorOfTheOriginOnly_AddressesNobody(Tlp tlp)
    {
        Assert.Empty(FederationRecipients.Of(Clear(tlp, Bank, Sectors("finance")), BankView));
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Amber)]
    public void Of_SectorServedOnlyByANodeTheViewDoesNotKnow_AddressesNobody(Tlp tlp)
    {
        var view = Demo().Hide(Electricity, fromViewer: Bank).ViewOf(Bank);

        Assert.Empty(FederationRecipients.Of(Clear(tlp, Bank, Sectors("electricity")), view));
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Amber)]
    public void Of_SectorsAreMatchedExactly_NoCaseFoldingAndNoEmptyCode(Tlp tlp)
    {
        var view = Demo().Add("odd-ceptoar", NodeRole.Secretariat, "").Link("odd-ceptoar", Council).ViewOf(Bank);

        Assert.Empty(FederationRecipients.Of(Clear(tlp, Bank, Sectors("Electricity", "electricity ", "")), view));
    }

    [Theory]
    [InlineData(Tlp.AmberStrict)]
    [InlineData(Tlp.Red)]
    public void Of_SectorsUnderStrictOrRed_AreIgnored(Tlp tlp)
    {
        var audience = Sectors("electricity", "government");
        audience.Nodes.Add(Nisc);

        Assert.Equal([Nisc], Sorted(FederationRecipients.Of(Clear(tlp, Bank, audience), BankView)));
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Red)]
    public void Of_NamedMembers_AddressTheirNodes(Tlp tlp)
    {
        var audience = Members((Electricity, "tepco"), (Electricity, "chubu"), (LocalGov, "tokyo-metro"));

        Assert.Equal([Electricity, LocalGov], Sorted(FederationRecipients.Of(Clear(tlp, Bank, audience), BankView)));
    }

    [Theory]
    [InlineData(Tlp.Amber)]
    [InlineData(Tlp.AmberStrict)]
    public void Of_NamedMembersUnderAmberOrStrict_AreIgnored(Tlp tlp)
    {
        // These labels may not name members (AudienceRules refuses it); an item that does must not reach more nodes for it.
        var audience = Members((Electricity, "tepco"), (LocalGov, "tokyo-metro"));
        audience.Nodes.Add(Nisc);

        Assert.Equal([Nisc], Sorted(FederationRecipients.Of(Clear(tlp, Bank, audience), BankView)));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Of_MemberOfTheOrigin_DoesNotAddressTheOrigin(Tlp tlp)
    {
        Assert.DoesNotContain(Bank, FederationRecipients.Of(Clear(tlp, Bank, Members((Bank, "mufg"))), BankView));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Of_NodesSectorsAndMembersTogether_AreTheirUnion(Tlp tlp)
    {
        var audience = Members((LocalGov, "osaka-city"));
        audience.Nodes.Add(Council);
        audience.Sectors.Add("electricity");

        var expected = tlp switch
        {
            Tlp.Red => new[] { Council, LocalGov },
            Tlp.AmberStrict => [Council],
            Tlp.Amber => [Council, Electricity],
            _ => [Council, Electricity, LocalGov],
        };

        Assert.Equal(expected, Sorted(FederationRecipients.Of(Clear(tlp, Bank, audience), BankView)));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Of_Sealed_IsTheExplicitRecipientsWhateverTheView(Tlp tlp)
    {
        var view = Demo().Hide(Electricity, fromViewer: Council).ViewOf(Council);

        var recipients = FederationRecipients.Of(Sealed(tlp, Bank, Electricity, "gas-ceptoar"), view);

        Assert.Equal([Electricity, "gas-ceptoar"], Sorted(recipients));
    }

    [Fact]
    public void Of_SealedIgnoresAnyAudience()
    {
        var item = Clear(Tlp.Green, Bank, Whole()) with { SealedRecipients = [Nisc] };

        Assert.Equal([Nisc], Sorted(FederationRecipients.Of(item, BankView)));
    }

    [Fact]
    public void Of_SealedToNobody_AddressesNobody()
    {
        Assert.Empty(FederationRecipients.Of(Sealed(Tlp.Green, Bank), BankView));
    }

    [Fact]
    public void Of_SealedWithTheOriginAmongRecipients_DropsTheOrigin()
    {
        Assert.Equal([Council], Sorted(FederationRecipients.Of(Sealed(Tlp.Red, Bank, Bank, Council, ""), BankView)));
    }

    [Theory]
    [MemberData(nameof(InvalidLabels))]
    public void Of_InvalidLabelInClear_AddressesNobody(Tlp tlp)
    {
        var audience = Whole();
        audience.Nodes.Add(Council);
        audience.Sectors.Add("electricity");
        audience.Members.Add(new MemberRef { Node = LocalGov, MemberId = "osaka-city" });

        Assert.Empty(FederationRecipients.Of(Clear(tlp, Bank, audience), BankView));
    }

    [Fact]
    public void FromItem_MissingAudienceAndExpiry_IsEmptyAudienceAndAlreadyExpired()
    {
        var facts = RoutingFacts.FromItem(new Item { Id = "x", OriginNode = Bank, Tlp = Tlp.Green });

        Assert.False(facts.IsSealed);
        Assert.Equal(DateTimeOffset.MinValue, facts.ExpiresAt);
        Assert.Equal([Council, Electricity, LocalGov, Nisc], Sorted(FederationRecipients.Of(facts, BankView)));
    }

    [Fact]
    public void FromHeader_CarriesTheExplicitRecipients()
    {
        var header = new RoutingHeader
        {
            ItemId = "x",
            OriginNode = Bank,
            Tlp = Tlp.Amber,
            ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(NextWeek),
        };
        header.Recipients.Add([Electricity, LocalGov]);

        var facts = RoutingFacts.FromHeader(header);

        Assert.True(facts.IsSealed);
        Assert.Equal(NextWeek, facts.ExpiresAt);
        Assert.Equal([Electricity, LocalGov], Sorted(FederationRecipients.Of(facts, BankView)));
    }
}
