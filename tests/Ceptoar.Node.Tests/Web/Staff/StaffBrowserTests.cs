using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Rules;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace Ceptoar.Node.Tests.Web.Staff;

/// <summary>
/// The staff pages in a real headless Chromium (docs/CONSOLE.md §4, §8): a staff person signs in with TOTP, approves a
/// held item, starts a drill and watches its board fill by server-sent events as two members acknowledge through the
/// member API; every staff page checked with axe-core and photographed, in each language.
/// </summary>
public sealed class StaffBrowserTests(WebBrowser browser) : IClassFixture<WebBrowser>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("en", "Approval queue", "Held item", "Items", "Item status", "Drills", "Drill board", "Drill report", "Mode and status board", "Live: updated at ")]
    [InlineData("ja", "承認待ち", "保留中の項目", "項目", "項目の状況", "訓練", "訓練ボード", "訓練報告", "モードと状況ボード", "ライブ：")]
    public async Task StaffPerson_ApprovesStartsDrillWatchesBoardFill_AccessibleAndPhotographed(
        string language, string queue, string held, string items, string item, string drills, string board, string report, string mode, string live)
    {
        var node = browser.Web.Node;
        var second = await node.AddMemberWithKeyAsync("resona-bank-" + language);
        await HoldIncidentsAsync();
        var submitted = await node.Member(browser.Web.ApiKey).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "Held for the browser " + language)));
        Assert.Equal("held", submitted.Status);
        browser.StartAs(language);
        browser.SignIn(browser.Web.StaffPerson.Login);
        WaitFor(() => browser.Driver.Url.EndsWith('/'));

        browser.Open("/staff/queue");
        Check("staff-queue", language, queue);
        browser.Find($"a[href='/staff/queue/{submitted.ItemId}']").Click();
        WaitFor(() => browser.Driver.Url.EndsWith(submitted.ItemId, StringComparison.Ordinal));
        Check("staff-held", language, held);
        browser.Find("#note").SendKeys("checked");
        browser.ClickAndWait("#approve");
        Assert.Single(browser.Driver.FindElements(By.CssSelector("p.done")));
        Assert.Empty(browser.Driver.FindElements(By.CssSelector("#approve")));
        Check("staff-held-approved", language, held);

        browser.Open("/staff/items");
        Check("staff-items", language, items);
        browser.Open("/staff/drills");
        Check("staff-drills", language, drills);
        browser.Find("#instruction-ja").SendKeys("訓練です。確認応答してください。");
        browser.Find("#instruction-en").SendKeys("This is a drill: acknowledge it.");
        browser.ClickAndWait("#start-drill");
        WaitFor(() => browser.Driver.Url.Contains("/staff/drills/", StringComparison.Ordinal));
        var drill = browser.Driver.Url[(browser.Driver.Url.LastIndexOf('/') + 1)..];
        Assert.Equal("0", AcknowledgedCell());
        Check("staff-drill-board", language, board);

        await node.Member(browser.Web.ApiKey).AcknowledgeAsync(new AcknowledgeRequest { ItemId = drill });
        await node.Member(second).AcknowledgeAsync(new AcknowledgeRequest { ItemId = drill });

        // No reload: only the page's event stream can change the cell.
        WaitFor(() => AcknowledgedCell() == "2");
        Assert.StartsWith(live, browser.Find("#board-live").Text, StringComparison.Ordinal);
        Assert.Equal(2, browser.Driver.FindElements(By.CssSelector("#row-bank-ceptoar ul.acks li")).Count);
        Check("staff-drill-board-filled", language, board);

        browser.Open($"/staff/items/{drill}");
        Check("staff-item", language, item);
        browser.Open($"/staff/drills/{drill}/report");
        Check("staff-drill-report", language, report);
        browser.Open("/staff/mode");
        Check("staff-mode", language, mode);
        browser.ClickAndWait("form.sign-out button");
    }

    /// <summary>The board's "members acknowledged" cell of this node's own row (th, state, reached, acknowledged…).</summary>
    private string AcknowledgedCell()
    {
        try
        {
            return browser.Find("#row-bank-ceptoar td:nth-of-type(3)").Text;
        }
        catch (StaleElementReferenceException)
        {
            // The script replaced the row between finding and reading it: read again.
            return "";
        }
    }

    private Task HoldIncidentsAsync()
    {
        var (rules, errors) = RuleFile.Parse("""
            rule secretariat-checks-incidents
              when direction=submitted kind=incident-report
              then hold=yes
            """);
        Assert.True(rules is not null, string.Join("; ", errors));
        return browser.Web.Node.Services.GetRequiredService<ActiveRules>().ReplaceAsync(rules, null, "admin", "test rules", CancellationToken.None);
    }

    private void Check(string name, string language, string heading)
    {
        Assert.Equal(language, browser.Lang);
        Assert.Equal(heading, browser.Find("h1").Text);
        browser.Screenshot(name);
        browser.AssertAccessible(name);
    }

    private void WaitFor(Func<bool> condition) => new WebDriverWait(browser.Driver, Deadline).Until(_ => condition());
}
