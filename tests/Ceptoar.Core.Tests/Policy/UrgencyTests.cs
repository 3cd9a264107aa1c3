using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Policy;

/// <summary>Which items overtake a backlog (docs/MODES.md §6): a mode change, and high or extreme severity; nothing else.</summary>
public sealed class UrgencyTests
{
    [Theory]
    [InlineData(ItemKind.EarlyWarning, Severity.Extreme, true)]
    [InlineData(ItemKind.IncidentReport, Severity.High, true)]
    [InlineData(ItemKind.DamageReport, Severity.High, true)]
    [InlineData(ItemKind.ModeChange, Severity.None, true)]
    [InlineData(ItemKind.EarlyWarning, Severity.Medium, false)]
    [InlineData(ItemKind.IncidentReport, Severity.Low, false)]
    [InlineData(ItemKind.Drill, Severity.None, false)]
    [InlineData(ItemKind.RelatedInformation, Severity.None, false)]
    public void IsUrgent_KindAndSeverity_UrgentOnlyForModeChangeOrHighOrExtreme(ItemKind kind, Severity severity, bool expected)
    {
        var item = new Item { Kind = kind, Body = new Body { Severity = severity } };

        Assert.Equal(expected, Urgency.IsUrgent(item));
        Assert.Equal(expected, Urgency.IsUrgent(kind, severity));
    }

    [Fact]
    public void IsUrgent_ModeChangeWithoutBody_Urgent()
    {
        Assert.True(Urgency.IsUrgent(new Item { Kind = ItemKind.ModeChange }));
        Assert.False(Urgency.IsUrgent(new Item { Kind = ItemKind.EarlyWarning }));
    }

    [Fact]
    public void RoutingFacts_ClearItemAndSealedHeader_UrgentFromTheItemOrFromTheHeaderAlone()
    {
        var extreme = new Item { Id = "i", OriginNode = "bank-ceptoar", Tlp = Tlp.Green, Kind = ItemKind.EarlyWarning, Body = new Body { Severity = Severity.Extreme } };
        var medium = new Item { Id = "i", OriginNode = "bank-ceptoar", Tlp = Tlp.Green, Kind = ItemKind.EarlyWarning, Body = new Body { Severity = Severity.Medium } };

        Assert.True(RoutingFacts.FromItem(extreme).Urgent);
        Assert.False(RoutingFacts.FromItem(medium).Urgent);
        // A hub cannot read a sealed item's severity: only the origin's signed flag counts.
        Assert.True(RoutingFacts.FromHeader(new RoutingHeader { ItemId = "i", Urgent = true, Kind = ItemKind.IncidentReport }).Urgent);
        Assert.False(RoutingFacts.FromHeader(new RoutingHeader { ItemId = "i", Urgent = false, Kind = ItemKind.ModeChange }).Urgent);
    }
}
