using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy;

/// <summary>
/// The federation's mode as a node holds it (docs/MODES.md §4): normal, or large-scale since a NISC-signed mode change
/// (<paramref name="PeriodId"/>, the change's item id), for the scope's sectors (empty = the whole federation). Pure.
/// </summary>
public sealed record ModeState(FederationMode Mode, IReadOnlyList<string> ScopeSectors, string PeriodId, DateTimeOffset Since, uint ReportEveryMinutes, string Reason)
{
    /// <summary>Normal times, as a node starts before it has seen any mode change.</summary>
    public static readonly ModeState Normal = new(FederationMode.Normal, [], "", DateTimeOffset.MinValue, 0, "");

    public bool IsLargeScale => Mode == FederationMode.LargeScale;

    /// <summary>
    /// Whether large-scale mode holds at a node of this role serving these sectors: the scope is the whole federation, or
    /// the node serves a sector in scope, or it is not a secretariat (hubs, ministries and the other actors see the whole).
    /// </summary>
    public bool HoldsFor(NodeRole role, IReadOnlyCollection<string> sectors)
    {
        ArgumentNullException.ThrowIfNull(sectors);
        return IsLargeScale && (ScopeSectors.Count == 0 || role != NodeRole.Secretariat || sectors.Any(ScopeSectors.Contains));
    }
}
