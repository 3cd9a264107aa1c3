using System.Net;
using System.Security.Cryptography.X509Certificates;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Ceptoar.Node.Tests.Web;

/// <summary>
/// A browser-like HttpClient on the web listener: real TLS trusting only the test root, its own cookie jar, redirects
/// not followed (the tests check them), pages parsed as HTML5 as a browser would.
/// </summary>
internal sealed class WebClient : IDisposable
{
    private static readonly HtmlParser Parser = new();
    private readonly HttpClient _http;
    private readonly string? _language;
    private readonly TestPeople? _people;

    /// <param name="people">Whose credentials <see cref="SignInAsync"/> uses when none are given.</param>
    public WebClient(string endpoint, X509Certificate2 root, string? language, TestPeople? people = null)
    {
        _people = people;
        var handler = Clients.TlsHandler(root);
        handler.AllowAutoRedirect = false;
        handler.UseCookies = true;
        handler.CookieContainer = Cookies;
        _http = new HttpClient(handler) { BaseAddress = new Uri(endpoint), Timeout = TimeSpan.FromSeconds(60) };
        _language = language;
    }

    public CookieContainer Cookies { get; } = new();

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>The antiforgery token of the last page read (the hidden field of its forms).</summary>
    public string? Token { get; private set; }

    public Task<WebPage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>Posts a form; the last page's antiforgery token goes with it unless <paramref name="withToken"/> is false.</summary>
    public Task<WebPage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var all = fields.ToList();
        if (withToken && Token is not null)
        {
            all.Add(new("__RequestVerificationToken", Token));
        }

        return SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(all) });
    }

    /// <summary>Signs in by the form (reading the sign-in page first for its token); the answer is the redirect.</summary>
    /// <remarks>Without a password or code, the person's own (a fresh TOTP code: the node's clock moves to the next step).</remarks>
    public async Task<WebPage> SignInAsync(string login, string? password = null, string? code = null)
    {
        await GetAsync("/sign-in");
        password ??= _people?.PasswordOf(login) ?? throw new InvalidOperationException("no password: give one or the people");
        code ??= _people!.NextCode(login);
        return await PostAsync("/sign-in", [new("Login", login), new("Password", password), new("Code", code)]);
    }

    public async Task<WebPage> SendAsync(HttpRequestMessage request)
    {
        if (_language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(_language);
        }

        using (request)
        {
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var document = Parser.ParseDocument(body);
            var token = document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
            Token = token ?? Token;
            var headers = response.Headers.Concat(response.Content.Headers)
                .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
            var cookies = response.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
            return new WebPage((int)response.StatusCode, headers, cookies, body, document, response.Headers.Location?.OriginalString);
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>One answer of the web listener: status, headers, Set-Cookie lines, the body and its parsed document.</summary>
internal sealed record WebPage(int Status, IReadOnlyDictionary<string, string> Headers, IReadOnlyList<string> SetCookies, string Body, IHtmlDocument Document, string? Location)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public string Lang => Document.DocumentElement.GetAttribute("lang") ?? "";

    public string Text => Document.Body?.TextContent ?? "";

    public override string ToString() => $"{Status} {Location} {Body[..Math.Min(Body.Length, 2000)]}";
}
