using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Federation.Facts;
using static Ceptoar.Core.Tests.Federation.Topology;

namespace Ceptoar.Core.Tests.Federation;

/// <summary>
/// Which receipts bank-ceptoar, the origin, records in the demo federation. Every expectation is written out here from
/// the TLP table (who an audience addresses, which members of a node a label reaches), not computed by the policy code.
/// </summary>
public sealed class ReceiptPolicyTests
{
    private const string Tepco = "tepco";
    private const string Kansai = "kansai-electric";
    private static readonly FederationView AtBank = Demo().ViewOf(Bank);
    private static readonly ReceiptKind[] Kinds = [ReceiptKind.Delivered, ReceiptKind.Acknowledged, ReceiptKind.Rejected];

    /// <summary>Label, audience, signer, and whether that signer is one of the item's recipients.</summary>
    public static TheoryData<Tlp, string, string, bool> Addressing() => new()
    {
        { Tlp.Clear, "whole", Electricity, true },
        { Tlp.Green, "whole", Electricity, true },
        { Tlp.Green, "whole", LocalGov, true },
        { Tlp.Green, "whole", Council, true },
        { Tlp.Green, "whole", Nisc, true },
        { Tlp.Green, "empty", LocalGov, true },
        { Tlp.Green, "nodes:council", Council, true },
        { Tlp.Green, "nodes:council", Nisc, false },
        { Tlp.Green, "nodes:council", Electricity, false },
        { Tlp.Green, "sectors:electricity", Electricity, true },
        { Tlp.Green, "sectors:electricity", LocalGov, false },
        { Tlp.Green, "sectors:electricity", Council, false },
        { Tlp.Green, "members:electricity-ceptoar/tepco", Electricity, true },
        { Tlp.Green, "members:electricity-ceptoar/tepco", LocalGov, false },
        { Tlp.Amber, "sectors:electricity", Electricity, true },
        { Tlp.Amber, "sectors:electricity", Council, false },
        { Tlp.Amber, "nodes:council", Council, true },
        { Tlp.Amber, "nodes:council", Nisc, false },
        { Tlp.AmberStrict, "nodes:council", Council, true },
        { Tlp.AmberStrict, "nodes:council", Nisc, false },
        { Tlp.AmberStrict, "nodes:council", Electricity, false },
        { Tlp.Red, "nodes:nisc", Nisc, true },
        { Tlp.Red, "nodes:nisc", Council, false },
        { Tlp.Red, "members:electricity-ceptoar/tepco", Electricity, true },
        { Tlp.Red, "members:electricity-ceptoar/tepco", LocalGov, false },
        { Tlp.Red, "members:electricity-ceptoar/tepco", Council, false },
        { Tlp.Red, "members:local-gov-ceptoar/tepco", Electricity, false },
        { Tlp.Unspecified, "nodes:electricity-ceptoar", Electricity, false },
    };

    /// <summary>Label, audience, the signer (always a recipient), acknowledged_by, and whether that person may have read it there.</summary>
    public static TheoryData<Tlp, string, string, string, bool> Acknowledgers() => new()
    {
        { Tlp.Clear, "whole", Electricity, "member:tepco", true },
        { Tlp.Green, "whole", Electricity, "member:tepco", true },
        { Tlp.Green, "nodes:electricity-ceptoar", Electricity, "member:tepco", true },
        // The origin cannot know a member's sector: the signer, which serves the sector, vouches.
        { Tlp.Green, "sectors:electricity", Electricity, "member:tepco", true },
        { Tlp.Green, "members:electricity-ceptoar/tepco", Electricity, "member:tepco", true },
        { Tlp.Green, "members:electricity-ceptoar/tepco", Electricity, "member:kansai-electric", false },
        { Tlp.Amber, "nodes:electricity-ceptoar", Electricity, "member:tepco", true },
        { Tlp.Amber, "sectors:electricity", Electricity, "member:tepco", true },
        { Tlp.AmberStrict, "nodes:council", Council, "member:tepco", false },
        { Tlp.AmberStrict, "nodes:council", Council, "admin", true },
        { Tlp.Red, "members:electricity-ceptoar/tepco", Electricity, "member:tepco", true },
        { Tlp.Red, "members:electricity-ceptoar/tepco", Electricity, "member:kansai-electric", false },
        { Tlp.Red, "members:electricity-ceptoar/tepco", Electricity, "admin", true },
        { Tlp.Red, "nodes:electricity-ceptoar", Electricity, "member:tepco", false },
        { Tlp.Red, "nodes:electricity-ceptoar", Electricity, "admin", true },
        // The same member id at another node is another company.
        { Tlp.Red, "nodes:electricity-ceptoar|members:local-gov-ceptoar/tepco", Electricity, "member:tepco", false },
        { Tlp.Red, "members:electricity-ceptoar/kansai-electric|members:local-gov-ceptoar/tepco", Electricity, "member:tepco", false },
        { Tlp.Red, "members:electricity-ceptoar/kansai-electric|members:local-gov-ceptoar/tepco", Electricity, "member:kansai-electric", true },
        // A named staff person is the recipient organisation, which every label addressed to it reaches.
        { Tlp.AmberStrict, "nodes:council", Council, "staff:yamada.taro", true },
        { Tlp.Red, "nodes:electricity-ceptoar", Electricity, "staff:山田", true },
        { Tlp.Green, "whole", Electricity, "staff:sato", true },
        // A member the signer does not name: recorded when the label reaches some member there.
        { Tlp.Green, "whole", Electricity, "member", true },
        { Tlp.Green, "sectors:electricity", Electricity, "member", true },
        { Tlp.Amber, "nodes:electricity-ceptoar", Electricity, "member", true },
        { Tlp.Red, "members:electricity-ceptoar/tepco", Electricity, "member", true },
        { Tlp.Red, "nodes:electricity-ceptoar", Electricity, "member", false },
        { Tlp.Red, "nodes:electricity-ceptoar|members:local-gov-ceptoar/tepco", Electricity, "member", false },
        { Tlp.AmberStrict, "nodes:council", Council, "member", false },
    };

