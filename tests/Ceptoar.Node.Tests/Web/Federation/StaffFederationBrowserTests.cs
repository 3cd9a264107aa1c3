using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace Ceptoar.Node.Tests.Web.Federation;

/// <summary>
/// The staff pages about the federation in a real headless Chromium (docs/CONSOLE.md §4.5–4.10, §8): each page in both
/// languages checked with axe-core and photographed, the statistics chart included, a form's error shown in the browser.
/// </summary>
public sealed class StaffFederationBrowserTests(WebBrowser browser) : IClassFixture<WebBrowser>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("ja", "連合横断検索", "ディレクトリ", "ピアと未送信の滞留", "取扱いルール", "監査ログ", "情報共有の統計")]
    [InlineData("en", "Federated query", "Directory", "Peers and their backlog", "Handling rules", "Audit log", "Sharing statistics")]
    public void StaffPages_InEachLanguage_AccessibleAndPhotographed(string language, string query, string directory, string peers, string rules, string audit, string statistics)
    {
        browser.StartAs(language);
        browser.SignIn(browser.Web.CouncilPerson.Login);
        Wait(() => browser.Driver.Url.EndsWith('/'));

        Visit("/staff/query", "staff-query", query);
        browser.Find("#text").SendKeys("logins");
        browser.ClickAndWait("main form button[type=submit]");
        Check("staff-query-answered", query);

        Visit("/staff/directory", "staff-directory", directory);
        Visit("/staff/peers", "staff-peers", peers);
        Visit("/staff/rules", "staff-rules", rules);
        browser.Find("#draft").SendKeys("{not json");
        browser.ClickAndWait("main form button[type=submit]");
        Check("staff-rules-error", rules);
        Assert.Equal("true", browser.Find("#draft").GetAttribute("aria-invalid"));

        Visit("/staff/audit", "staff-audit", audit);
        browser.ClickAndWait("main form[method=post] button[type=submit]");
        Check("staff-audit-verified", audit);

        Visit("/staff/statistics", "staff-statistics", statistics);
        Assert.Single(browser.Driver.FindElements(By.CssSelector("svg[role=img] title")));
        browser.Driver.ExecuteScript("document.querySelector('figure.chart').scrollIntoView()");
        browser.Screenshot("staff-statistics-chart");
        browser.ClickAndWait("form.sign-out button");
    }

    private void Visit(string path, string name, string heading)
    {
        browser.Open(path);
        Check(name, heading);
    }

    private void Check(string name, string heading)
    {
        Wait(() => browser.Find("h1").Text == heading);
        browser.AssertAccessible(name);
        browser.Screenshot(name);
    }

    private void Wait(Func<bool> condition) => new WebDriverWait(browser.Driver, Deadline).Until(_ => condition());
}
