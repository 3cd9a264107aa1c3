namespace Ceptoar.Node.Storage;

/// <summary>How the node's SQLite store is opened and written.</summary>
public sealed class StorageOptions
{
    /// <summary>The database file (default: &lt;DataDir&gt;/node.db).</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>
    /// PRAGMA synchronous. FULL (default) makes every acknowledged commit survive power loss in WAL mode;
    /// NORMAL survives a killed process but may lose the last commits on power loss.
    /// </summary>
    public string Synchronous { get; set; } = "FULL";

    /// <summary>Most operations the writer groups into one transaction.</summary>
    public int MaxOperationsPerTransaction { get; set; } = 1000;

    /// <summary>Pooled read connections.</summary>
    public int ReadConnections { get; set; } = 8;
}