    public static TheoryData<string> MalformedAcknowledgers() =>
        ["", "member:", "member:t", "member:Tepco", "member:tepco ", "tepco", "Member:tepco", "admin ", "ADMIN", "node:electricity-ceptoar", "member:" + new string('a', 65),
            "staff:", "staff:two words", "staff:a:b", "Staff:sato", "staff:" + new string('a', 65), "members"];

    [Theory]
    [MemberData(nameof(Addressing))]
    public void Refusal_DeliveredFromRecipientOrNot_RecordedOnlyFromARecipient(Tlp tlp, string audience, string signer, bool recipient)
    {
        var refusal = Refusal(Item(tlp, audience), signer, ReceiptKind.Delivered);

        Assert.Equal(recipient, refusal is null);
        if (!recipient)
        {
            Assert.Contains($"is not addressed to '{signer}'", refusal);
        }
    }

    [Theory]
    [MemberData(nameof(Addressing))]
    public void Refusal_AdminAcknowledgementFromRecipientOrNot_RecordedOnlyFromARecipient(Tlp tlp, string audience, string signer, bool recipient)
    {
        Assert.Equal(recipient, Refusal(Item(tlp, audience), signer, ReceiptKind.Acknowledged, "admin") is null);
    }

    [Theory]
    [MemberData(nameof(Addressing))]
    public void Refusal_RejectedFromRecipientHubOrOtherSecretariat_RecordedFromRecipientsAndHubs(Tlp tlp, string audience, string signer, bool recipient)
    {
        var hub = signer is Council or Nisc;

        Assert.Equal(recipient || hub, Refusal(Item(tlp, audience), signer, ReceiptKind.Rejected) is null);
    }

    [Theory]
    [MemberData(nameof(Acknowledgers))]
    public void Refusal_AcknowledgedByAMember_RecordedOnlyWhenTheLabelLetsThatMemberSeeIt(Tlp tlp, string audience, string signer, string by, bool entitled)
    {
        var refusal = Refusal(Item(tlp, audience), signer, ReceiptKind.Acknowledged, by);

        Assert.True(entitled == (refusal is null), refusal ?? "recorded");
    }

    [Fact]
    public void Refusal_AcknowledgedByAMemberOfAnAmberStrictItem_ReasonSaysNoMember()
    {
        var refusal = Refusal(Item(Tlp.AmberStrict, "nodes:council"), Council, ReceiptKind.Acknowledged, "member:tepco");

        Assert.Contains("recipient organisation only", refusal);
    }

    [Fact]
    public void Refusal_AcknowledgedByAMemberARedItemDoesNotName_ReasonNamesTheMemberAndTheSigner()
    {
        var refusal = Refusal(Item(Tlp.Red, $"members:{Electricity}/{Kansai}"), Electricity, ReceiptKind.Acknowledged, $"member:{Tepco}");

        Assert.Contains($"does not name member {Tepco} of {Electricity}", refusal);
    }

    [Theory]
    [MemberData(nameof(MalformedAcknowledgers))]
    public void Refusal_AcknowledgedByNobodyNamed_Refused(string by)
    {
        var refusal = Refusal(Item(Tlp.Green, "whole"), Electricity, ReceiptKind.Acknowledged, by);

        Assert.NotNull(refusal);
        Assert.Contains("names nobody", refusal);
    }

    [Theory]
    [InlineData(ReceiptKind.Unspecified)]
    [InlineData((ReceiptKind)4)]
    [InlineData((ReceiptKind)(-1))]
    public void Refusal_UnknownKindFromARecipient_Refused(ReceiptKind kind)
    {
        var refusal = Refusal(Item(Tlp.Green, "whole"), Electricity, kind, "admin");

        Assert.NotNull(refusal);
        Assert.Contains("is not one of DELIVERED, ACKNOWLEDGED or REJECTED", refusal);
    }

