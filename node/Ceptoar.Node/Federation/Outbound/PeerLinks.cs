using System.Collections.Concurrent;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Federation.Outbound;

/// <summary>Runs one PeerLink per configured peer, from the moment the node listens; follows peers being added and removed.</summary>
internal sealed class PeerLinks(RevokedCertificates revoked, FederationOptions federationOptions, TimeProvider time, FederationStore federationStore, PeerSet peers, NodeDirectory directory, RevocationBook revocations, IHostApplicationLifetime lifetime, ILoggerFactory loggers, PeerChannels channels, NodeMetrics metrics) : IHostedService
{
    private readonly ConcurrentDictionary<string, (PeerLink Link, CancellationTokenSource Stop, Task Run)> _links = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();

    public PeerLinkState? StateOf(string peerId) => _links.TryGetValue(peerId, out var link) ? link.Link.State : null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Links start once the listeners are bound, so this node's descriptor carries its real endpoint.
        lifetime.ApplicationStarted.Register(() =>
        {
            peers.Changed += Sync;
            revoked.Added += Reconnect;
            Sync();
        });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        peers.Changed -= Sync;
        revoked.Added -= Reconnect;
        await _stopping.CancelAsync();
        await Task.WhenAll(_links.Values.Select(l => l.Run)).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// A certificate was revoked: every link connects again, so a peer whose server certificate it was fails its TLS
    /// check (and is retried with backoff) instead of keeping a stream opened before the revocation.
    /// </summary>
    private void Reconnect(IReadOnlySet<string> revoked)
    {
        lock (_lock)
        {
            foreach (var (id, link) in _links)
            {
                if (_links.TryRemove(id, out _))
                {
                    link.Stop.Cancel();
                }
            }
        }

        Sync();
    }

    private void Sync()
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            var wanted = peers.Ids.ToHashSet(StringComparer.Ordinal);
            foreach (var (id, link) in _links)
            {
                if (!wanted.Contains(id) && _links.TryRemove(id, out _))
                {
                    link.Stop.Cancel();
                }
            }

            foreach (var id in wanted.Where(id => !_links.ContainsKey(id)))
            {
                var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                var link = new PeerLink(id, federationOptions, time, federationStore, peers, directory, revocations, channels, metrics, loggers.CreateLogger("Ceptoar.Node.Federation.PeerLink"));
                _links[id] = (link, stop, Task.Run(() => link.RunAsync(stop.Token)));
            }
        }
    }
}
