namespace Ceptoar.Core.Items;

/// <summary>UUIDv7 (RFC 9562) item ids: time-ordered, minted by the origin, the global dedup key.</summary>
public static class UuidV7
{
    /// <summary>A new id in canonical lower-case 8-4-4-4-12 form.</summary>
    public static string NewId() => throw new NotImplementedException();

    /// <summary>True for a canonical lower-case UUID whose version nibble is 7 and variant is RFC 4122.</summary>
    public static bool IsValid(string? id) => throw new NotImplementedException();
}
