using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Google.Protobuf;

namespace Ceptoar.Node.Tests.Rest;

/// <summary>A real HttpClient on a node's member port over TLS (trusting only the test root), at one HTTP version.</summary>
internal sealed class RestClient : IDisposable
{
    private readonly HttpClient _http;

    public RestClient(string endpoint, X509Certificate2 root, string? apiKey, Version version, X509Certificate2? clientCertificate = null)
    {
        _http = new HttpClient(Clients.TlsHandler(root, clientCertificate))
        {
            BaseAddress = new Uri(endpoint),
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    public HttpClient Http => _http;

    public static Version Parse(string version) => version == "1.1" ? HttpVersion.Version11 : HttpVersion.Version20;

    public Task<RestAnswer> GetAsync(string path, string? language = null) => SendAsync(HttpMethod.Get, path, null, language);

    public Task<RestAnswer> PostAsync(string path, string json, string? language = null) => SendAsync(HttpMethod.Post, path, json, language);

    public Task<RestAnswer> PostAsync(string path, IMessage message) => SendAsync(HttpMethod.Post, path, JsonFormatter.Default.Format(message), null);

    public async Task<RestAnswer> SendAsync(HttpMethod method, string path, string? json, string? language, string contentType = "application/json")
    {
        // A request built by hand does not take the client's default version: set it, so each test runs at its version.
        using var request = new HttpRequestMessage(method, path) { Version = _http.DefaultRequestVersion, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        using var response = await _http.SendAsync(request);
        return new RestAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(), response.Version);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>What a REST call answered.</summary>
internal sealed record RestAnswer(int Status, string? MediaType, string Body, Version Version)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The google.rpc.Status code of an error answer.</summary>
    public int Code => Json.GetProperty("code").GetInt32();

    public string Message => Json.GetProperty("message").GetString()!;

    /// <summary>field → description of the google.rpc.BadRequest detail.</summary>
    public Dictionary<string, string> Violations => Json.GetProperty("details").EnumerateArray()
        .Where(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest")
        .SelectMany(d => d.GetProperty("fieldViolations").EnumerateArray())
        .ToDictionary(v => v.GetProperty("field").GetString()!, v => v.GetProperty("description").GetString()!);

    public override string ToString() => $"{Status} {MediaType} {Body}";
}

/// <summary>A server-sent event stream read line by line as a client reads it (the fields id, event and data).</summary>
internal sealed class EventReader : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventReader(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public int Status => (int)_response.StatusCode;

    public string? MediaType => _response.Content.Headers.ContentType?.MediaType;

    /// <summary>Opens GET path with "Accept: text/event-stream" (and Last-Event-ID when given); returns once headers arrived.</summary>
    public static async Task<EventReader> OpenAsync(HttpClient http, string path, string? lastEventId = null, string accept = "text/event-stream")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Version = http.DefaultRequestVersion, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Accept.ParseAdd(accept);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new EventReader(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next raw line (newline-delimited JSON), or null at the end.</summary>
    public Task<string?> NextLineAsync(CancellationToken cancellationToken) => _reader.ReadLineAsync(cancellationToken).AsTask();

    /// <summary>The next event, or null when the stream ended.</summary>
    public async Task<ServerEvent?> NextAsync(CancellationToken cancellationToken)
    {
        string? id = null, name = null, data = null;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new ServerEvent(id, name ?? "message", data);
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    name = value;
                    break;
                case "data":
                    data = data is null ? value : data + "\n" + value;
                    break;
            }
        }

        return null;
    }

    /// <summary>The body of an answer that is not a stream (a refusal).</summary>
    public Task<string> ReadToEndAsync() => _reader.ReadToEndAsync();

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}

/// <summary>One server-sent event.</summary>
internal sealed record ServerEvent(string? Id, string Event, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;

    /// <summary>The item id of an "item" event.</summary>
    public string ItemId => Json.GetProperty("item").GetProperty("id").GetString()!;
}
