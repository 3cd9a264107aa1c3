using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Items;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Receipts;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Hosting;

/// <summary>
/// Everything the node loads once at start and shares: identity and keys, trust, vocabulary, validator and the store.
/// Opened before the web host is built so a bad certificate or database stops the node with a clear message.
/// </summary>
internal sealed class NodeContext : IAsyncDisposable
{
    public required NodeOptions Options { get; init; }
    public required LimitsOptions Limits { get; init; }
    public required NodeCredentials Credentials { get; init; }
    public required TrustBundle Trust { get; init; }
    public required EnvelopeSigner Signer { get; init; }
    public required InMemorySignerKeyResolver SignerKeys { get; init; }
    public required EnvelopeVerifier ItemVerifier { get; init; }
    public required EnvelopeVerifier SealedVerifier { get; init; }
    public required EnvelopeVerifier ReceiptVerifier { get; init; }
    public required Vocabulary Vocabulary { get; init; }
    public required ItemValidator Validator { get; init; }
    public required ItemLimits ItemLimits { get; init; }
    public required NodeDatabase Database { get; init; }
    public required AuditLog Audit { get; init; }
    public required ItemStore Items { get; init; }
    public required MemberStore Members { get; init; }
    public required FederationStore FederationStore { get; init; }
    public required RuleStore RuleStore { get; init; }
    public required HeldStore HeldStore { get; init; }
    public required Ceptoar.Node.Federation.FederationOptions Federation { get; init; }

    /// <summary>Federation:RevokedCertificates as it is now: followed while the node runs (Federation options are otherwise read once at start).</summary>
    public required Ceptoar.Node.Federation.RevokedCertificates Revoked { get; init; }

    public required StorageOptions Storage { get; init; }
    public required TimeProvider Time { get; init; }

    /// <summary>How far ahead the times peers sign may be, and how long what they send may live.</summary>
    public required TimePolicy TimePolicy { get; init; }
    public required DateTimeOffset StartedAt { get; init; }

    public string NodeId => Options.Id;

    public static async Task<NodeContext> OpenAsync(
        NodeOptions options, LimitsOptions limits, StorageOptions storage, Ceptoar.Node.Federation.FederationOptions federation, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var trust = TrustBundle.Load(options.TrustedRoots);
        var credentials = NodeCredentials.Load(new NodeKeyFiles(options.CertificatesDir), options.Id, trust, now);
        RequireCertifiedRole(options, credentials);
        var signer = credentials.CreateEnvelopeSigner();
        var keys = new InMemorySignerKeyResolver();
        keys.Add(signer.AsSignerKey());

        var vocabulary = string.IsNullOrEmpty(options.RosterFile)
            ? Vocabulary.Default
            : Vocabulary.Load(options.RosterFile, string.IsNullOrEmpty(options.ThreatTypesFile) ? null : options.ThreatTypesFile);
        var itemLimits = new ItemLimits
        {
            DefaultLifetime = TimeSpan.FromDays(limits.DefaultItemLifetimeDays),
            MaxLifetime = TimeSpan.FromDays(limits.MaxItemLifetimeDays),
        };

        storage.DatabasePath = options.DatabasePath;
        var database = await NodeDatabase.OpenAsync(storage, cancellationToken);
        try
        {
            var audit = new AuditLog(database);
            var members = await MemberStore.OpenAsync(database, audit, cancellationToken);
            return new NodeContext
            {
                Options = options,
                Limits = limits,
                Credentials = credentials,
                Trust = trust,
                Signer = signer,
                SignerKeys = keys,
                ItemVerifier = new EnvelopeVerifier(keys, new HashSet<string> { PayloadTypes.Item }, limits.MaxRequestBytes * 2),
                SealedVerifier = new EnvelopeVerifier(keys, new HashSet<string> { PayloadTypes.Sealed }, limits.MaxRequestBytes * 2),
                ReceiptVerifier = new EnvelopeVerifier(keys, new HashSet<string> { PayloadTypes.Receipt }, ReceiptRules.MaxEnvelopeBytes),
                Vocabulary = vocabulary,
                Validator = new ItemValidator(vocabulary, itemLimits),
                ItemLimits = itemLimits,
                Database = database,
                Audit = audit,
                Items = new ItemStore(database, audit),
                Members = members,
                FederationStore = new FederationStore(database, audit),
                RuleStore = new RuleStore(database, audit),
                HeldStore = new HeldStore(database),
                Federation = federation,
                Revoked = new Ceptoar.Node.Federation.RevokedCertificates(federation.RevokedCertificates),
                Storage = storage,
                Time = time,
                TimePolicy = new TimePolicy(TimeSpan.FromSeconds(federation.MaxClockSkewSeconds), itemLimits.MaxLifetime),
                StartedAt = now,
            };
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();

    /// <summary>The configured role must be the one this node's certificates certify: peers refuse a descriptor that claims another.</summary>
    private static void RequireCertifiedRole(NodeOptions options, NodeCredentials credentials)
    {
        var role = NodeRoles.Parse(options.Role);
        foreach (var (certificate, what) in new[] { (credentials.SigningCertificate, "signing"), (credentials.TlsCertificate, "TLS"), (credentials.EncryptionCertificate, "encryption") })
        {
            if (NodeRoles.Mismatch(role, certificate, what) is { } problem)
            {
                throw new InvalidOperationException($"Node:Role is '{options.Role}', but {problem} (in {options.CertificatesDir}): set Node:Role to the certified role, or have the federation root issue certificates for this role.");
            }
        }
    }
}
