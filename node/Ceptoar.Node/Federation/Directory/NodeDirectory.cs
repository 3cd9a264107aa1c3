using System.Collections.Concurrent;
using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Federation.Directory;

/// <summary>A node known from its verified descriptor.</summary>
internal sealed record DirectoryEntry(NodeDescriptor Descriptor, Envelope Envelope, SealRecipient Recipient, DateTimeOffset IssuedAt)
{
    public FederationNode Node => new(Descriptor.NodeId, Descriptor.Role, [.. Descriptor.Sectors], [.. Descriptor.Peers]);
}

/// <summary>
/// The federation as this node knows it: every descriptor it verified against its own roots (never trusting the relay),
/// the signing keys they bind (fed to the envelope verifier), and this node's own signed descriptor.
/// </summary>
internal sealed class NodeDirectory(TrustBundle trust, TimeProvider time, TimePolicy timePolicy, NodeOptions node, InMemorySignerKeyResolver signerKeys, FederationOptions federationOptions, NodeCredentials credentials, FederationStore store, PeerSet peers, ListenerAddresses addresses, ILogger<NodeDirectory> logger)
{
    private readonly ConcurrentDictionary<string, DirectoryEntry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _ownLock = new();
    private DirectoryEntry? _own;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _version;
    private CachedView? _view;

    /// <summary>Completes the next time a node is learned or its descriptor renewed (links then pass it on).</summary>
    public Task WaitForChangeAsync(CancellationToken cancellationToken) => Volatile.Read(ref _changed).Task.WaitAsync(cancellationToken);

