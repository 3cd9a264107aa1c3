using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace Ceptoar.Node.Taxii;

/// <summary>A TAXII error message to answer with (TAXII 2.1 §3.6.1): the HTTP status, its title and what to do.</summary>
internal sealed class TaxiiException(int httpStatus, string title, string description, string errorCode) : Exception(description)
{
    public int HttpStatus { get; } = httpStatus;

    public string Title { get; } = title;

    public string ErrorCode { get; } = errorCode;

    /// <summary>Headers to send with the error (WWW-Authenticate, Retry-After, Allow).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static TaxiiException BadRequest(string code, string description) =>
        new(StatusCodes.Status400BadRequest, TaxiiText.TitleBadRequest, description, code);

    public static TaxiiException NotFound(string code, string description) =>
        new(StatusCodes.Status404NotFound, TaxiiText.TitleNotFound, description, code);

    public TaxiiException With(string header, string value)
    {
        Headers[header] = value;
        return this;
    }
}

/// <summary>The TAXII 2.1 media types and the JSON answers of the TAXII door (docs/INTERCHANGE.md §3).</summary>
internal static class TaxiiWire
{
    /// <summary>Every TAXII answer and every POSTed envelope has this media type (TAXII 2.1 §1.6.8).</summary>
    public const string MediaType = "application/taxii+json;version=2.1";

    /// <summary>The media type of the STIX objects a collection holds.</summary>
    public const string StixMediaType = "application/stix+json;version=2.1";

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>
    /// Whether the Accept header allows a TAXII 2.1 answer: no header, */*, application/*, application/taxii+json with no
    /// version or version 2.1 (q above 0). TAXII clients send the full type; curl sends */*.
    /// </summary>
    public static bool Accepts(IList<string>? accept)
    {
        if (accept is null || accept.Count == 0 || accept.All(string.IsNullOrWhiteSpace))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParseList(accept, out var values))
        {
            return false;
        }

        return values.Any(v => v.Quality is not 0 && Matches(v));
    }

    private static bool Matches(MediaTypeHeaderValue value)
    {
        var type = value.MediaType.Value ?? "";
        if (type is "*/*" or "application/*")
        {
            return true;
        }

        if (!type.Equals("application/taxii+json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var version = value.Parameters.FirstOrDefault(p => p.Name.Equals("version", StringComparison.OrdinalIgnoreCase));
        return version is null || version.Value.Value == "2.1";
    }

    /// <summary>Whether a Content-Type is a TAXII 2.1 envelope (the version parameter is required, TAXII 2.1 §1.6.8).</summary>
    public static bool IsEnvelopeContentType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var value)
            || !(value.MediaType.Value ?? "").Equals("application/taxii+json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var version = value.Parameters.FirstOrDefault(p => p.Name.Equals("version", StringComparison.OrdinalIgnoreCase));
        var charset = value.Charset.Value;
        return version?.Value.Value == "2.1" && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>STIX and TAXII timestamps: UTC, millisecond precision, "Z" (the store keeps milliseconds).</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads an RFC 3339 timestamp in UTC ("Z" or an offset); null if it is not one.</summary>
    public static DateTimeOffset? ParseTimestamp(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 40 || !text.Contains('T', StringComparison.Ordinal))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
    }

    public static Task WriteAsync(HttpContext http, int status, JsonNode body, IReadOnlyDictionary<string, string>? headers = null) =>
        WriteAsync(http, status, writer => body.WriteTo(writer, Compact), headers);

    /// <summary>Writes the answer with its own JSON writer, so STIX objects go out as the export wrote them.</summary>
    public static async Task WriteAsync(HttpContext http, int status, Action<Utf8JsonWriter> write, IReadOnlyDictionary<string, string>? headers = null)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = MediaType;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            http.Response.Headers[name] = value;
        }

        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter.AsStream(), new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        write(writer);
        await writer.FlushAsync(http.RequestAborted);
    }

    /// <summary>A TAXII error message in the caller's language (the culture of this request).</summary>
    public static Task WriteErrorAsync(HttpContext http, TaxiiException error)
    {
        var body = new JsonObject
        {
            ["title"] = error.Title,
            ["description"] = error.Message,
            ["error_code"] = error.ErrorCode,
            ["http_status"] = error.HttpStatus.ToString(CultureInfo.InvariantCulture),
        };
        return WriteAsync(http, error.HttpStatus, body, error.Headers);
    }
}
