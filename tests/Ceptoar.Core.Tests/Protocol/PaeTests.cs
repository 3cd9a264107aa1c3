using System.Text;
using Ceptoar.Core.Envelopes;

namespace Ceptoar.Core.Tests.Protocol;

public sealed class PaeTests
{
    [Fact]
    public void Encode_PublishedDsseVector_MatchesSpecification()
    {
        // The example from the DSSE v1 protocol specification.
        var encoded = Pae.Encode("http://example.com/HelloWorld", "hello world"u8);

        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world", Encoding.UTF8.GetString(encoded));
    }

    [Fact]
    public void Encode_EmptyTypeAndBody_KeepsAllSeparators()
    {
        Assert.Equal("DSSEv1 0  0 "u8.ToArray(), Pae.Encode(string.Empty, []));
    }

    [Fact]
    public void Encode_MultiByteType_CountsUtf8Bytes()
    {
        // "種別" is 2 characters but 6 UTF-8 bytes: LEN is a byte length.
        var encoded = Pae.Encode("種別", "x"u8);

        Assert.Equal("DSSEv1 6 種別 1 x", Encoding.UTF8.GetString(encoded));
    }

    [Fact]
    public void Encode_BinaryBody_CopiedVerbatimAfterItsLength()
    {
        var body = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        var encoded = Pae.Encode("t", body);

        var header = "DSSEv1 1 t 256 "u8.ToArray();
        Assert.Equal(header.Length + body.Length, encoded.Length);
        Assert.Equal(header, encoded[..header.Length]);
        Assert.Equal(body, encoded[header.Length..]);
    }

    [Fact]
    public void Encode_SameConcatenationDifferentSplit_Differs()
    {
        // Lengths make the encoding unambiguous: moving bytes between type and body changes what is signed.
        var a = Pae.Encode("ab", "c"u8);
        var b = Pae.Encode("a", "bc"u8);

        Assert.NotEqual(a, b);
    }
}
