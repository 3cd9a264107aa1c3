using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace Ceptoar.Node.Tests.Web;

/// <summary>
/// The shell in a real headless Chromium (docs/CONSOLE.md §8): every page in both languages checked with axe-core and
/// photographed, the language switch, the sign-in form by keyboard alone, the session cookie as the browser keeps it.
/// </summary>
public sealed class WebBrowserTests(WebBrowser browser) : IClassFixture<WebBrowser>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("ja", "サインイン", "ページが見つかりません", "佐藤 花子 さん、ようこそ", "パスワードの変更")]
    [InlineData("en", "Sign in", "Page not found", "Welcome, 佐藤 花子", "Change your password")]
    public void ShellPages_InEachLanguage_AccessibleAndPhotographed(string language, string signIn, string notFound, string home, string password)
    {
        browser.StartAs(language);

        browser.Open("/sign-in");
        Check("sign-in", language, signIn);

        browser.SignIn("nobody@example.jp");
        Check("sign-in-refused", language, signIn);
        Assert.Single(browser.Driver.FindElements(By.CssSelector("[role=alert]")));

        browser.Open("/no/such/page");
        Check("not-found", language, notFound);

        browser.SignIn(browser.Web.MemberPerson.Login);
        WaitFor(() => browser.Driver.Url.EndsWith('/'));
        Check("home-member", language, home);

        browser.Open("/password");
        Check("password", language, password);

        browser.ClickAndWait("form.sign-out button");
        WaitFor(() => browser.Driver.Url.Contains("/sign-in", StringComparison.Ordinal));
        browser.SignIn(browser.Web.StaffPerson.Login);
        WaitFor(() => browser.Driver.Url.EndsWith('/'));
        Check("home-staff", language, null);
        browser.ClickAndWait("form.sign-out button");
    }

    [Fact]
    public void LanguageSwitch_Clicked_PageInTheOtherLanguage()
    {
        browser.StartAs("en");
        browser.Open("/sign-in");
        Assert.Equal("en", browser.Lang);

        browser.ClickAndWait("form.language button[value=ja]");
        WaitFor(() => browser.Lang == "ja");

        Assert.Equal("サインイン", browser.Find("h1").Text);
        Assert.EndsWith("/sign-in", browser.Driver.Url, StringComparison.Ordinal);
        Assert.Equal("true", browser.Find("form.language button[value=ja]").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void SignInForm_KeyboardOnly_TabOrderLabelsAndSubmit()
    {
        browser.StartAs("en");
        browser.Open("/sign-in");

        string[] expected = ["skip", "app", "lang-ja", "lang-en", "login", "password", "code", "submit"];
        var order = new List<string>();
        foreach (var _ in expected)
        {
            new OpenQA.Selenium.Interactions.Actions(browser.Driver).SendKeys(Keys.Tab).Perform();
            order.Add(Describe(browser.Driver.SwitchTo().ActiveElement()));
        }

        Assert.Equal(expected, order);
        foreach (var (id, label) in new[] { ("login", "Login"), ("password", "Password"), ("code", "Authentication code (6 digits)") })
        {
            Assert.Equal(label, browser.Find($"label[for={id}]").Text);
        }

        browser.Find("#login").SendKeys("nobody@example.jp" + Keys.Tab + "wrong" + Keys.Tab + "123456" + Keys.Enter);
        WaitFor(() => browser.Driver.FindElements(By.CssSelector("[role=alert]")).Count > 0);

        Assert.Equal("Sign-in failed: check your login, password and authentication code, and try again.", browser.Find("[role=alert]").Text);
    }

    [Fact]
    public void SignIn_InTheBrowser_SessionCookieSecureHttpOnlyStrict()
    {
        browser.StartAs("en");

        browser.SignIn(browser.Web.CouncilPerson.Login);
        WaitFor(() => browser.Driver.Url.EndsWith('/'));

        var cookie = browser.Driver.Manage().Cookies.GetCookieNamed("__Host-ceptoar-web");
        Assert.NotNull(cookie);
        Assert.True(cookie.Secure);
        Assert.True(cookie.IsHttpOnly);
        Assert.Equal("Strict", cookie.SameSite);
        Assert.Null(cookie.Expiry);
        Assert.Equal("Welcome, Suzuki Jiro", browser.Find("h1").Text);
    }

    [Theory]
    [InlineData("<script>window.__pwned = 1</script>")]
    [InlineData("\"><img src=x onerror=\"window.__pwned=1\">")]
    [InlineData("javascript:window.__pwned=1")]
    public void SignIn_HostileLoginInTheBrowser_NothingRuns(string login)
    {
        browser.StartAs("ja");

        browser.SignIn(login);

        Assert.Equal("ja", browser.Lang);
        Assert.Null(browser.Driver.ExecuteScript("return window.__pwned === undefined ? null : window.__pwned;"));
        Assert.Single(browser.Driver.FindElements(By.CssSelector("script")));
        Assert.Empty(browser.Driver.FindElements(By.CssSelector("img")));
        Assert.Equal(login, browser.Find("#login").GetAttribute("value"));
    }

    private void Check(string name, string language, string? heading)
    {
        Assert.Equal(language, browser.Lang);
        if (heading is not null)
        {
            Assert.Equal(heading, browser.Find("h1").Text);
        }

        browser.Screenshot(name);
        browser.AssertAccessible(name);
    }

    private static string Describe(IWebElement element)
    {
        var id = element.GetAttribute("id");
        if (!string.IsNullOrEmpty(id))
        {
            return id;
        }

        return element.TagName switch
        {
            "a" when element.GetAttribute("class") == "skip" => "skip",
            "a" => "app",
            "button" when element.GetAttribute("value") is "ja" or "en" => "lang-" + element.GetAttribute("value"),
            "button" => "submit",
            var tag => tag,
        };
    }

    private void WaitFor(Func<bool> condition) => new WebDriverWait(browser.Driver, Deadline).Until(_ => condition());
}
