using System.Globalization;

namespace Ceptoar.Node.Tests.Web;

/// <summary>
/// The web console's shell over a real HttpClient on a real node's web listener (docs/CONSOLE.md §1, §6): languages,
/// security headers, no inline script, antiforgery, sign-in refusals, cookie flags and sessions.
/// </summary>
public sealed class WebShellTests(WebNode web) : IClassFixture<WebNode>
{
    private const string Refusal = "Sign-in failed: check your login, password and authentication code, and try again.";
    private const string RefusalJa = "サインインできませんでした。ログイン名、パスワード、認証コードを確かめて、もう一度お試しください。";

    /// <summary>Every page of the shell and the two files, as a visitor who is not signed in reaches them.</summary>
    public static TheoryData<string> ShellPaths => new() { "/sign-in", "/", "/password", "/sign-out", "/language", "/no-such-page", "/NotFound", "/Error", "/console.css", "/console.js" };

    [Theory]
    [InlineData("ja", "ja", "サインイン", "ログイン名")]
    [InlineData("ja-JP,en;q=0.5", "ja", "サインイン", "認証コード（6桁）")]
    [InlineData("en-GB", "en", "Sign in", "Authentication code (6 digits)")]
    [InlineData("fr, en;q=0.3", "en", "Sign in", "Login")]
    public async Task SignInPage_AcceptLanguage_PageInThatLanguageWithHtmlLang(string acceptLanguage, string lang, string heading, string label)
    {
        using var client = web.Client(acceptLanguage);

        var page = await client.GetAsync("/sign-in");

        Assert.Equal(200, page.Status);
        Assert.Equal(lang, page.Lang);
        Assert.Equal(heading, page.Document.QuerySelector("h1")!.TextContent);
        Assert.Contains(page.Document.QuerySelectorAll("label"), l => l.TextContent == label);
    }

