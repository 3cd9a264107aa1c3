using System.Collections.Concurrent;

namespace Ceptoar.Node.Api;

/// <summary>
/// The calls open now, each with what it was admitted as (a member's key, a peer's certificate), so that a change of who
/// may call (a key revoked, a member disabled, a peer removed, a certificate revoked or expired) can wake the calls it
/// concerns. A woken call re-checks its caller against the current state and ends itself with the status that says why.
/// </summary>
/// <remarks>
/// Whoever changes the state does so before waking, and a call registers before its first check: so a change either
/// wakes a registered call or is seen by that call's first check; no call can miss one.
/// </remarks>
internal sealed class LiveCalls<T>
    where T : class
{
    private readonly ConcurrentDictionary<LiveCall<T>, byte> _open = new();

    /// <summary>Registers a call until the returned handle is disposed.</summary>
    public LiveCall<T> Open(T subject)
    {
        var call = new LiveCall<T>(subject, this);
        _open[call] = 0;
        return call;
    }

    /// <summary>Wakes every open call whose subject matches, and returns when their wake-ups have been delivered.</summary>
    public async Task<int> WakeAsync(Func<T, bool> which)
    {
        var woken = 0;
        foreach (var call in _open.Keys.Where(c => which(c.Subject)))
        {
            await call.WakeAsync();
            woken++;
        }

        return woken;
    }

    internal void Remove(LiveCall<T> call) => _open.TryRemove(call, out _);
}

/// <summary>One open call of a LiveCalls registry: its subject and the token that fires when it must re-check.</summary>
internal sealed class LiveCall<T> : IDisposable
    where T : class
{
    // Never disposed: it holds no timer or handle, and disposing it could race a wake-up in progress.
    private readonly CancellationTokenSource _woken = new();
    private readonly LiveCalls<T> _owner;

    internal LiveCall(T subject, LiveCalls<T> owner)
    {
        Subject = subject;
        _owner = owner;
    }

    public T Subject { get; }

    /// <summary>Fires when the caller's standing may have changed.</summary>
    public CancellationToken Woken => _woken.Token;

    /// <summary>Wakes this call (callbacks run on the thread pool, not on the caller's thread).</summary>
    public Task WakeAsync() => _woken.CancelAsync();

    public void Dispose() => _owner.Remove(this);
}
