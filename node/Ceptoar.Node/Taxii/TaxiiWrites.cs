using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Interchange;
using Ceptoar.Node.Members;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace Ceptoar.Node.Taxii;

/// <summary>
/// POST to a member's write collection (TAXII 2.1 §5.5): the envelope's objects become one STIX bundle, imported as the
/// member's submissions with partial = true (each object that cannot be mapped is a failure of the status, the rest is
/// submitted), and the answer is the complete status resource (docs/INTERCHANGE.md §3).
/// </summary>
internal sealed class TaxiiWrites(InterchangeService interchange, TaxiiStatuses statuses, TimeProvider time, ILogger<TaxiiApi> logger)
{
    /// <summary>The API root's max_content_length: the import limit of the member API (InterchangeService.MaxDocumentBytes).</summary>
    public int MaxContentLength => (int)Math.Min(int.MaxValue, interchange.MaxDocumentBytes);

    /// <param name="collection">The caller's write collection (TaxiiApi checked it is one).</param>
    public async Task PostAsync(HttpContext http, MemberPrincipal member, TaxiiCollection collection)
    {
        TaxiiApi.RequireAcceptable(http);
        var contentType = http.Request.ContentType;
        if (!TaxiiWire.IsEnvelopeContentType(contentType))
        {
            throw new TaxiiException(StatusCodes.Status415UnsupportedMediaType, TaxiiText.TitleUnsupportedMediaType,
                string.Format(CultureInfo.InvariantCulture, TaxiiText.UnsupportedMediaType, (contentType ?? "").Length > 80 ? contentType![..80] + "…" : contentType ?? ""), "unsupported_media_type");
        }

        var requested = time.GetUtcNow();
        var body = await ReadBoundedAsync(http);
        var objects = Objects(body);
        var bundle = new JsonObject
        {
            ["type"] = "bundle",
            ["id"] = "bundle--" + Guid.NewGuid(),
            ["objects"] = objects,
        };
        ImportResponse imported;
        try
        {
            // No fallback label and no audience: TAXII has no place for them, so an object without a TLP marking, or a
            // draft whose label needs recipients the format cannot name, is a failure of the status with its reason.
            imported = await interchange.ImportAsync(Submitter.Member(member.Member), InterchangeFormat.Stix, JsonSerializer.SerializeToUtf8Bytes(bundle),
                new ImportChoices(Fallback: null, Partial: true, AcceptCopies: false, Audience: null), http.RequestAborted);
        }
        catch (RpcException refused) when (refused.StatusCode == StatusCode.InvalidArgument)
        {
            throw TaxiiException.BadRequest("import_refused", string.Format(CultureInfo.InvariantCulture, TaxiiText.ImportRefused, refused.Status.Detail));
        }

        var status = Status(member, requested, objects, imported);
        statuses.Add(status);
        TaxiiLog.Imported(logger, objects.Count, member.Member.MemberId, collection.Id, imported.Items.Count, imported.Refused.Count, status.Id);
        await TaxiiWire.WriteAsync(http, StatusCodes.Status202Accepted, status.Resource.DeepClone());
    }

    /// <summary>The body, refused with 413 as soon as it is known to exceed the limit (before it is read whole).</summary>
    private async Task<byte[]> ReadBoundedAsync(HttpContext http)
    {
        var max = MaxContentLength;
        if (http.Request.ContentLength > max)
        {
            throw TooLarge(max);
        }

        // Kestrel's own body limit (30 MB by default) would cut a body the import limit allows with an error of its own.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = null;
        }

        var reader = http.Request.BodyReader;
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await reader.ReadAsync(http.RequestAborted);
            if (buffer.WrittenCount + result.Buffer.Length > max)
            {
                reader.AdvanceTo(result.Buffer.End);
                throw TooLarge(max);
            }

            foreach (var segment in result.Buffer)
            {
                buffer.Write(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return buffer.WrittenSpan.ToArray();
            }
        }
    }

    private static TaxiiException TooLarge(int max) => new(StatusCodes.Status413PayloadTooLarge, TaxiiText.TitleTooLarge,
        string.Format(CultureInfo.InvariantCulture, TaxiiText.TooLarge, max), "too_large");

    /// <summary>The envelope's objects (TAXII 2.1 §3.7): a JSON object whose "objects" is a non-empty array of objects.</summary>
    private static JsonArray Objects(byte[] body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw TaxiiException.BadRequest("not_json", string.Format(CultureInfo.InvariantCulture, TaxiiText.EnvelopeNotJson, $"line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}"));
        }

        if (root is not JsonObject envelope)
        {
            throw Shape("$", TaxiiText.ShapeObject);
        }

        if (envelope["objects"] is not JsonArray { Count: > 0 } objects)
        {
            throw Shape("$.objects", TaxiiText.ShapeObjectsArray);
        }

        for (var i = 0; i < objects.Count; i++)
        {
            if (objects[i] is not JsonObject)
            {
                throw Shape($"$.objects[{i}]", TaxiiText.ShapeObject);
            }
        }

        envelope.Remove("objects");
        return objects;
    }

    private static TaxiiException Shape(string path, string what) =>
        TaxiiException.BadRequest("not_an_envelope", string.Format(CultureInfo.InvariantCulture, TaxiiText.EnvelopeShape, path, what));

    /// <summary>
    /// The status resource: every object that became an item, or was read as part of one (markings, identities, the
    /// indicators of a report), is a success; every object the import refused is a failure with its reason.
    /// </summary>
    private static TaxiiStatus Status(MemberPrincipal member, DateTimeOffset requested, JsonArray objects, ImportResponse imported)
    {
        var made = imported.Items.GroupBy(i => i.SourceId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var refused = imported.Refused.GroupBy(r => r.SourceId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var successes = new JsonArray();
        var failures = new JsonArray();
        for (var i = 0; i < objects.Count; i++)
        {
            var o = objects[i]!.AsObject();
            var id = (string?)(o["id"] as JsonValue is { } v && v.TryGetValue<string>(out var s) ? s : null) ?? $"$.objects[{i}]";
            var version = o["modified"] is JsonValue m && m.TryGetValue<string>(out var mv) ? mv : null;
            if (refused.TryGetValue(id, out var refusal))
            {
                failures.Add(Entry(id, version, $"{refusal.Code}: {refusal.Reason}"));
            }
            else if (made.TryGetValue(id, out var item))
            {
                var message = item.Submitted.Duplicate
                    ? string.Format(CultureInfo.InvariantCulture, TaxiiText.ImportedDuplicate, item.Submitted.ItemId)
                    : string.Format(CultureInfo.InvariantCulture, TaxiiText.ImportedAs, item.Submitted.ItemId, item.Submitted.Status);
                successes.Add(Entry(id, version, message));
            }
            else
            {
                successes.Add(Entry(id, version, TaxiiText.ImportedPart));
            }
        }

        var statusId = Guid.NewGuid().ToString();
        var resource = new JsonObject
        {
            ["id"] = statusId,
            ["status"] = "complete",
            ["request_timestamp"] = TaxiiWire.Timestamp(requested),
            ["total_count"] = objects.Count,
            ["success_count"] = successes.Count,
            ["successes"] = successes,
            ["failure_count"] = failures.Count,
            ["failures"] = failures,
            ["pending_count"] = 0,
        };
        return new TaxiiStatus(statusId, member.Member.MemberId, requested, resource);
    }

    private static JsonObject Entry(string id, string? version, string message)
    {
        var entry = new JsonObject { ["id"] = id };
        if (version is not null)
        {
            entry["version"] = version;
        }

        entry["message"] = message;
        return entry;
    }
}