    [Fact]
    public async Task LanguageSwitch_PostJapaneseOverEnglishBrowser_CookieKeepsJapanese()
    {
        using var client = web.Client("en");
        await client.GetAsync("/sign-in");

        var switched = await client.PostAsync("/language", [new("lang", "ja"), new("returnUrl", "/sign-in")]);
        var page = await client.GetAsync("/sign-in");

        Assert.Equal(302, switched.Status);
        Assert.Equal("/sign-in", switched.Location);
        Assert.Equal("ja", page.Lang);
        Assert.Equal("サインイン", page.Document.QuerySelector("h1")!.TextContent);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("")]
    public async Task LanguageSwitch_UnknownLanguage_400NamingTheField(string lang)
    {
        using var client = web.Client("en");
        await client.GetAsync("/sign-in");

        var page = await client.PostAsync("/language", [new("lang", lang), new("returnUrl", "/")]);

        Assert.Equal(400, page.Status);
        Assert.Contains("Language: choose Japanese (ja) or English (en).", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task LanguageSwitch_ForeignReturnUrl_RedirectsHome(string returnUrl)
    {
        using var client = web.Client("en");
        await client.GetAsync("/sign-in");

        var switched = await client.PostAsync("/language", [new("lang", "en"), new("returnUrl", returnUrl)]);

        Assert.Equal(302, switched.Status);
        Assert.Equal("/", switched.Location);
    }

    [Theory]
    [MemberData(nameof(ShellPaths))]
    public async Task ShellPage_AnyAnswer_CarriesEverySecurityHeader(string path)
    {
        using var client = web.Client("en");

        var page = await client.GetAsync(path);

        Assert.Equal(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
            page.Header("Content-Security-Policy"));
        Assert.Equal("nosniff", page.Header("X-Content-Type-Options"));
        Assert.Equal("no-referrer", page.Header("Referrer-Policy"));
        Assert.StartsWith("max-age=", page.Header("Strict-Transport-Security"), StringComparison.Ordinal);
        Assert.Contains(path.StartsWith("/console.", StringComparison.Ordinal) ? "no-cache" : "no-store", CacheControl(page));
    }

    [Fact]
    public async Task SignedInPages_EveryAnswer_NoStoreAndSecurityHeaders()
    {
        using var client = web.Client("en");
        await client.SignInAsync(web.MemberPerson.Login);

        foreach (var path in new[] { "/", "/password", "/no-such-page" })
        {
            var page = await client.GetAsync(path);

            Assert.True(page.Status is 200 or 404, $"{path}: {page}");
            Assert.Contains("no-store", CacheControl(page));
            Assert.Contains("script-src 'self';", page.Header("Content-Security-Policy"), StringComparison.Ordinal);
            Assert.Equal("nosniff", page.Header("X-Content-Type-Options"));
        }
    }

    [Theory]
    [InlineData("/sign-in", "en")]
    [InlineData("/sign-in", "ja")]
    [InlineData("/no-such-page", "ja")]
    [InlineData("/Error", "en")]
    public async Task ShellPage_Html_NoInlineScriptNoInlineStyleNoHandlers(string path, string language)
    {
        using var client = web.Client(language);

        var page = await client.GetAsync(path);

        WebAssert.Inert(page);
    }

    [Fact]
    public async Task SignedInPages_Html_NoInlineScript()
    {
        using var client = web.Client("ja");
        await client.SignInAsync(web.StaffPerson.Login);

        WebAssert.Inert(await client.GetAsync("/"));
        WebAssert.Inert(await client.GetAsync("/password"));
    }

    [Theory]
    [InlineData("/password")]
    [InlineData("/language")]
    [InlineData("/sign-out")]
    public async Task Post_SignedInWithoutAntiforgeryToken_400NothingChanged(string path)
    {
        using var client = web.Client("en");
        await client.SignInAsync(web.MemberPerson.Login);

        var page = await client.PostAsync(path, [new("Current", web.People.PasswordOf(web.MemberPerson.Login)), new("Next", "a new long password"), new("Confirm", "a new long password"), new("lang", "ja")], withToken: false);
        var home = await client.GetAsync("/");

        Assert.Equal(400, page.Status);
        Assert.Equal(200, home.Status);
        Assert.Equal("en", home.Lang);
    }

    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/language")]
    [InlineData("/sign-out")]
    public async Task Post_WithoutAntiforgeryToken_400(string path)
    {
        using var client = web.Client("en");
        await client.GetAsync("/sign-in");

        var page = await client.PostAsync(path, [new("Login", "x"), new("Password", "y"), new("Code", "123456"), new("lang", "ja")], withToken: false);

        Assert.Equal(400, page.Status);
        Assert.Null(page.Location);
        Assert.Equal("The form was not accepted", page.Document.QuerySelector("h1")!.TextContent);
        WebAssert.Inert(page);
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryTokenInJapanese_400PageInJapanese()
    {
        using var client = web.Client("ja");
        await client.GetAsync("/sign-in");

        var page = await client.PostAsync("/sign-in", [new("Login", "x"), new("Password", "y"), new("Code", "123456")], withToken: false);

        Assert.Equal(400, page.Status);
        Assert.Equal("ja", page.Lang);
        Assert.Equal("フォームを受け付けられませんでした", page.Document.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Post_TokenFromAnotherBrowser_400()
    {
        using var other = web.Client("en");
        await other.GetAsync("/sign-in");
        using var client = web.Client("en");
        await client.GetAsync("/sign-in");

        var page = await client.PostAsync("/sign-in", [new("Login", "x"), new("Password", "y"), new("Code", "123456"), new("__RequestVerificationToken", other.Token!)], withToken: false);

        Assert.Equal(400, page.Status);
        Assert.Equal("en", page.Lang);
    }

    [Theory]
    [InlineData("nobody@example.jp", "own", "own")]
    [InlineData("refused@mizuho.example.jp", "wrong password", "own")]
    [InlineData("refused@mizuho.example.jp", "own", "wrong")]
    public async Task SignIn_Refused_OneMessageSameForEveryCause403(string login, string password, string code)
    {
        if (login == "refused@mizuho.example.jp" && (await web.Node.Admin.ListPeopleAsync(new Ceptoar.Federation.V1.ListPeopleRequest())).People.All(p => p.Login != login))
        {
            await web.People.AddAsync(login, "Refused Person", WebNode.MemberId, Ceptoar.Node.People.PersonKind.Member);
        }

        using var client = web.Client("en");
        var right = web.People.NextCode(web.MemberPerson.Login);

        // The right code of another person stands for "wrong" (six digits, well formed, not this person's).
        var page = await client.SignInAsync(login, password == "own" ? web.People.PasswordOf(web.MemberPerson.Login) : password, code == "own" ? web.People.NextCode(login) : right);

        Assert.Equal(403, page.Status);
        Assert.Equal([Refusal], page.Document.QuerySelectorAll("[role=alert]").Select(e => e.TextContent).ToArray());
        Assert.Empty(page.Document.QuerySelectorAll(".field-error"));
        Assert.DoesNotContain(page.SetCookies, c => c.StartsWith("__Host-ceptoar-web=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(login, page.Document.QuerySelector("input[name=Login]")!.GetAttribute("value"));
        Assert.Equal("", page.Document.QuerySelector("input[name=Password]")!.GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task SignIn_RefusedInJapanese_MessageInJapanese()
    {
        using var client = web.Client("ja");

        var page = await client.SignInAsync("nobody@example.jp");

        Assert.Equal(403, page.Status);
        Assert.Equal(RefusalJa, page.Document.QuerySelector("[role=alert]")!.TextContent);
    }

    [Theory]
    [InlineData("en", "Sign-in is locked after too many failed attempts, until {0} (UTC+09:00). Ask your secretariat if you need to sign in sooner.")]
    [InlineData("ja", "失敗が続いたため、{0} (UTC+09:00) までサインインできません。それより前に必要な場合は事務局にお問い合わせください。")]
    public async Task SignIn_LockedOut_MessageWithTheTimeInTheNodeZone(string language, string message)
    {
        var person = await web.People.AddAsync($"locked-{language}@mizuho.example.jp", "Locked Person", WebNode.MemberId, Ceptoar.Node.People.PersonKind.Member);
        using var client = web.Client(language);

        // People:MaxFailedSignIns is 5 by default, People:LockoutMinutes 15: the fifth failure locks for 15 minutes.
        for (var i = 0; i < 5; i++)
        {
            await client.SignInAsync(person.Login, "wrong password", "000000");
        }

        var until = web.People.Clock.GetUtcNow().AddMinutes(15).ToOffset(TimeSpan.FromHours(9));
        var page = await client.SignInAsync(person.Login);

        Assert.Equal(403, page.Status);
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, message, until.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)), page.Document.QuerySelector("[role=alert]")!.TextContent);
    }

    [Theory]
    [InlineData("en", "", "x", "123456", "login", "Login: enter it.")]
    [InlineData("ja", "a", "", "123456", "password", "パスワードを入力してください。")]
    [InlineData("en", "a", "x", "12345", "code", "Authentication code: enter the 6 digits your authenticator app shows now.")]
    [InlineData("en", "a", "x", "１２３４５６", "code", "Authentication code: enter the 6 digits your authenticator app shows now.")]
    [InlineData("en", "a", "x", "", "code", "Authentication code (6 digits): enter it.")]
    public async Task SignIn_BadField_400ErrorNextToTheField(string language, string login, string password, string code, string id, string error)
    {
        using var client = web.Client(language);
        var before = await SignInAuditCountAsync();

        var page = await client.SignInAsync(login, password, code);

        Assert.Equal(400, page.Status);
        Assert.Equal(error, page.Document.QuerySelector($"#{id}-error")!.TextContent);
        Assert.Equal($"{id}-error", page.Document.QuerySelector($"#{id}")!.GetAttribute("aria-describedby"));
        // A malformed form never reaches the sign-in: no attempt audited (and none counted towards a lockout).
        Assert.Equal(before, await SignInAuditCountAsync());
    }

    [Fact]
    public async Task SignIn_Succeeds_SessionCookieSecureHttpOnlyStrictHostOnly_HomeNamesPersonAndMember()
    {
        using var client = web.Client("en");

        var signedIn = await client.SignInAsync(web.MemberPerson.Login.ToUpperInvariant());
        var home = await client.GetAsync(signedIn.Location!);

        Assert.Equal(302, signedIn.Status);
        Assert.Equal("/", signedIn.Location);
        var cookie = Assert.Single(signedIn.SetCookies, c => c.StartsWith("__Host-ceptoar-web=", StringComparison.Ordinal));
        var flags = cookie.Split(';').Skip(1).Select(f => f.Trim().ToLowerInvariant()).ToArray();
        Assert.Contains("secure", flags);
        Assert.Contains("httponly", flags);
        Assert.Contains("samesite=strict", flags);
        Assert.Contains("path=/", flags);
        Assert.DoesNotContain(flags, f => f.StartsWith("domain=", StringComparison.Ordinal));
        Assert.Equal(200, home.Status);
        Assert.Equal("Welcome, 佐藤 花子", home.Document.QuerySelector("h1")!.TextContent);
        Assert.Contains("Member company: mizuho-bank Ltd.", home.Text, StringComparison.Ordinal);
        Assert.Contains("Role: Person at a member company", home.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cookies_AntiforgeryAndLanguage_SecureHttpOnlyStrict()
    {
        using var client = web.Client("en");

        var page = await client.GetAsync("/sign-in");
        var switched = await client.PostAsync("/language", [new("lang", "ja"), new("returnUrl", "/")]);

        foreach (var cookie in page.SetCookies.Concat(switched.SetCookies))
        {
            var flags = cookie.Split(';').Skip(1).Select(f => f.Trim().ToLowerInvariant()).ToArray();
            Assert.True(flags.Contains("secure") && flags.Contains("httponly") && flags.Contains("samesite=strict"), cookie);
        }

        Assert.Contains(page.SetCookies, c => c.StartsWith("__Host-ceptoar-af=", StringComparison.Ordinal));
        Assert.Contains(switched.SetCookies, c => c.StartsWith("ceptoar-lang=ja", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Home_NotSignedIn_RedirectsToSignInWithReturnUrl()
    {
        using var client = web.Client("en");

        var page = await client.GetAsync("/");

        Assert.Equal(302, page.Status);
        Assert.StartsWith("/sign-in?ReturnUrl=%2F", new Uri(client.BaseAddress, page.Location!).PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_PersonReset_SignedOutOnTheNextRequest()
    {
        var person = await web.People.AddAsync("reset@mizuho.example.jp", "Reset Person", WebNode.MemberId, Ceptoar.Node.People.PersonKind.Member);
        using var client = web.Client("en");
        await client.SignInAsync(person.Login);
        Assert.Equal(200, (await client.GetAsync("/")).Status);

        await web.People.ResetAsync(person.Login);
        var page = await client.GetAsync("/");

        Assert.Equal(302, page.Status);
        Assert.StartsWith("/sign-in", new Uri(client.BaseAddress, page.Location!).AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_PersonDisabled_SignedOutOnTheNextRequest()
    {
        var person = await web.People.AddAsync("disabled@mizuho.example.jp", "Disabled Person", WebNode.MemberId, Ceptoar.Node.People.PersonKind.Member);
        using var client = web.Client("en");
        await client.SignInAsync(person.Login);
        Assert.Equal(200, (await client.GetAsync("/")).Status);

        await web.People.DisableAsync(person.Login);
        var page = await client.GetAsync("/");

        Assert.Equal(302, page.Status);
    }

    [Fact]
    public async Task LanguageSwitch_SignedIn_StoredOnThePerson()
    {
        var person = await web.People.AddAsync("lang@mizuho.example.jp", "Lang Person", WebNode.MemberId, Ceptoar.Node.People.PersonKind.Member);
        using var client = web.Client("en");
        await client.SignInAsync(person.Login);
        await client.GetAsync("/");

        await client.PostAsync("/language", [new("lang", "ja"), new("returnUrl", "/")]);
        using var otherBrowser = web.Client("en");
        await otherBrowser.SignInAsync(person.Login);
        var home = await otherBrowser.GetAsync("/");

        Assert.Equal("ja", (await web.People.GetAsync(person.PersonId))!.Language);
        Assert.Equal("ja", home.Lang);
    }

    [Fact]
    public async Task SignOut_Post_SessionEnds()
    {
        using var client = web.Client("en");
        await client.SignInAsync(web.StaffPerson.Login);
        await client.GetAsync("/");

        var signedOut = await client.PostAsync("/sign-out", []);
        var home = await client.GetAsync("/");

        Assert.Equal(302, signedOut.Status);
        Assert.Equal("/sign-in", signedOut.Location);
        Assert.Equal(302, home.Status);
    }

    [Theory]
    [InlineData("", "x", "x", "current", "Current password: enter it.")]
    [InlineData("wrong", "a new long password", "a new long password", "current", "Current password: this is not your current password.")]
    [InlineData("own", "short", "short", "next", "New password: use at least 12 characters (and at most 1,024).")]
    [InlineData("own", "council@council.example.jp", "council@council.example.jp", "next", "New password: it may not be your login or your name; choose another.")]
    [InlineData("own", "a new long password", "another long password", "confirm", "New password again: it differs from the new password; type the same password twice.")]
    public async Task ChangePassword_Refused_400ErrorNextToTheField(string current, string next, string confirm, string id, string error)
    {
        using var client = web.Client("en");
        await client.SignInAsync(web.CouncilPerson.Login);
        await client.GetAsync("/password");
        current = current == "own" ? web.People.PasswordOf(web.CouncilPerson.Login) : current;

        var page = await client.PostAsync("/password", [new("Current", current), new("Next", next), new("Confirm", confirm)]);

        Assert.Equal(400, page.Status);
        Assert.Equal(error, page.Document.QuerySelector($"#{id}-error")!.TextContent);
    }

    [Fact]
    public async Task ChangePassword_Changed_SignedOutEverywhere()
    {
        var person = await web.People.AddAsync("change@mizuho.example.jp", "Change Person", WebNode.MemberId, Ceptoar.Node.People.PersonKind.Member);
        using var client = web.Client("en");
        await client.SignInAsync(person.Login);
        await client.GetAsync("/password");
        var old = web.People.PasswordOf(person.Login);

        var page = await client.PostAsync("/password", [new("Current", old), new("Next", "a new long password"), new("Confirm", "a new long password")]);
        var home = await client.GetAsync("/");
        using var again = web.Client("en");
        var withOld = await again.SignInAsync(person.Login, old);
        var withNew = await again.SignInAsync(person.Login, "a new long password");

        Assert.Equal(200, page.Status);
        Assert.Contains("Your password was changed.", page.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(302, home.Status);
        Assert.Equal(403, withOld.Status);
        Assert.Equal(302, withNew.Status);
    }

    [Theory]
    [InlineData("en", "Page not found")]
    [InlineData("ja", "ページが見つかりません")]
    public async Task UnknownPath_404PageInThePersonsLanguage(string language, string heading)
    {
        using var client = web.Client(language);

        var page = await client.GetAsync("/no/such/page?x=1");

        Assert.Equal(404, page.Status);
        Assert.Equal(language, page.Lang);
        Assert.Equal(heading, page.Document.QuerySelector("h1")!.TextContent);
    }

    private static string[] CacheControl(WebPage page) => (page.Header("Cache-Control") ?? "").Split(',', StringSplitOptions.TrimEntries);

    /// <summary>Sign-in attempts the node audited (accepted and refused).</summary>
    private async Task<int> SignInAuditCountAsync()
    {
        var count = 0;
        foreach (var action in new[] { "person.signin", "person.signin.refused" })
        {
            count += (await web.Node.Admin.ListAuditAsync(new Ceptoar.Federation.V1.ListAuditRequest { Action = action, Limit = 1000 })).Entries.Count;
        }

        return count;
    }
}
