namespace Ceptoar.Node.Tests.Web;

/// <summary>What every console page must be, read from its parsed HTML as a browser reads it (docs/CONSOLE.md §1, §7).</summary>
internal static class WebAssert
{
    /// <summary>
    /// Only the console's own script (an empty element with src="/console.js"), no inline style, no event-handler
    /// attributes, no javascript: addresses, and nothing the page did not write itself (img, iframe, object, base).
    /// </summary>
    public static void Inert(WebPage page)
    {
        var document = page.Document;
        var scripts = document.QuerySelectorAll("script").ToArray();
        var script = Assert.Single(scripts);
        Assert.Equal("/console.js", script.GetAttribute("src"));
        Assert.Equal("", script.TextContent);
        Assert.Empty(document.QuerySelectorAll("style"));
        Assert.Empty(document.QuerySelectorAll("img, iframe, object, embed, base, svg, math, meta[http-equiv]"));
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"<{element.LocalName} {attribute.Name}> in {page}");
                Assert.False(attribute.Name.Equals("style", StringComparison.OrdinalIgnoreCase), $"<{element.LocalName} style> in {page}");
                if (attribute.Name is "href" or "src" or "action" or "formaction")
                {
                    Assert.False(attribute.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase), $"<{element.LocalName} {attribute.Name}={attribute.Value}>");
                }
            }
        }
    }
}
