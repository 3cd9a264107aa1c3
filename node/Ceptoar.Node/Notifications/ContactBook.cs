using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Notifications;

/// <summary>
/// The contacts in memory, so planning an item's notifications costs no database read (it runs before the item's commit,
/// docs/NOTIFICATIONS.md §6). Loaded at start and reloaded after each change, before the admin call that made it answers.
/// </summary>
internal sealed class ContactBook(ContactStore store)
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private IReadOnlyList<ContactRecord> _contacts = [];

    /// <summary>The contacts as last loaded.</summary>
    public IReadOnlyList<ContactRecord> Current => Volatile.Read(ref _contacts);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            Volatile.Write(ref _contacts, await store.ListAsync(null, cancellationToken));
        }
        finally
        {
            _reload.Release();
        }
    }
}
