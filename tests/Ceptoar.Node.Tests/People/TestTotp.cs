using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Ceptoar.Node.Tests.People;

/// <summary>
/// TOTP computed here from RFC 6238 and RFC 4226 §5.3 with .NET's HMAC-SHA-1, independently of the node's Otp.NET, so a
/// test's code is never one the code under test produced.
/// </summary>
internal static class TestTotp
{
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>The 6-digit code of the 30-second step holding <paramref name="at"/> for a base32 secret.</summary>
    public static string Code(string base32Secret, DateTimeOffset at) => Code(FromBase32(base32Secret), at.ToUnixTimeSeconds() / 30, 6);

    public static string Code(byte[] key, long counter, int digits)
    {
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
        // SHA-1 is what RFC 6238's default and every authenticator app use; an HMAC key, not a collision-resistance use.
#pragma warning disable CA5350
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        var modulo = (int)Math.Pow(10, digits);
        return (binary % modulo).ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>A code that is none of the codes of the steps around <paramref name="at"/> (so it is surely wrong).</summary>
    public static string WrongCode(string base32Secret, DateTimeOffset at)
    {
        var near = Enumerable.Range(-2, 5).Select(i => Code(base32Secret, at.AddSeconds(30 * i))).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => new string((char)('0' + i), 6)).First(c => !near.Contains(c));
    }

    public static byte[] FromBase32(string text)
    {
        var bits = 0;
        var value = 0;
        var bytes = new List<byte>();
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            value = (value << 5) | Base32Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }

    public static string ToBase32(byte[] data)
    {
        var result = new System.Text.StringBuilder();
        var bits = 0;
        var value = 0;
        foreach (var b in data)
        {
            value = (value << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                result.Append(Base32Alphabet[(value >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            result.Append(Base32Alphabet[(value << (5 - bits)) & 31]);
        }

        return result.ToString();
    }
}