    [Fact]
    public void Refusal_ItemNotStoredHere_RefusedForEveryKind()
    {
        foreach (var kind in Kinds)
        {
            var refusal = ReceiptPolicy.Refusal("0195a1b2-0000-7000-8000-00000000abcd", null, AtBank, Electricity, kind, "admin");

            Assert.Equal($"{Bank} sent no item '0195a1b2-0000-7000-8000-00000000abcd': a receipt is recorded only by the item's origin, for an item it sent", refusal);
        }
    }

    [Fact]
    public void Refusal_ItemFromAnotherOrigin_RefusedWithTheSameAnswerAsAnUnknownOne()
    {
        var fromElectricity = new ReceiptSubject(Clear(Tlp.Green, Electricity, Whole()), Withheld: false);

        foreach (var kind in Kinds)
        {
            Assert.Equal(Unknown(fromElectricity.Facts.ItemId), ReceiptPolicy.Refusal(fromElectricity.Facts.ItemId, fromElectricity, AtBank, LocalGov, kind, "admin"));
        }
    }

    [Theory]
    [InlineData(Tlp.Green, "whole")]
    [InlineData(Tlp.AmberStrict, "nodes:council")]
    [InlineData(Tlp.Red, "members:electricity-ceptoar/tepco")]
    public void Refusal_ItemHeldOrRejectedHere_RefusedEvenFromARecipientWithTheSameAnswerAsAnUnknownOne(Tlp tlp, string audience)
    {
        var withheld = Item(tlp, audience) with { Withheld = true };

        foreach (var signer in new[] { Electricity, Council })
        {
            foreach (var kind in Kinds)
            {
                Assert.Equal(Unknown(withheld.Facts.ItemId), ReceiptPolicy.Refusal(withheld.Facts.ItemId, withheld, AtBank, signer, kind, "admin"));
            }
        }
    }

    [Fact]
    public void Refusal_SealedCopyAcknowledgedByAMember_RefusedButByAdminRecorded()
    {
        // The origin holds its items in clear; a sealed copy has no audience to judge a member by, so it fails closed.
        var copy = new ReceiptSubject(Sealed(Tlp.Green, Bank, Electricity), Withheld: false);

        Assert.NotNull(ReceiptPolicy.Refusal(copy.Facts.ItemId, copy, AtBank, Electricity, ReceiptKind.Acknowledged, "member:tepco"));
        Assert.Null(ReceiptPolicy.Refusal(copy.Facts.ItemId, copy, AtBank, Electricity, ReceiptKind.Acknowledged, "admin"));
        Assert.Null(ReceiptPolicy.Refusal(copy.Facts.ItemId, copy, AtBank, Electricity, ReceiptKind.Delivered, ""));
    }

    [Theory]
    [InlineData("member:tepco", "tepco")]
    [InlineData("member:kansai-electric", "kansai-electric")]
    [InlineData("admin", null)]
    [InlineData("member:", null)]
    [InlineData("member:Tepco", null)]
    [InlineData("tepco", null)]
    public void MemberOf_AcknowledgedBy_TheMemberIdOrNull(string by, string? member)
    {
        Assert.Equal(member, ReceiptPolicy.MemberOf(by));
    }

    private static string? Refusal(ReceiptSubject item, string signer, ReceiptKind kind, string by = "") =>
        ReceiptPolicy.Refusal(item.Facts.ItemId, item, AtBank, signer, kind, by);

    private static string Unknown(string itemId) => $"{Bank} sent no item '{itemId}': a receipt is recorded only by the item's origin, for an item it sent";

    /// <summary>An item bank-ceptoar originated; audience as "whole", "empty", or "nodes:a,b", "sectors:s", "members:node/id" joined by '|'.</summary>
    private static ReceiptSubject Item(Tlp tlp, string audience) => new(Clear(tlp, Bank, AudienceOf(audience)), Withheld: false);

    private static Audience AudienceOf(string text)
    {
        var audience = new Audience();
        foreach (var part in text.Split('|'))
        {
            var (key, values) = part.Contains(':', StringComparison.Ordinal) ? (part[..part.IndexOf(':', StringComparison.Ordinal)], part[(part.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(',')) : (part, []);
            switch (key)
            {
                case "whole":
                    audience.WholeFederation = true;
                    break;
                case "empty":
                    break;
                case "nodes":
                    audience.Nodes.Add(values);
                    break;
                case "sectors":
                    audience.Sectors.Add(values);
                    break;
                case "members":
                    audience.Members.Add(values.Select(v => new MemberRef { Node = v.Split('/')[0], MemberId = v.Split('/')[1] }));
                    break;
                default:
                    throw new ArgumentException($"unknown audience part '{part}'", nameof(text));
            }
        }

        return audience;
    }
}
