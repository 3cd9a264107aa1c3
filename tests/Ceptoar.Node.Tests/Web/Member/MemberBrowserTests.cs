using Ceptoar.Federation.V1;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace Ceptoar.Node.Tests.Web.Member;

/// <summary>
/// A person at a member company in a real headless Chromium (docs/CONSOLE.md §3, §8): signs in with TOTP, reads the feed,
/// opens an item, acknowledges it, submits a report with one field error first; every member page checked with axe-core
/// and photographed in both languages; a hostile item opens no alert.
/// </summary>
public sealed class MemberBrowserTests(WebBrowser browser) : IClassFixture<WebBrowser>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("ja", "情報一覧", "報告の提出", "必須です。", "報告を登録しました", "当組織の確認履歴")]
    [InlineData("en", "Feed", "Submit a report", "Required.", "Report stored", "Our acknowledgements")]
    public async Task MemberPerson_FeedItemAcknowledgeSubmit_AccessibleAndPhotographed(string language, string feed, string submit, string required, string stored, string acks)
    {
        var title = $"Browser probe {language}";
        var itemId = await SubmitAsync(Tlp.Amber, title, new Audience { Sectors = { "finance" } });
        browser.StartAs(language);
        browser.SignIn(browser.Web.MemberPerson.Login);

        browser.Open("/member");
        Check("member-feed", language, feed);
        Assert.Equal("TLP:AMBER", Row(itemId).FindElement(By.CssSelector("span.tlp-amber")).Text);

        browser.ClickAndWait($"a[href='/member/items/{itemId}']");
        Check("member-item", language, title);
        browser.ClickAndWait("#acknowledge");
        WaitFor(() => browser.Driver.FindElements(By.CssSelector("p.notice")).Count == 1);
        Assert.NotEmpty(browser.Find("#acknowledged").Text);
        Check("member-item-acknowledged", language, title);

        browser.Open("/member/submit");
        Check("member-submit", language, submit);
        browser.Find("#title").SendKeys("Browser report " + language);
        browser.Find("#summary").SendKeys("Scans of the branch VPN every night.");
        browser.ClickAndWait("#submit");
        Assert.Equal(required, browser.Find("#kind-error").Text);
        Assert.Equal("Browser report " + language, browser.Find("#title").GetAttribute("value"));
        Check("member-submit-errors", language, submit);
        browser.Find("#kind option[value=IncidentReport]").Click();
        browser.Find("#tlp option[value=Green]").Click();
        browser.ClickAndWait("#submit");
        Check("member-submit-stored", language, submit);
        Assert.Equal(stored, browser.Find("#stored-heading").Text);
        var storedId = browser.Find("#stored-id").Text;
        var api = await browser.Web.Node.Member(browser.Web.ApiKey).GetAsync(new GetItemRequest { ItemId = storedId });
        Assert.Equal("Browser report " + language, api.Item.Body.Title);

        browser.Open("/member/acks");
        Check("member-acks", language, acks);
        Assert.Contains(browser.Driver.FindElements(By.CssSelector("table.acks a")), a => a.Text == title);

        browser.Open("/member/items/" + Core.Items.UuidV7.NewId());
        Assert.Equal(language, browser.Lang);
        browser.ClickAndWait("form.sign-out button");
    }

    [Fact]
    public async Task HostileItem_InTheBrowser_NoAlertAndNothingRuns()
    {
        var hostile = await SubmitAsync(Tlp.Green, "<script>alert(1)</script>\"><img src=x onerror=alert(1)> \u202Eexe.pdf", new Audience());
        browser.StartAs("en");
        browser.SignIn(browser.Web.MemberPerson.Login);

        browser.Open("/member");
        AssertNoAlert();
        browser.Open("/member/items/" + hostile);
        AssertNoAlert();

        Assert.Equal("<script>alert(1)</script>\"><img src=x onerror=alert(1)> [U+202E]exe.pdf", browser.Find("h1").Text);
        Assert.Empty(browser.Driver.FindElements(By.CssSelector("img")));
        Assert.Single(browser.Driver.FindElements(By.CssSelector("script")));
        browser.Screenshot("member-item-hostile");
        browser.ClickAndWait("form.sign-out button");
    }

    private void AssertNoAlert()
    {
        Assert.Equal("complete", browser.Driver.ExecuteScript("return document.readyState") as string);
        Assert.Throws<NoAlertPresentException>(() => browser.Driver.SwitchTo().Alert());
    }

    private async Task<string> SubmitAsync(Tlp tlp, string title, Audience audience)
    {
        var draft = Drafts.Incident(tlp, title);
        draft.Audience = audience;
        return (await browser.Web.Node.Member(browser.Web.ApiKey).SubmitAsync(Drafts.Request(draft))).ItemId;
    }

    private IWebElement Row(string itemId) =>
        browser.Driver.FindElements(By.CssSelector("table.feed tbody tr")).Single(r => r.FindElements(By.CssSelector($"a[href='/member/items/{itemId}']")).Count == 1);

    private void Check(string name, string language, string heading)
    {
        Assert.Equal(language, browser.Lang);
        Assert.Equal(heading, browser.Find("h1").Text);
        browser.Screenshot(name);
        browser.AssertAccessible(name);
    }

    private void WaitFor(Func<bool> condition) => new WebDriverWait(browser.Driver, Deadline).Until(_ => condition());
}
