using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Node.Hosting;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Federation.Directory;

/// <summary>
/// The revoked certificates (Federation:RevokedCertificates, SHA-256 thumbprints), followed while the node runs: a
/// change to the configuration file takes effect without a restart, and a newly revoked certificate loses its open calls.
/// </summary>
internal sealed class RevokedCertificates(IEnumerable<string> initial)
{
    /// <summary>The name the Federation options are bound under to follow their reloads (the unnamed ones are read once at start).</summary>
    public const string Reloaded = "reloaded";

    private const string Setting = "Federation:RevokedCertificates";

    private ImmutableHashSet<string> _thumbprints = Normalise(initial);
    private ImmutableHashSet<string> _federation = [];

    /// <summary>Raised with the thumbprints that became revoked, after the set that Contains reads was replaced.</summary>
    public event Action<IReadOnlySet<string>>? Added;

    public int Count => Volatile.Read(ref _thumbprints).Count;

    /// <summary>Revoked by this node's setting (a local addition) or by the federation's revocation list (docs/LIFECYCLE.md §3).</summary>
    public bool Contains(string thumbprint) => Volatile.Read(ref _thumbprints).Contains(thumbprint) || Volatile.Read(ref _federation).Contains(thumbprint);

    /// <summary>Takes the certificates the federation's newest revocation list revokes; those newly revoked lose their open calls.</summary>
    public void SetFederationList(IEnumerable<string> thumbprints)
    {
        var next = Normalise(thumbprints);
        var previous = Interlocked.Exchange(ref _federation, next);
        var added = next.Except(previous).Except(Volatile.Read(ref _thumbprints));
        if (added.Count > 0)
        {
            Added?.Invoke(added);
        }
    }

    /// <summary>The thumbprint the list names a certificate by: lower-case hex SHA-256 of its DER bytes (as `ceptoar-admin pki show` prints it).</summary>
    public static string ThumbprintOf(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    /// <summary>Follows the bound Federation options as the configuration reloads; dispose the result to stop.</summary>
    /// <param name="configFile">The --config file, if any: while it is missing (deleted, or mid-replace) the list stays as it was.</param>
    public IDisposable? Follow(IOptionsMonitor<FederationOptions> monitor, ILogger logger, string? configFile) => monitor.OnChange((options, name) =>
    {
        if (name != Reloaded)
        {
            return;
        }

        // A vanished file reloads as empty: that must not lift the revocations it held.
        if (configFile is not null && !File.Exists(configFile))
        {
            RevocationLog.ReloadRefused(logger, $"the configuration file {configFile} is missing", Count);
            return;
        }

        Update(options, logger);
    });

    /// <summary>
    /// Takes the list from reloaded options. A list with a malformed entry is not taken at all (the previous one stays,
    /// and the error names the entry): a typo must not silently drop the revocations around it.
    /// </summary>
    public void Update(FederationOptions options, ILogger logger)
    {
        var problems = (new FederationOptionsValidator().Validate(null, options).Failures ?? [])
            .Where(f => f.StartsWith(Setting, StringComparison.Ordinal))
            .ToList();
        if (problems.Count > 0)
        {
            RevocationLog.ReloadRefused(logger, string.Join(" ", problems), Count);
            return;
        }

        var next = Normalise(options.RevokedCertificates);
        var previous = Interlocked.Exchange(ref _thumbprints, next);
        if (next.SetEquals(previous))
        {
            return;
        }

        var added = next.Except(previous);
        RevocationLog.Reloaded(logger, next.Count, added.Count, previous.Except(next).Count);
        if (added.Count > 0)
        {
            Added?.Invoke(added);
        }
    }

    private static ImmutableHashSet<string> Normalise(IEnumerable<string> thumbprints) =>
        thumbprints.Select(t => t.Trim().ToLowerInvariant()).ToImmutableHashSet(StringComparer.Ordinal);
}

/// <summary>Source-generated log events of certificate revocation and of federation calls it ends (stable event ids).</summary>
internal static partial class RevocationLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Revoked certificates reloaded: {Count} revoked ({Added} added, {Removed} removed)")]
    public static partial void Reloaded(ILogger logger, int count, int added, int removed);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Revoked certificates not reloaded, the {Count} revoked before still apply: {Problems}")]
    public static partial void ReloadRefused(ILogger logger, string problems, int count);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Open federation call {Method} of peer {Peer} ended: {Reason}")]
    public static partial void CallEnded(ILogger logger, string peer, string method, string reason);
}
