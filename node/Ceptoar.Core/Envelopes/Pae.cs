using System.Globalization;
using System.Text;

namespace Ceptoar.Core.Envelopes;

/// <summary>DSSE v1 pre-authentication encoding: what a signature covers.</summary>
public static class Pae
{
    private static ReadOnlySpan<byte> Prefix => "DSSEv1 "u8;

    /// <summary>"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN in ASCII decimal bytes.</summary>
    public static byte[] Encode(string payloadType, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        var typeByteCount = Encoding.UTF8.GetByteCount(payloadType);
        var typeLength = typeByteCount.ToString(CultureInfo.InvariantCulture);
        var bodyLength = payload.Length.ToString(CultureInfo.InvariantCulture);

        var result = new byte[Prefix.Length + typeLength.Length + 1 + typeByteCount + 1 + bodyLength.Length + 1 + payload.Length];
        var span = result.AsSpan();
        Prefix.CopyTo(span);
        var at = Prefix.Length;
        at += Encoding.ASCII.GetBytes(typeLength, span[at..]);
        span[at++] = (byte)' ';
        at += Encoding.UTF8.GetBytes(payloadType, span[at..]);
        span[at++] = (byte)' ';
        at += Encoding.ASCII.GetBytes(bodyLength, span[at..]);
        span[at++] = (byte)' ';
        payload.CopyTo(span[at..]);
        return result;
    }
}
