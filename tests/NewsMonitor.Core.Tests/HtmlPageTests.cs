using NewsMonitor.Extraction;

namespace NewsMonitor.Core.Tests;

public class HtmlPageTests
{
    /// <summary>The tree as text: element names with their children in brackets, text as its raw content in quotes.</summary>
    private static string Shape(DomNode node) =>
        node.IsText ? $"'{node.RawText}'" : node.Name + (node.FirstChild is null ? "" : "[" + string.Join(" ", node.Children.Select(Shape)) + "]");

    private static string BodyShape(string html) => string.Join(" ", HtmlPage.Parse(html).Body.Children.Select(Shape));

    [Theory]
    [InlineData("<p>một<p>hai", "p['một'] p['hai']")]
    [InlineData("<p>đoạn<div>khối</div>", "p['đoạn'] div['khối']")]
    [InlineData("<p>đoạn <b>đậm<div>khối</div>", "p['đoạn ' b['đậm']] div['khối']")]
    [InlineData("<ul><li>một<li>hai</ul>", "ul[li['một'] li['hai']]")]
    [InlineData("<ul><li>ngoài<ul><li>trong</ul><li>sau</ul>", "ul[li['ngoài' ul[li['trong']]] li['sau']]")]
    [InlineData("<table><tr><td>a<td>b<tr><td>c</table>", "table[tr[td['a'] td['b']] tr[td['c']]]")]
    [InlineData("<table><tr><td><p>trong ô</table><p>sau", "table[tr[td[p['trong ô']]]] p['sau']")]
    [InlineData("<dl><dt>từ<dd>nghĩa<dt>từ hai</dl>", "dl[dt['từ'] dd['nghĩa'] dt['từ hai']]")]
    [InlineData("<div>a</span>b</div>", "div['a' 'b']")]
    [InlineData("<div><span>a</div>b", "div[span['a']] 'b'")]
    [InlineData("a<br>b</br>c", "'a' br 'b' br 'c'")]
    [InlineData("<img src=x><hr/><input>", "img hr input")]
    [InlineData("<h2>một<h3>hai</h3>", "h2['một'] h3['hai']")]
    [InlineData("<a href=1>một<a href=2>hai</a>", "a['một'] a['hai']")]
    [InlineData("a < b và 3<4", "'a < b và 3<4'")]
    public void Parse_FollowsTheHtmlRulesThatShapeText(string html, string expected) => Assert.Equal(expected, BodyShape(html));

    [Fact]
    public void Parse_RawTextElements_HoldTheirContentAsText()
    {
        var page = HtmlPage.Parse("""<head><title>A &amp; B <b>không phải thẻ</b></title><script>if (a < b && c > d) { x = "</div>"; }</script></head><body><style>p > a { }</style><p>ok</p></body>""");
        var script = DomWalk.Below(page.Root, "script").Single();
        Assert.Equal("""if (a < b && c > d) { x = "</div>"; }""", script.InnerText());
        Assert.Equal("A &amp; B <b>không phải thẻ</b>", DomWalk.Below(page.Root, "title").Single().InnerText());
        Assert.Equal("style['p > a { }'] p['ok']", string.Join(" ", page.Body.Children.Select(Shape)));
    }

    [Fact]
    public void Parse_CommentsDoctypeAndProcessingInstructions_AreSkipped()
    {
        Assert.Equal("p['a']", BodyShape("<!DOCTYPE html><?xml version=\"1.0\"?><!-- <p>ẩn</p> --><p>a<!---->"));
        Assert.Equal("p['a']", BodyShape("<p>a<!-- không đóng"));
    }

    [Fact]
    public void Parse_KeepsTheAttributesExtractionReads_Decoded()
    {
        var page = HtmlPage.Parse("""<div CLASS="a b" data-x="1" id=main style='display: none' hidden title="bỏ qua" href="/x?a=1&amp;b=2">t</div>""");
        var div = page.Body.Children.Single();
        Assert.Equal("a b", div.Attribute("class"));
        Assert.Equal("main", div.Attribute("id"));
        Assert.Equal("display: none", div.Attribute("style"));
        Assert.True(div.HasAttribute("hidden"));
        Assert.Equal("/x?a=1&b=2", div.Attribute("href"));
        Assert.Null(div.Attribute("data-x"));
        Assert.Null(div.Attribute("title"));
    }

    [Fact]
    public void Parse_NumbersNodesInDocumentOrder()
    {
        var page = HtmlPage.Parse("<html><body><div><p>a</p><p>b</p></div><p>c</p></body></html>");
        var indexes = DomWalk.Below(page.Root).Select(n => n.Index).ToList();
        Assert.Equal(indexes.Order(), indexes);
        Assert.Equal(page.NodeCount, indexes.Count + 1);
    }

    [Fact]
    public void InnerText_ReadsLineBreaksAsLineSeparators_AndSkipsRemovedNodes()
    {
        var page = HtmlPage.Parse("<div>một<br>hai<span class=x>ba</span></div>");
        var div = page.Body.Children.Single();
        Assert.Equal("một\u2028haiba", div.InnerText());
        div.Children.Single(c => c.Name == "span").Removed = true;
        Assert.Equal("một\u2028hai", div.InnerText());
    }

    [Theory]
    [InlineData("")]
    [InlineData("<")]
    [InlineData("</")]
    [InlineData("<div class=\"không đóng")]
    [InlineData("<script>không đóng")]
    [InlineData("<<<>>></></ >< / >")]
    [InlineData("\u0000\u0001\u0002\uFFFD<p\u0000>x")]
    public void Parse_BrokenInput_NeverThrows(string html)
    {
        var page = HtmlPage.Parse(html);
        Assert.NotNull(page.Body);
        _ = page.Body.InnerText();
    }

    [Fact]
    public void Parse_PageWithoutBody_UsesTheRoot()
    {
        var page = HtmlPage.Parse("<p>chỉ có đoạn văn</p>");
        Assert.Same(page.Root, page.Body);
        Assert.Equal("chỉ có đoạn văn", page.Body.InnerText());
    }

    [Fact]
    public void Parse_DeepNesting_IsCappedAndLinear()
    {
        var html = string.Concat(Enumerable.Repeat("<div><span>", 100_000)) + "đáy" + string.Concat(Enumerable.Repeat("</span></div>", 100_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var page = HtmlPage.Parse(html);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.True(page.Flattened);
        Assert.Equal(HtmlPage.MaxDepth, page.Depth);
        Assert.Equal("đáy", page.Body.InnerText());
    }
}
