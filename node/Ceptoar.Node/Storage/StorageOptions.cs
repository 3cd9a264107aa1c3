namespace Ceptoar.Node.Storage;

/// <summary>How the node's SQLite store is opened and written.</summary>
public sealed class StorageOptions
{
    /// <summary>The values accepted for <see cref="Synchronous"/>; OFF is refused because it would break "nothing acknowledged is lost".</summary>
    public static readonly IReadOnlyList<string> SynchronousLevels = ["FULL", "NORMAL", "EXTRA"];

    /// <summary>The database file (default: &lt;DataDir&gt;/node.db).</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>
    /// PRAGMA synchronous. FULL (default) makes every acknowledged commit survive power loss in WAL mode;
    /// NORMAL survives a killed process but may lose the last commits on power loss.
    /// </summary>
    public string Synchronous { get; set; } = "FULL";

    /// <summary>Most operations the writer groups into one transaction.</summary>
    public int MaxOperationsPerTransaction { get; set; } = 1000;

    /// <summary>Minutes between retention sweeps (items past the retention period their handling rule set are purged).</summary>
    public int RetentionSweepMinutes { get; set; } = 60;

    /// <summary>
    /// Read connections opened at start and handed back to Microsoft.Data.Sqlite's pool, so the first readers do not
    /// pay for opening a file; the pool grows past this when more readers run at once.
    /// </summary>
    public int ReadConnections { get; set; } = 8;

    /// <summary>How long a connection waits for a lock held by another process (e.g. an admin tool) before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock for stored timestamps (received_at, audit times, acknowledgements); tests may replace it.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws ArgumentException naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new ArgumentException("Storage:DatabasePath is empty; set it to the node's database file (e.g. <data-dir>/node.db).", nameof(DatabasePath));
        }

        if (!SynchronousLevels.Contains(Synchronous.ToUpperInvariant()))
        {
            throw new ArgumentException(
                $"Storage:Synchronous '{Synchronous}' is not supported; use one of {string.Join(", ", SynchronousLevels)}.", nameof(Synchronous));
        }

        if (MaxOperationsPerTransaction < 1)
        {
            throw new ArgumentException($"Storage:MaxOperationsPerTransaction must be at least 1 (got {MaxOperationsPerTransaction}).", nameof(MaxOperationsPerTransaction));
        }

        if (ReadConnections < 0)
        {
            throw new ArgumentException($"Storage:ReadConnections must not be negative (got {ReadConnections}).", nameof(ReadConnections));
        }

        if (BusyTimeout < TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"Storage:BusyTimeout must be between 0 and 10 minutes (got {BusyTimeout}).", nameof(BusyTimeout));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
