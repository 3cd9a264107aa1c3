using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>One queued write: runs on the writer thread, completes its caller only after the batch's outcome is known.</summary>
internal abstract class WriteOperation
{
    private const int Queued = 0;
    private const int Claimed = 1;
    private const int Cancelled = 2;

    private int _state;
    private CancellationTokenRegistration _registration;
    private List<Action>? _afterCommit;

    /// <summary>The exception the operation threw (its savepoint was rolled back), or null.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Called once after construction: a caller cancelling before the writer claims the operation removes it.</summary>
    public void RegisterCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(
                static (state, token) => ((WriteOperation)state!).TryCancel(token), this);
        }
    }

    /// <summary>The writer takes the operation; false if the caller cancelled first. Once claimed its outcome stands.</summary>
    public bool TryClaim()
    {
        if (Interlocked.CompareExchange(ref _state, Claimed, Queued) != Queued)
        {
            return false;
        }

        _registration.Unregister();
        return true;
    }

    public void Run(SqliteConnection connection, SqliteTransaction transaction)
    {
        try
        {
            Execute(connection, transaction);
        }
        catch (Exception exception)
        {
            Error = exception;
            _afterCommit = null;
            throw;
        }
    }

    public void AddAfterCommit(Action action) => (_afterCommit ??= []).Add(action);

    public void RunAfterCommit()
    {
        if (_afterCommit is null)
        {
            return;
        }

        foreach (var action in _afterCommit)
        {
            action();
        }
    }

    /// <summary>Completes the caller with the result, or with its own error if it failed.</summary>
    public void Complete()
    {
        if (Error is not null)
        {
            SetException(Error);
        }
        else
        {
            SetResult();
        }
    }

    /// <summary>Fails the caller: the batch did not commit, so nothing this operation did was kept.</summary>
    public void Fail(Exception batchError) => SetException(Error ?? batchError);

    protected abstract void Execute(SqliteConnection connection, SqliteTransaction transaction);

    protected abstract void SetResult();

    protected abstract void SetException(Exception exception);

    protected abstract void SetCanceled(CancellationToken cancellationToken);

    private void TryCancel(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
        {
            SetCanceled(cancellationToken);
        }
    }
}

/// <summary>A write operation with a typed result.</summary>
internal sealed class WriteOperation<T>(Func<SqliteConnection, SqliteTransaction, T> operation) : WriteOperation
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    protected override void Execute(SqliteConnection connection, SqliteTransaction transaction) =>
        _result = operation(connection, transaction);

    protected override void SetResult() => _completion.TrySetResult(_result!);

    protected override void SetException(Exception exception) => _completion.TrySetException(exception);

    protected override void SetCanceled(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
}
