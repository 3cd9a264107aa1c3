namespace Ceptoar.Node.Storage;

/// <summary>An item with this id is already stored (from another request or another path); nothing new was stored.</summary>
public sealed class DuplicateItemException : Exception
{
    public DuplicateItemException(string itemId)
        : base($"An item with id {itemId} is already stored; item ids are unique. Submit a new item with a new id (or reuse the original client_request_id to get the original answer).")
    {
        ItemId = itemId;
    }

    public string ItemId { get; }
}
