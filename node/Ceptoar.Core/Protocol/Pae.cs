namespace Ceptoar.Core.Protocol;

/// <summary>DSSE v1 pre-authentication encoding: what a signature covers.</summary>
public static class Pae
{
    /// <summary>"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN in ASCII decimal bytes.</summary>
    public static byte[] Encode(string payloadType, ReadOnlySpan<byte> payload) => throw new NotImplementedException();
}
