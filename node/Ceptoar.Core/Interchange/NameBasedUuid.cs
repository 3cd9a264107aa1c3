using System.Security.Cryptography;
using System.Text;

namespace Ceptoar.Core.Interchange;

/// <summary>
/// RFC 9562 version 5 (SHA-1, name-based) UUIDs, the one implementation behind the STIX ids, the MISP uuids and the TAXII
/// collection ids: the same thing gets the same id at every export from every node, so consumers update what they hold
/// instead of adding a copy (docs/INTERCHANGE.md §1.3, §2.3, §3).
/// </summary>
public static class NameBasedUuid
{
    /// <summary>
    /// The namespace of organisation uuids: uuid5(NameSpace_URL, "urn:ceptoar:node"), written out so that anyone can
    /// compute a node's MISP organisation uuid from its id alone.
    /// </summary>
    public static readonly Guid NodeNamespace = Guid.Parse("e558576f-5954-5c27-9519-59cf06c9d1f8");

    /// <summary>The uuid in canonical lower-case form.</summary>
    public static string Of(Guid namespaceId, string name)
    {
        // Names are short ("indicator/12", a node id): hashed from the stack, an export makes millions of these.
        var length = 16 + Encoding.UTF8.GetMaxByteCount(name.Length);
        Span<byte> data = length <= 512 ? stackalloc byte[length] : new byte[length];
        namespaceId.TryWriteBytes(data, bigEndian: true, out _);
        var used = 16 + Encoding.UTF8.GetBytes(name, data[16..]);

        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 version 5 is defined with; it names, it does not protect.
        SHA1.HashData(data[..used], hash);
#pragma warning restore CA5350
        var uuid = hash[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x50);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return new Guid(uuid, bigEndian: true).ToString("D");
    }

    /// <summary>The namespace for the names within an item: its id when that is a uuid, else one named after it.</summary>
    public static Guid NamespaceOf(string id) => Guid.TryParse(id, out var uuid) ? uuid : Guid.Parse(Of(NodeNamespace, "item/" + id));
}
