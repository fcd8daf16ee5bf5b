using System.Text;

namespace NewsMonitor.Extraction;

/// <summary>
/// Flattens pathological nesting before parsing. HtmlAgilityPack's parser and tree walks cost time proportional to the
/// square of the nesting depth (a 150 KB page of 30,000 nested &lt;div&gt;s takes minutes), and deep recursion risks the
/// stack. Real articles nest under 100 levels; tags deeper than <see cref="MaxDepth"/> are dropped and their text kept.
/// One linear pass; the input is returned unchanged (no copy) when it is shallow enough.
/// </summary>
public static class HtmlDepthGuard
{
    public const int MaxDepth = 256;

    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
        { "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "!doctype" };

    public static string Flatten(string html, out bool flattened)
    {
        flattened = false;
        if (MaxNesting(html, stopAbove: MaxDepth) <= MaxDepth) return html;
        flattened = true;
        var sb = new StringBuilder(html.Length);
        int depth = 0, dropped = 0;
        Scan(html, (start, end, kind) =>
        {
            switch (kind)
            {
                case TagKind.Text:
                    sb.Append(html, start, end - start);
                    break;
                case TagKind.Open:
                    if (depth >= MaxDepth) { dropped++; sb.Append(' '); }
                    else { depth++; sb.Append(html, start, end - start); }
                    break;
                case TagKind.Close:
                    if (dropped > 0 && depth >= MaxDepth) { dropped--; sb.Append(' '); }
                    else { depth = Math.Max(0, depth - 1); sb.Append(html, start, end - start); }
                    break;
                default:
                    sb.Append(html, start, end - start);
                    break;
            }
        });
        return sb.ToString();
    }

    /// <summary>The deepest nesting of non-void elements (approximate, as HTML error recovery is not modelled).</summary>
    public static int MaxNesting(string html, int stopAbove = int.MaxValue)
    {
        int depth = 0, max = 0;
        Scan(html, (_, _, kind) =>
        {
            if (kind == TagKind.Open) { depth++; if (depth > max) max = depth; }
            else if (kind == TagKind.Close) depth = Math.Max(0, depth - 1);
        }, () => max > stopAbove);
        return max;
    }

    private enum TagKind { Text, Open, Close, Other }

    private static void Scan(string html, Action<int, int, TagKind> visit, Func<bool>? stop = null)
    {
        int i = 0, n = html.Length;
        while (i < n)
        {
            if (stop?.Invoke() == true) return;
            int lt = html.IndexOf('<', i);
            if (lt < 0) { visit(i, n, TagKind.Text); return; }
            if (lt > i) visit(i, lt, TagKind.Text);
            if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                int endComment = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                int stopAt = endComment < 0 ? n : endComment + 3;
                visit(lt, stopAt, TagKind.Other);
                i = stopAt;
                continue;
            }
            int gt = html.IndexOf('>', lt + 1);
            if (gt < 0) { visit(lt, n, TagKind.Text); return; }
            bool closing = lt + 1 < n && html[lt + 1] == '/';
            int nameStart = lt + (closing ? 2 : 1), nameEnd = nameStart;
            while (nameEnd < gt && (char.IsLetterOrDigit(html[nameEnd]) || html[nameEnd] is '!' or '-' or ':')) nameEnd++;
            if (nameEnd == nameStart) { visit(lt, lt + 1, TagKind.Text); i = lt + 1; continue; }
            var name = html.AsSpan(nameStart, nameEnd - nameStart);
            bool selfClosing = html[gt - 1] == '/';
            var kind = closing ? TagKind.Close : VoidElements.Contains(name.ToString()) || selfClosing ? TagKind.Other : TagKind.Open;
            visit(lt, gt + 1, kind);
            i = gt + 1;
            // Script and style bodies may contain '<': skip to their end tag.
            if (!closing && (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase)))
            {
                int endTag = html.IndexOf("</" + name.ToString(), i, StringComparison.OrdinalIgnoreCase);
                int stopAt = endTag < 0 ? n : endTag;
                if (stopAt > i) visit(i, stopAt, TagKind.Text);
                i = stopAt;
            }
        }
    }
}
