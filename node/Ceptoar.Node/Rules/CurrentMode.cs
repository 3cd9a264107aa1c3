using Ceptoar.Core.Policy;

namespace Ceptoar.Node.Rules;

/// <summary>
/// The federation's mode as this node holds it now (docs/MODES.md §4): read by the rules (<c>mode=large-scale</c>), status
/// and the board; set by the mode feature when it loads the stored mode at start and when a verified mode change arrives.
/// Thread-safe; <see cref="Changed"/> completes at the next change, for watchers.
/// </summary>
internal sealed class CurrentMode
{
    private ModeState _state = ModeState.Normal;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ModeState State => Volatile.Read(ref _state);

    /// <summary>Completes when the mode next changes.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    public void Set(ModeState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Volatile.Write(ref _state, state);
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
