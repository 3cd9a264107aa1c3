using System.Text.Json;
using Ceptoar.AdminCli.Tests.Localization;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Ceptoar.Node.Tests.Web;

/// <summary>
/// One real headless Chromium (Debian's chromium and chromium-driver) and one real node for a test class
/// (docs/CONSOLE.md §8): the language per test by Accept-Language, axe-core injected into each page, screenshots of
/// every page in web-screenshots/ of the test output folder.
/// </summary>
public sealed class WebBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    /// <summary>Where .ci/run installs axe-core (npm, pinned); CEPTOAR_AXE_JS names another file.</summary>
    public const string DefaultAxePath = "tests/.tools/node_modules/axe-core/axe.min.js";

    private string _axe = "";

    public WebNode Web { get; } = new();

    internal ChromeDriver Driver { get; private set; } = null!;

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "web-screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(DriverPath))
        {
            throw new InvalidOperationException(
                $"the web console's browser tests need headless Chromium at {ChromiumPath} and its driver at {DriverPath}: run `sudo apt-get install chromium chromium-driver fonts-noto-cjk` (Debian), as .ci/run does.");
        }

        var axe = Environment.GetEnvironmentVariable("CEPTOAR_AXE_JS") is { Length: > 0 } set ? set : Path.Combine(RepositoryRoot.Path, DefaultAxePath);
        if (!File.Exists(axe))
        {
            throw new InvalidOperationException(
                $"axe-core is missing at {axe}: run `npm install --prefix tests/.tools axe-core@4.14.1` in the repository (as .ci/run does), or set CEPTOAR_AXE_JS to an axe.min.js.");
        }

        _axe = await File.ReadAllTextAsync(axe);
        await Web.InitializeAsync();
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath, AcceptInsecureCertificates = true };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900", "--no-first-run", "--disable-extensions");
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Driver.ExecuteCdpCommand("Network.enable", []);
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task DisposeAsync()
    {
        Driver?.Quit();
        Driver?.Dispose();
        await Web.DisposeAsync();
    }

    /// <summary>A fresh visitor who reads <paramref name="language"/>: no cookies, that Accept-Language on every request.</summary>
    public void StartAs(string language)
    {
        Driver.Navigate().GoToUrl(Web.WebEndpoint + "/console.css");
        Driver.Manage().Cookies.DeleteAllCookies();
        Driver.ExecuteCdpCommand("Network.setExtraHTTPHeaders", new Dictionary<string, object?> { ["headers"] = new Dictionary<string, object> { ["Accept-Language"] = language } });
    }

    public void Open(string path) => Driver.Navigate().GoToUrl(Web.WebEndpoint + path);

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    public string Lang => Find("html").GetAttribute("lang") ?? "";

    /// <summary>Signs in through the form, as a person types it.</summary>
    public void SignIn(string login, string? password = null, string? code = null)
    {
        password ??= Web.People.PasswordOf(login);
        code ??= Web.People.NextCode(login);
        Open("/sign-in");
        Find("#login").SendKeys(login);
        Find("#password").SendKeys(password);
        Find("#code").SendKeys(code);
        ClickAndWait("form.stack button[type=submit]");
    }

    /// <summary>Clicks a button that submits a form and waits until the next page has replaced this one.</summary>
    public void ClickAndWait(string css)
    {
        var html = Find("html");
        Find(css).Click();
        new WebDriverWait(Driver, TimeSpan.FromSeconds(20)).Until(_ => IsGone(html) && Driver.ExecuteScript("return document.readyState") as string == "complete");
    }

    private static bool IsGone(IWebElement element)
    {
        try
        {
            _ = element.Enabled;
            return false;
        }
        catch (StaleElementReferenceException)
        {
            return true;
        }
        catch (UnknownErrorException e) when (e.Message.Contains("does not belong to the document", StringComparison.Ordinal))
        {
            // Chromium's way of saying the same while the old document is being replaced.
            return true;
        }
    }

    /// <summary>Saves a screenshot as web-screenshots/&lt;name&gt;.&lt;lang&gt;.png.</summary>
    public void Screenshot(string name) => Driver.GetScreenshot().SaveAsFile(Path.Combine(ScreenshotFolder, $"{name}.{Lang}.png"));

    /// <summary>Runs axe-core on the page; fails with each violation of impact serious or critical.</summary>
    public void AssertAccessible(string name)
    {
        Driver.ExecuteScript(_axe);
        var json = (string?)Driver.ExecuteAsyncScript(
            "const done = arguments[arguments.length - 1];" +
            "axe.run(document, { resultTypes: ['violations'] }).then(r => done(JSON.stringify(r.violations))).catch(e => done(JSON.stringify([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }])));");
        using var violations = JsonDocument.Parse(json ?? "[]");
        var serious = violations.RootElement.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()} at "
                + string.Join(", ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("target").ToString())))
            .ToArray();
        Assert.True(serious.Length == 0, $"{name} ({Lang}): " + string.Join("\n", serious));
    }
}