    /// <summary>Loads stored descriptors, keeping those that still verify.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var bytes in await store.LoadDescriptorsAsync(cancellationToken))
        {
            var check = NodeDescriptors.Verify(Envelope.Parser.ParseFrom(bytes), trust, time.GetUtcNow(), timePolicy);
            if (check.Valid)
            {
                Add(check, Envelope.Parser.ParseFrom(bytes));
            }
            else
            {
                FederationLog.DescriptorDropped(logger, "stored", check.Problem);
            }
        }
    }

    /// <summary>This node's descriptor, signed; re-signed when its peers change.</summary>
    public DirectoryEntry Own
    {
        get
        {
            lock (_ownLock)
            {
                var peerIds = peers.Ids.Order(StringComparer.Ordinal).ToList();
                if (_own is null || !_own.Descriptor.Peers.SequenceEqual(peerIds) || (_own.Descriptor.Endpoints.Count == 0 && addresses.Federation is not null))
                {
                    _own = SignOwn(peerIds);
                }

                return _own;
            }
        }
    }

    /// <summary>Verifies a descriptor against this node's roots and keeps it if it is new or newer.</summary>
    public async Task<DescriptorCheck> AcceptAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        var check = NodeDescriptors.Verify(envelope, trust, time.GetUtcNow(), timePolicy);
        if (!check.Valid || check.Descriptor!.NodeId == node.Id)
        {
            return check;
        }

        var issued = check.Descriptor.IssuedAt.ToDateTimeOffset();
        if (_entries.TryGetValue(check.Descriptor.NodeId, out var known) && known.IssuedAt >= issued)
        {
            return check;
        }

        Add(check, envelope);
        await store.SaveDescriptorAsync(check.Descriptor.NodeId, envelope.ToByteArray(), issued, cancellationToken);
        return check;
    }

    public DirectoryEntry? Find(string nodeId) => nodeId == node.Id ? Own : _entries.GetValueOrDefault(nodeId);

    /// <summary>Every descriptor this node can pass on, its own first.</summary>
    public IReadOnlyList<Envelope> AllEnvelopes() => [Own.Envelope, .. _entries.Values.Select(e => e.Envelope)];

    public IReadOnlyList<DirectoryEntry> Entries() => [Own, .. _entries.Values.OrderBy(e => e.Descriptor.NodeId, StringComparer.Ordinal)];

    /// <summary>The routing view: verified nodes (with this node) and the configured peers.</summary>
    /// <remarks>
    /// Every submission and batch asks for it: it is built again only after a node was learned or the peers changed (read
    /// the versions before building, so a change during the build leaves the new view already stale).
    /// </remarks>
    public FederationView View()
    {
        var (version, peersVersion) = (Volatile.Read(ref _version), peers.Version);
        if (Volatile.Read(ref _view) is { } cached && cached.Version == version && cached.PeersVersion == peersVersion)
        {
            return cached.View;
        }

        var view = new FederationView(node.Id, Entries().Select(e => e.Node), peers.Ids);
        Volatile.Write(ref _view, new CachedView(version, peersVersion, view));
        return view;
    }

    private void Add(DescriptorCheck check, Envelope envelope)
    {
        var descriptor = check.Descriptor!;
        signerKeys.Add(check.Signer!);
        foreach (var retired in check.RetiredSigners)
        {
            signerKeys.Add(retired);
        }

        _entries[descriptor.NodeId] = new DirectoryEntry(descriptor, envelope, check.Recipient!, descriptor.IssuedAt.ToDateTimeOffset());
        Interlocked.Increment(ref _version);
        check.TlsCertificate?.Dispose();
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>
    /// The keys this node rotated away from (docs/LIFECYCLE.md §2): every retired signing key (newest first, as many as
    /// peers accept), so items it signed keep verifying until they expire; the encryption keys still in their overlap.
    /// </summary>
    private void AddRetiredKeys(NodeDescriptor descriptor, DateTimeOffset now)
    {
        foreach (var retired in credentials.RetiredSigningCertificates.Take(NodeDescriptors.MaxRetiredSigningKeys))
        {
            descriptor.RetiredSigningKeys.Add(new RetiredKey
            {
                SigningCertificatePem = retired.Pem,
                RetiredAt = Timestamp.FromDateTimeOffset(retired.RetiredAt),
            });
        }

        var overlap = TimeSpan.FromDays(federationOptions.RetiredKeyOverlapDays);
        foreach (var retired in credentials.RetiredEncryptionKeys.Where(k => k.RetiredAt + overlap > now).Take(NodeDescriptors.MaxRetiredSigningKeys))
        {
            descriptor.RetiredEncryptionKeys.Add(new RetiredEncryptionKey
            {
                EncryptionCertificatePem = retired.Pem,
                RetiredAt = Timestamp.FromDateTimeOffset(retired.RetiredAt),
            });
        }
    }

    private sealed record CachedView(int Version, int PeersVersion, FederationView View);

    private DirectoryEntry SignOwn(IReadOnlyList<string> peerIds)
    {
        var options = node;
        var now = time.GetUtcNow();
        var descriptor = new NodeDescriptor
        {
            NodeId = node.Id,
            Role = NodeRoles.Parse(options.Role),
            NameJa = options.NameJa,
            NameEn = options.NameEn,
            ValidUntil = Timestamp.FromDateTimeOffset(now.AddDays(federationOptions.DescriptorValidityDays)),
            IssuedAt = Timestamp.FromDateTimeOffset(now),
        };
        descriptor.Sectors.AddRange(options.Sectors);
        descriptor.Peers.AddRange(peerIds);
        OwnContacts.AddTo(descriptor, options);
        AddRetiredKeys(descriptor, now);
        if (addresses.Federation is { } federation)
        {
            descriptor.Endpoints.Add($"https://{federation.IPEndPoint}");
        }

        var envelope = NodeDescriptors.Sign(credentials, descriptor, now);
        var signed = NodeDescriptor.Parser.ParseFrom(envelope.Payload);
        var recipient = SealRecipient.FromCertificate(credentials.EncryptionCertificate);
        return new DirectoryEntry(signed, envelope, recipient, now);
    }
}
