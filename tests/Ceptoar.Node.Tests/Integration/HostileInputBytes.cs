using System.Text;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>Byte-level mutations of serialised protobuf messages: what a broken or hostile client puts on the wire.</summary>
internal static class HostileInputBytes
{
    /// <summary>Byte sequences that are not UTF-8: a stray byte, overlong, a surrogate, a 5-byte form, a cut-off character.</summary>
    public static readonly byte[][] InvalidUtf8 =
    [
        [0xFF],
        [0xC0, 0x80],
        [0xED, 0xA0, 0x80],
        [0xF8, 0x88, 0x80, 0x80, 0x80],
        [0xE3, 0x81],
        [0x80, 0x80, 0x80],
    ];

    /// <summary>A marker a test writes into a string field so the field's bytes can be found in the serialised message.</summary>
    public const string Sentinel = "SENTINEL-7f3a9c-SENTINEL";

    /// <summary>One random mutation of the bytes, with its name for the report.</summary>
    public static (string Name, byte[] Bytes) Mutate(Random rng, byte[] input)
    {
        switch (rng.Next(10))
        {
            case 0:
                return ("truncated", input[..rng.Next(input.Length)]);
            case 1:
                {
                    var output = (byte[])input.Clone();
                    var flips = 1 + rng.Next(8);
                    for (var i = 0; i < flips && output.Length > 0; i++)
                    {
                        output[rng.Next(output.Length)] ^= (byte)(1 << rng.Next(8));
                    }

                    return ("bit-flipped", output);
                }

            case 2:
                return ("random-bytes", RandomBytes(rng, rng.Next(1, 2048)));
            case 3:
                {
                    var at = rng.Next(input.Length + 1);
                    return ("inserted-bytes", [.. input[..at], .. RandomBytes(rng, rng.Next(1, 64)), .. input[at..]]);
                }

            case 4:
                {
                    var at = rng.Next(input.Length + 1);
                    var length = rng.Next(input.Length - at + 1);
                    return ("deleted-slice", [.. input[..at], .. input[(at + length)..]]);
                }

            case 5:
                {
                    // A 10-byte varint of all ones: a length or tag far beyond anything the message holds.
                    var at = rng.Next(input.Length + 1);
                    return ("huge-varint", [.. input[..at], .. Enumerable.Repeat((byte)0xFF, 9), 0x01, .. input[at..]]);
                }

            case 6:
                return ("invalid-utf8-in-string", PatchSentinel(input, InvalidUtf8[rng.Next(InvalidUtf8.Length)]) ?? input[..^1]);
            case 7:
                return ("nested-groups", [.. input, .. NestedGroups(rng.Next(2) == 0 ? rng.Next(1, 90) : rng.Next(101, 20_000))]);
            case 8:
                {
                    // A known field number with the wrong wire type (field 2 as a fixed64 instead of a message).
                    var output = new List<byte>(input) { 0x11 };
                    output.AddRange(RandomBytes(rng, 8));
                    return ("wrong-wire-type", [.. output]);
                }

            default:
                return ("duplicated-tail", [.. input, .. input[rng.Next(input.Length + 1)..]]);
        }
    }

    /// <summary>The bytes with the start of the sentinel overwritten by replacement (same length, so every length prefix stays right); null when absent.</summary>
    public static byte[]? PatchSentinel(byte[] bytes, byte[] replacement)
    {
        var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Sentinel));
        if (at < 0)
        {
            return null;
        }

        var output = (byte[])bytes.Clone();
        replacement.CopyTo(output, at + 3);
        return output;
    }

    /// <summary>Unknown field 99 as start-group tags nested depth deep, then closed: parsers recurse on groups.</summary>
    public static byte[] NestedGroups(int depth)
    {
        // Tag of field 99: (99 << 3) | wire type, as a two-byte varint.
        byte[] start = [(99 << 3 | 3) & 0x7F | 0x80, (99 << 3 | 3) >> 7];
        byte[] end = [(99 << 3 | 4) & 0x7F | 0x80, (99 << 3 | 4) >> 7];
        var output = new byte[depth * 4];
        for (var i = 0; i < depth; i++)
        {
            start.CopyTo(output, i * 2);
            end.CopyTo(output, (depth * 2) + (i * 2));
        }

        return output;
    }

    public static byte[] RandomBytes(Random rng, int length)
    {
        var bytes = new byte[length];
        rng.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A short printable description of an input for a failure message: length and base64 of the first 512 bytes.</summary>
    public static string Describe(byte[] bytes) =>
        $"{bytes.Length} bytes, base64 {Convert.ToBase64String(bytes, 0, Math.Min(bytes.Length, 512))}{(bytes.Length > 512 ? "…" : "")}";
}
