using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Items;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Receipts;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Hosting;

/// <summary>Registers who this node is: settings, clock, trust, keys, signer and verifiers, vocabulary and item checks.</summary>
internal static class IdentityServices
{
    public static IServiceCollection AddNodeIdentity(this IServiceCollection services, OpenedIdentity identity, TimeProvider time)
    {
        // A ministry serves the roster's sectors for it; checked once at start (Open), applied to every reading of the options.
        services.PostConfigure<NodeOptions>(options => OpenedIdentity.ServeMinistrySectors(options, identity.Vocabulary));
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<NodeOptions>>().Value);
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<LimitsOptions>>().Value);
        services.AddSingleton(time);
        services.AddSingleton(new NodeStarted(time.GetUtcNow()));
        services.AddSingleton(identity.Trust);
        services.AddSingleton(identity.Credentials);
        services.AddSingleton(identity.Vocabulary);
        services.AddSingleton(identity.Credentials.CreateEnvelopeSigner());
        services.AddSingleton(provider =>
        {
            var keys = new InMemorySignerKeyResolver();
            keys.Add(provider.GetRequiredService<EnvelopeSigner>().AsSignerKey());
            // This node's own items signed before a rotation keep verifying here too (docs/LIFECYCLE.md §2).
            foreach (var retired in identity.Credentials.RetiredSigningCertificates)
            {
                keys.Add(NodeCertificateKeys.SignerKeyOf(retired.Certificate) with { RetiredAt = retired.RetiredAt });
            }

            return keys;
        });
        services.AddSingleton<EnvelopeVerifiers>();
        services.AddSingleton(provider =>
        {
            var limits = provider.GetRequiredService<LimitsOptions>();
            return new ItemLimits { DefaultLifetime = TimeSpan.FromDays(limits.DefaultItemLifetimeDays), MaxLifetime = TimeSpan.FromDays(limits.MaxItemLifetimeDays) };
        });
        services.AddSingleton<ItemValidator>();
        return services;
    }
}

/// <summary>When this node process started (shown by `ceptoar-admin status`).</summary>
internal sealed record NodeStarted(DateTimeOffset At);

/// <summary>The verifiers of what this node and its peers sign: items, sealed items, receipts; each accepts only its payload type.</summary>
internal sealed class EnvelopeVerifiers(InMemorySignerKeyResolver keys, LimitsOptions limits)
{
    public EnvelopeVerifier Item { get; } = new(keys, new HashSet<string> { PayloadTypes.Item }, limits.MaxRequestBytes * 2);

    public EnvelopeVerifier Sealed { get; } = new(keys, new HashSet<string> { PayloadTypes.Sealed }, limits.MaxRequestBytes * 2);

    public EnvelopeVerifier Receipt { get; } = new(keys, new HashSet<string> { PayloadTypes.Receipt }, ReceiptRules.MaxEnvelopeBytes);

    /// <summary>Signed heads of audit chains (docs/LIFECYCLE.md §4): a few hundred bytes each.</summary>
    public EnvelopeVerifier Checkpoint { get; } = new(keys, new HashSet<string> { PayloadTypes.AuditCheckpoint }, 4096);
}

/// <summary>
/// What the node loads once at start from files, before the host is built, so a bad certificate, role or vocabulary
/// stops it with a message naming the file or setting.
/// </summary>
internal sealed record OpenedIdentity(TrustBundle Trust, NodeCredentials Credentials, Vocabulary Vocabulary)
{
    public static OpenedIdentity Open(NodeOptions options, DateTimeOffset now, StartupProgress? progress = null)
    {
        progress?.Step = StartupStep.Credentials;
        var trust = TrustBundle.Load(options.TrustedRoots);
        var credentials = NodeCredentials.Load(new NodeKeyFiles(options.CertificatesDir), options.Id, trust, now);
        RequireCertifiedRole(options, credentials);

        // The roster and the ministry's sectors are settings, not credentials: a failure there is a configuration failure.
        progress?.Step = StartupStep.Configuration;
        var vocabulary = string.IsNullOrEmpty(options.RosterFile)
            ? Vocabulary.Default
            : Vocabulary.Load(options.RosterFile, string.IsNullOrEmpty(options.ThreatTypesFile) ? null : options.ThreatTypesFile);
        ServeMinistrySectors(options, vocabulary);
        return new OpenedIdentity(trust, credentials, vocabulary);
    }

    /// <summary>A ministry node serves the sectors the roster's sector→ministry map gives it (docs/MODES.md §1).</summary>
    internal static void ServeMinistrySectors(NodeOptions options, Vocabulary vocabulary)
    {
        if (options.Ministry.Length == 0 || (options.Sectors.Count > 0 && options.Sectors.SequenceEqual(vocabulary.Ministry(options.Ministry)?.Sectors ?? [], StringComparer.Ordinal)))
        {
            return;
        }

        var ministry = vocabulary.Ministry(options.Ministry)
            ?? throw new InvalidOperationException(
                $"Node:Ministry '{options.Ministry}' is not in the roster (vocabulary {vocabulary.RosterVersion}): use one of {string.Join(", ", vocabulary.Ministries.Select(m => m.Id))}, or add it to the roster file (Node:RosterFile).");
        if (options.Sectors.Count == 0)
        {
            options.Sectors.AddRange(ministry.Sectors);
        }
        else if (!options.Sectors.Order(StringComparer.Ordinal).SequenceEqual(ministry.Sectors.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"Node:Sectors ({string.Join(", ", options.Sectors)}) differ from the sectors the roster gives ministry '{ministry.Id}' ({string.Join(", ", ministry.Sectors)}): remove Node:Sectors, and the node serves the roster's.");
        }
    }

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
