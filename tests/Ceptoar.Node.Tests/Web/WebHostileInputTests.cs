using System.Net;

namespace Ceptoar.Node.Tests.Web;

/// <summary>
/// Hostile query strings and form values at the web console's shell (docs/CONSOLE.md §7): very long, control characters,
/// bidi overrides, markup and script; each answers a clear status and renders as inert text, never as markup.
/// </summary>
public sealed class WebHostileInputTests(WebNode web) : IClassFixture<WebNode>
{
    /// <summary>Name, value, and whether the sign-in form shows it again (plain text within 256 characters only).</summary>
    public static TheoryData<string, string, bool> Values => new()
    {
        { "script", "<script>alert(1)</script>", true },
        { "attribute break-out", "\"><img src=x onerror=alert(1)>", true },
        { "javascript link", "javascript:alert(document.cookie)", true },
        { "template", "{{7*7}}${7*7}@(7*7)", true },
        { "bidi override", "user\u202Egpj.exe\u202C@example.jp", false },
        { "isolates", "\u2066admin\u2069\u2067x\u2069", false },
        { "control characters", "a\u0001b\u0007c\u001bd\u007fe", false },
        { "nul", "a\u0000b", false },
        { "long", new string('あ', 100_000), false },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public async Task SignIn_HostileLogin_RefusedAndRenderedInert(string what, string value, bool shownAgain)
    {
        using var client = web.Client("en");

        var page = await client.SignInAsync(value);

        Assert.True(page.Status is 400 or 403, $"{what}: {page}");
        WebAssert.Inert(page);
        AssertNoRawDanger(page, value);
        // Shown again, the browser reads back exactly what was typed: text in an attribute, not markup.
        Assert.Equal(shownAgain ? value : "", page.Document.QuerySelector("input[name=Login]")?.GetAttribute("value") ?? "");
    }

    [Theory]
    [MemberData(nameof(Values))]
    public async Task AnyPage_HostileQueryString_RenderedInert(string what, string value, bool shownAgain)
    {
        using var client = web.Client("ja");
        var query = "?ReturnUrl=" + WebUtility.UrlEncode(value[..Math.Min(value.Length, 300)]) + "&q=" + WebUtility.UrlEncode(value[..Math.Min(value.Length, 300)]);

        foreach (var path in new[] { "/sign-in", "/no-such-page", "/" + WebUtility.UrlEncode(value[..Math.Min(value.Length, 100)]) })
        {
            var page = await client.GetAsync(path + query);

            // Kestrel itself refuses a NUL in the path (400, before the console sees it).
            Assert.True(page.Status is 200 or 302 or 404 || (page.Status == 400 && what == "nul"), $"{what} {path}: {page.Status}");
            Assert.True(shownAgain || page.Status != 500, what);
            if (page.Status is 200 or 404)
            {
                WebAssert.Inert(page);
                AssertNoRawDanger(page, value);
            }
        }
    }

    [Theory]
    [InlineData("/sign-in?ReturnUrl=https%3A%2F%2Fevil.example%2F")]
    [InlineData("/sign-in?ReturnUrl=%2F%2Fevil.example%2F")]
    [InlineData("/sign-in?ReturnUrl=javascript%3Aalert(1)")]
    public async Task SignIn_ForeignReturnUrl_HomeInstead(string path)
    {
        using var client = web.Client("en");
        await client.GetAsync(path);

        var page = await client.PostAsync(path, [new("Login", web.StaffPerson.Login), new("Password", web.People.PasswordOf(web.StaffPerson.Login)), new("Code", web.People.NextCode(web.StaffPerson.Login))]);

        Assert.Equal(302, page.Status);
        Assert.Equal("/", page.Location);
    }

    [Fact]
    public async Task SignIn_ManyFormFields_RefusedNot500()
    {
        using var client = web.Client("en");
        await client.GetAsync("/sign-in");
        var fields = Enumerable.Range(0, 5000).Select(i => new KeyValuePair<string, string>("f" + i, "v")).ToList();

        var page = await client.PostAsync("/sign-in", fields);

        Assert.InRange(page.Status, 400, 499);
    }

    /// <summary>No markup, bidi-control or control character of the value reaches the page as itself.</summary>
    private static void AssertNoRawDanger(WebPage page, string value)
    {
        Assert.DoesNotContain("<script>alert", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", page.Body, StringComparison.OrdinalIgnoreCase);
        foreach (var c in value.Where(c => (char.IsControl(c) && !char.IsWhiteSpace(c)) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069').Distinct())
        {
            Assert.False(page.Body.Contains(c, StringComparison.Ordinal), $"U+{(int)c:X4} written raw");
        }
    }
}
