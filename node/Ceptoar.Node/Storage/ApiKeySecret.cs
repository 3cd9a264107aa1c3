using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Ceptoar.Node.Storage;

/// <summary>The API key secret format "ck_&lt;key-id&gt;_&lt;base64url of 32 random bytes&gt;". Pure.</summary>
internal static class ApiKeySecret
{
    public const string Prefix = "ck_";
    public const int KeyIdLength = 12;
    public const int RandomBytes = 32;

    // "ck_" + 12 hex + "_" + 43 base64url characters (32 bytes, unpadded).
    public static readonly int Length = Prefix.Length + KeyIdLength + 1 + Base64Url.GetEncodedLength(RandomBytes);

    public static string NewKeyId() => RandomNumberGenerator.GetHexString(KeyIdLength, lowercase: true);

    public static string NewSecret(string keyId)
    {
        Span<byte> random = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(random);
        return $"{Prefix}{keyId}_{Base64Url.EncodeToString(random)}";
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>The key id a presented secret claims, or null if it is not shaped like one of ours.</summary>
    public static string? TryGetKeyId(string presented)
    {
        if (presented.Length != Length || !presented.StartsWith(Prefix, StringComparison.Ordinal) || presented[Prefix.Length + KeyIdLength] != '_')
        {
            return null;
        }

        return presented.Substring(Prefix.Length, KeyIdLength);
    }
}
