using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ceptoar.Core.Policy;

namespace Ceptoar.Node.Notifications;

/// <summary>
/// The webhook's wire format (docs/NOTIFICATIONS.md §2): the JSON body, and the HMAC-SHA256 signature a member system
/// checks with its secret, over the timestamp header, a dot and the body's bytes.
/// </summary>
internal static class WebhookSignature
{
    public const string TimestampHeader = "X-Ceptoar-Timestamp";
    public const string SignatureHeader = "X-Ceptoar-Signature";
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>The signature header's scheme prefix, so the scheme can change without breaking members that check it.</summary>
    public const string Version = "v1=";

    /// <summary>Shortest secret accepted: 128 bits.</summary>
    public const int MinSecretBytes = 16;

    private static readonly JsonSerializerOptions Json = new(WebhookJson.Default.Options)
    {
        // Japanese stays readable in the body; the body is JSON for a machine, never HTML, so no HTML escaping is needed.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The body: {"id": the idempotency key, "notification": the fields policy allowed}, UTF-8.</summary>
    public static byte[] Body(string idempotencyKey, NotificationFields fields) =>
        JsonSerializer.SerializeToUtf8Bytes(new WebhookPayload(idempotencyKey, fields), Json.GetTypeInfo(typeof(WebhookPayload)));

    /// <summary>"v1=" and the lowercase hex HMAC-SHA256 under <paramref name="secret"/> of "{timestamp}.{body}".</summary>
    public static string Sign(byte[] secret, string timestamp, byte[] body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed, prefix.Length);
        return Version + Convert.ToHexStringLower(HMACSHA256.HashData(secret, signed));
    }
}

/// <summary>The webhook's JSON body; the idempotency key is inside it too, so it is covered by the signature.</summary>
internal sealed record WebhookPayload(string Id, NotificationFields Notification);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class WebhookJson : JsonSerializerContext;
