namespace Ceptoar.Node.Query;

/// <summary>Federated query limits (configuration section "Federation", next to the delivery settings).</summary>
public sealed class QueryOptions
{
    /// <summary>Queries a peer may send this node per minute (a token bucket per peer); more are refused with ResourceExhausted.</summary>
    public int QueriesPerMinute { get; set; } = 60;
}
