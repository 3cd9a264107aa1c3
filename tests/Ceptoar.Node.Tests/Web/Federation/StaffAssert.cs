namespace Ceptoar.Node.Tests.Web.Federation;

/// <summary>
/// WebAssert.Inert for the staff pages, which may carry the one server-written SVG chart (docs/CONSOLE.md §4.10): the same
/// checks, and in an SVG only the elements the chart is drawn with.
/// </summary>
internal static class StaffAssert
{
    private static readonly HashSet<string> ChartElements = ["svg", "title", "desc", "rect", "text", "line"];

    public static void Inert(WebPage page)
    {
        var document = page.Document;
        var script = Assert.Single(document.QuerySelectorAll("script"));
        Assert.Equal("/console.js", script.GetAttribute("src"));
        Assert.Equal("", script.TextContent);
        Assert.Empty(document.QuerySelectorAll("style, img, iframe, object, embed, base, math, meta[http-equiv], foreignObject, a[href^='http'], svg a, svg script"));
        foreach (var svg in document.QuerySelectorAll("svg"))
        {
            Assert.All(svg.QuerySelectorAll("*").Append(svg), e => Assert.Contains(e.LocalName, ChartElements));
        }

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
