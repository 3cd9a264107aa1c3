using Ceptoar.Node.Api;

namespace Ceptoar.Node.Federation.Directory;

/// <summary>What a federation call was admitted as: the peer, and the certificate it presented on its connection.</summary>
internal sealed record PeerCall(string NodeId, string Thumbprint, DateTimeOffset NotAfter);

/// <summary>
/// The federation calls open now. Removing a peer, revoking its certificate, or the certificate expiring wakes that
/// peer's open calls, which then end with the status a new call would get.
/// </summary>
internal sealed class PeerCalls
{
    // Timers cannot wait much longer than 49 days; a call open longer simply sets its timer again.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(30);

    private readonly LiveCalls<PeerCall> _open = new();
    private readonly TimeProvider _time;

    public PeerCalls(TimeProvider time, RevokedCertificates revoked, PeerSet peers)
    {
        _time = time;
        // Both raise their event after the state a woken call re-checks was changed, so the check sees the change.
        peers.Changed += () => _ = _open.WakeAsync(call => !peers.Contains(call.NodeId));
        revoked.Added += revoked => _ = _open.WakeAsync(call => revoked.Contains(call.Thumbprint));
    }

    /// <summary>Registers a call (check its standing after this); it is also woken when its certificate expires.</summary>
    public OpenPeerCall Open(PeerCall call)
    {
        var live = _open.Open(call);
        return new OpenPeerCall(live, _time, LongestWait);
    }
}

/// <summary>A registered federation call: woken when its peer's standing may have changed, until disposed.</summary>
internal sealed class OpenPeerCall : IDisposable
{
    private readonly LiveCall<PeerCall> _live;
    private readonly TimeProvider _time;
    private readonly TimeSpan _longestWait;
    private readonly ITimer _expiry;
    private volatile bool _endsItself;

    public OpenPeerCall(LiveCall<PeerCall> live, TimeProvider time, TimeSpan longestWait)
    {
        _live = live;
        _time = time;
        _longestWait = longestWait;
        _expiry = time.CreateTimer(_ => OnExpiryTimer(), null, UntilExpiry(), Timeout.InfiniteTimeSpan);
    }

    public PeerCall Call => _live.Subject;

    public CancellationToken Woken => _live.Woken;

    /// <summary>
    /// Set by a handler that ends itself with a status when woken (the exchange stream); any other call is aborted.
    /// </summary>
    public bool EndsItself
    {
        get => _endsItself;
        set => _endsItself = value;
    }

    public void Dispose()
    {
        _expiry.Dispose();
        _live.Dispose();
    }

    private void OnExpiryTimer()
    {
        if (_time.GetUtcNow() > Call.NotAfter)
        {
            _ = _live.WakeAsync();
            return;
        }

        // Early (a long certificate life is waited for in steps, and clocks drift): wait for the rest.
        try
        {
            _expiry.Change(UntilExpiry(), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The call ended meanwhile.
        }
    }

    /// <summary>Until just after NotAfter (validity is judged as "now &gt; NotAfter"), at most the longest wait.</summary>
    private TimeSpan UntilExpiry()
    {
        var left = Call.NotAfter - _time.GetUtcNow() + TimeSpan.FromMilliseconds(10);
        return left < TimeSpan.Zero ? TimeSpan.Zero : left > _longestWait ? _longestWait : left;
    }
}
