using HtmlAgilityPack;

namespace NewsMonitor.Evaluation;

/// <summary>
/// The benchmark's floor: every text node of &lt;body&gt; outside scripts and styles, i.e. an extractor that removes
/// nothing. Used to check the metric (published F1 0.665) and as the speed baseline of <c>newsmon eval</c>.
/// </summary>
public static class WholePageBaseline
{
    public static string Extract(string html)
    {
        var doc = new HtmlDocument();
        doc.LoadHtml(html);
        var body = doc.DocumentNode.SelectSingleNode("//body") ?? doc.DocumentNode;
        return string.Join('\n', body.DescendantsAndSelf()
            .Where(n => n.NodeType == HtmlNodeType.Text && n.ParentNode?.Name is not ("script" or "style" or "noscript"))
            .Select(n => HtmlEntity.DeEntitize(n.InnerText).Trim()).Where(t => t.Length > 0));
    }
}
