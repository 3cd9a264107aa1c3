using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy;

/// <summary>
/// Which items overtake a backlog (docs/MODES.md §6): a mode change, and items of high or extreme severity. They go
/// before any ordinary item on every link and in every outbox; among themselves, and among ordinary items, the order
/// stays the order they were queued in. Pure.
/// </summary>
public static class Urgency
{
    /// <summary>Whether the item is urgent, from its own signed content (the origin, and a node that reads it in clear).</summary>
    public static bool IsUrgent(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return IsUrgent(item.Kind, item.Body?.Severity ?? Severity.None);
    }

    /// <summary>The same rule on the kind and severity alone (a notification plan keeps just these).</summary>
    public static bool IsUrgent(ItemKind kind, Severity severity) =>
        kind == ItemKind.ModeChange || severity is Severity.High or Severity.Extreme;
}
