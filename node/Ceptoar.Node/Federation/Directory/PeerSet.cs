using System.Collections.Immutable;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Federation.Directory;

/// <summary>The configured peers, held in memory for the TLS gate and the links, written through to the store.</summary>
internal sealed class PeerSet(FederationStore store)
{
    private int _version;
    private ImmutableDictionary<string, PeerRecord> _peers = ImmutableDictionary.Create<string, PeerRecord>(StringComparer.Ordinal);

    /// <summary>Raised after the set changed (a peer added, moved or removed).</summary>
    public event Action? Changed;

    public IReadOnlyCollection<string> Ids => _peers.Keys.ToList();

    /// <summary>Changes with every reload of the set, so views built from it know when they are stale.</summary>
    public int Version => Volatile.Read(ref _version);

    public IReadOnlyCollection<PeerRecord> All => _peers.Values.ToList();

    public bool Contains(string nodeId) => _peers.ContainsKey(nodeId);

    public PeerRecord? Find(string nodeId) => _peers.GetValueOrDefault(nodeId);

    /// <summary>Seeds configured peers that the store does not have yet (the store wins: admins may have changed them), then loads all.</summary>
    public async Task LoadAsync(IEnumerable<PeerOption> seeds, CancellationToken cancellationToken)
    {
        var stored = (await store.ListPeersAsync(cancellationToken)).Select(p => p.NodeId).ToHashSet(StringComparer.Ordinal);
        foreach (var seed in seeds.Where(s => !stored.Contains(s.Id)))
        {
            await store.UpsertPeerAsync(seed.Id, seed.Endpoint, "config", cancellationToken);
        }

        await ReloadAsync(cancellationToken);
    }

    public async Task<bool> UpsertAsync(string nodeId, string endpoint, string actor, CancellationToken cancellationToken)
    {
        var changed = await store.UpsertPeerAsync(nodeId, endpoint, actor, cancellationToken);
        await ReloadAsync(cancellationToken);
        return changed;
    }

    public async Task<bool> RemoveAsync(string nodeId, string actor, CancellationToken cancellationToken)
    {
        var removed = await store.RemovePeerAsync(nodeId, actor, cancellationToken);
        await ReloadAsync(cancellationToken);
        return removed;
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var peers = await store.ListPeersAsync(cancellationToken);
        _peers = peers.ToImmutableDictionary(p => p.NodeId, StringComparer.Ordinal);
        Interlocked.Increment(ref _version);
        Changed?.Invoke();
    }
}
