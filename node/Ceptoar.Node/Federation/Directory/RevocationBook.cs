using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;
using Google.Protobuf;

namespace Ceptoar.Node.Federation.Directory;

/// <summary>How a revocation list handed to the node fared.</summary>
internal enum RevocationOutcome
{
    /// <summary>Newer than the list held: taken, applied and passed on.</summary>
    Accepted,

    /// <summary>The version held already: nothing to do.</summary>
    Same,

    /// <summary>Older than the list held: ignored.</summary>
    Older,

    /// <summary>Does not verify with this node's roots, or is malformed: ignored.</summary>
    Invalid,
}

/// <summary>The answer to a revocation list handed to the node, with the list held after it.</summary>
internal sealed record RevocationAcceptance(RevocationOutcome Outcome, string Problem, HeldRevocationList? Held);

/// <summary>The verified revocation list a node holds, indexed for the checks that apply it.</summary>
internal sealed record HeldRevocationList(Envelope Envelope, RevocationList List, string Root, DateTimeOffset IssuedAt)
{
    public ulong Version => List.Version;

    public IReadOnlyDictionary<string, RevocationEntry> SigningKeys { get; } = List.Entries
        .Where(e => e.SubjectCase == RevocationEntry.SubjectOneofCase.SigningKeyId)
        .ToDictionary(e => e.SigningKeyId, StringComparer.Ordinal);

    public IReadOnlyList<string> Certificates { get; } = [.. List.Entries
        .Where(e => e.SubjectCase == RevocationEntry.SubjectOneofCase.CertificateThumbprint)
        .Select(e => e.CertificateThumbprint)];
}

/// <summary>
/// The federation's revocation list as this node holds it (docs/LIFECYCLE.md §3): the newest list that verifies with one
/// of this node's own roots, whoever relayed it. Taking one lays its key revocations over every signature check (the
/// signer key table) and its certificates over the TLS door (next to Federation:RevokedCertificates, which stays a
/// local addition), stores it, and wakes the peer links, which pass it on to every peer.
/// </summary>
internal sealed class RevocationBook(TrustBundle trust, TimeProvider time, TimePolicy timePolicy, InMemorySignerKeyResolver signerKeys, RevokedCertificates revokedCertificates, RevocationStore store, ILogger<RevocationBook> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HeldRevocationList? _held;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The list held, or null before the first.</summary>
    public HeldRevocationList? Current => Volatile.Read(ref _held);

    /// <summary>Completes the next time a newer list is taken (links then pass it on).</summary>
    public Task WaitForChangeAsync(CancellationToken cancellationToken) => Volatile.Read(ref _changed).Task.WaitAsync(cancellationToken);

    /// <summary>The revocation of a signing key by the list held, if any.</summary>
    public RevocationEntry? RevokedKey(string keyId) => Current is { } held && held.SigningKeys.TryGetValue(keyId, out var entry) ? entry : null;

    /// <summary>Loads the stored list and applies it, when it still verifies (a root may have left the trust bundle).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (await store.LoadAsync(cancellationToken) is not { } stored)
        {
            return;
        }

        var envelope = Envelope.Parser.ParseFrom(stored.Envelope);
        var check = RevocationLists.Verify(envelope, trust, time.GetUtcNow(), timePolicy.MaxClockSkew);
        if (!check.Valid)
        {
            RevocationListLog.Ignored(logger, "stored", stored.Version, check.Problem);
            return;
        }

        Apply(new HeldRevocationList(envelope, check.List!, check.Root!.Subject, check.List!.IssuedAt.ToDateTimeOffset()));
    }

    /// <summary>
    /// Verifies a list against this node's roots and takes it when it is newer than the one held; an older or invalid
    /// list is ignored, logged and audited with the reason. <paramref name="actor"/> names who handed it over.
    /// </summary>
    public async Task<RevocationAcceptance> AcceptAsync(Envelope envelope, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var check = RevocationLists.Verify(envelope, trust, time.GetUtcNow(), timePolicy.MaxClockSkew);
        if (!check.Valid)
        {
            RevocationListLog.Ignored(logger, actor, 0, check.Problem);
            await store.AuditRefusedAsync(actor, "revocation list", check.Problem, cancellationToken);
            return new RevocationAcceptance(RevocationOutcome.Invalid, check.Problem, Current);
        }

        var list = check.List!;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var held = Current;
            if (held is not null && list.Version <= held.Version)
            {
                if (list.Version == held.Version)
                {
                    return new RevocationAcceptance(RevocationOutcome.Same, "", held);
                }

                var problem = $"version {list.Version} is older than version {held.Version} held here; an older list never replaces a newer";
                RevocationListLog.Ignored(logger, actor, (long)list.Version, problem);
                await store.AuditRefusedAsync(actor, $"version {list.Version}", problem, cancellationToken);
                return new RevocationAcceptance(RevocationOutcome.Older, problem, held);
            }

            var next = new HeldRevocationList(envelope, list, check.Root!.Subject, list.IssuedAt.ToDateTimeOffset());
            var detail = $"{list.Entries.Count} entries, issued {next.IssuedAt:u} by root '{next.Root}'";
            if (!await store.SaveIfNewerAsync((long)list.Version, next.IssuedAt, envelope.ToByteArray(), actor, detail, cancellationToken))
            {
                return new RevocationAcceptance(RevocationOutcome.Older, "a newer list is stored", held);
            }

            Apply(next);
            RevocationListLog.Accepted(logger, actor, (long)list.Version, list.Entries.Count);
            return new RevocationAcceptance(RevocationOutcome.Accepted, "", next);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Apply(HeldRevocationList held)
    {
        Volatile.Write(ref _held, held);
        signerKeys.SetRevocations(held.SigningKeys.ToDictionary(e => e.Key, e => e.Value.RevokedAt.ToDateTimeOffset(), StringComparer.Ordinal));
        revokedCertificates.SetFederationList(held.Certificates);
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}

/// <summary>Source-generated log events of the federation's revocation list (stable event ids).</summary>
internal static partial class RevocationListLog
{
    [LoggerMessage(EventId = 3111, Level = LogLevel.Information, Message = "Revocation list version {Version} taken from {Actor}: {Entries} entries")]
    public static partial void Accepted(ILogger logger, string actor, long version, int entries);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Warning, Message = "Revocation list (version {Version}) from {Actor} ignored: {Problem}")]
    public static partial void Ignored(ILogger logger, string actor, long version, string problem);
}
