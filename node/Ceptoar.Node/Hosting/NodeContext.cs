using Ceptoar.Core.Items;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Protocol;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Hosting;

/// <summary>
/// Everything the node loads once at start and shares: identity and keys, trust, vocabulary, validator and the store.
/// Opened before the web host is built so a bad certificate or database stops the node with a clear message.
/// </summary>
internal sealed class NodeContext
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

    /// <summary>Gathers the bag from the registered services while its users move to taking what they use.</summary>
    public static NodeContext Create(IServiceProvider services)
    {
        var verifiers = services.GetRequiredService<EnvelopeVerifiers>();
        return new NodeContext
        {
            Options = services.GetRequiredService<NodeOptions>(),
            Limits = services.GetRequiredService<LimitsOptions>(),
            Credentials = services.GetRequiredService<NodeCredentials>(),
            Trust = services.GetRequiredService<TrustBundle>(),
            Signer = services.GetRequiredService<EnvelopeSigner>(),
            SignerKeys = services.GetRequiredService<InMemorySignerKeyResolver>(),
            ItemVerifier = verifiers.Item,
            SealedVerifier = verifiers.Sealed,
            ReceiptVerifier = verifiers.Receipt,
            Vocabulary = services.GetRequiredService<Vocabulary>(),
            Validator = services.GetRequiredService<ItemValidator>(),
            ItemLimits = services.GetRequiredService<ItemLimits>(),
            Database = services.GetRequiredService<NodeDatabase>(),
            Audit = services.GetRequiredService<AuditLog>(),
            Items = services.GetRequiredService<ItemStore>(),
            Members = services.GetRequiredService<MemberStore>(),
            FederationStore = services.GetRequiredService<FederationStore>(),
            RuleStore = services.GetRequiredService<RuleStore>(),
            HeldStore = services.GetRequiredService<HeldStore>(),
            Federation = services.GetRequiredService<Ceptoar.Node.Federation.FederationOptions>(),
            Revoked = services.GetRequiredService<Ceptoar.Node.Federation.RevokedCertificates>(),
            Storage = services.GetRequiredService<StorageOptions>(),
            Time = services.GetRequiredService<TimeProvider>(),
            TimePolicy = services.GetRequiredService<TimePolicy>(),
            StartedAt = services.GetRequiredService<NodeStarted>().At,
        };
    }
}
