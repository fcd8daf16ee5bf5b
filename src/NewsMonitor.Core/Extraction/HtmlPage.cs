using System.Net;
using System.Text;

namespace NewsMonitor.Extraction;

/// <summary>
/// A node of an <see cref="HtmlPage"/>: an element, or a run of text held as a slice of the page's source.
/// Nodes are numbered in document order (<see cref="Index"/>), so per-page state can live in arrays.
/// </summary>
public sealed class DomNode
{
    private readonly HtmlPage _page;
    private readonly string[]? _attributes; // name, value, name, value…: only the attributes extraction reads

    internal DomNode(HtmlPage page, string name, int index, string[]? attributes, int textStart = 0, int textLength = 0)
    {
        _page = page;
        Name = name;
        Index = index;
        _attributes = attributes;
        TextStart = textStart;
        TextLength = textLength;
    }

    /// <summary>Lower-case tag name, or <c>#text</c>, or <c>#document</c> for the root.</summary>
    public string Name { get; }

    public bool IsText => ReferenceEquals(Name, HtmlPage.TextName);

    public bool IsElement => !IsText;

    /// <summary>Position in document order, 0 for the root, below <see cref="HtmlPage.NodeCount"/>.</summary>
    public int Index { get; }

    public DomNode? Parent { get; internal set; }
    public DomNode? FirstChild { get; internal set; }
    public DomNode? LastChild { get; internal set; }
    public DomNode? NextSibling { get; internal set; }

    /// <summary>Marked as not part of the content (scripts, hidden blocks): walks and text skip it and what it holds.</summary>
    public bool Removed { get; set; }

    /// <summary>For a text node, where its raw text (entities not decoded) sits in the source, and how long it is.</summary>
    public int TextStart { get; }

    public int TextLength { get; internal set; }

    public ReadOnlySpan<char> RawText => _page.Source.AsSpan(TextStart, TextLength);

    /// <summary>An attribute's value with entities decoded, or null. Names are lower case.</summary>
    public string? Attribute(string name)
    {
        if (_attributes is null) return null;
        for (int i = 0; i < _attributes.Length; i += 2)
            if (_attributes[i] == name) return _attributes[i + 1];
        return null;
    }

    public string AttributeOrEmpty(string name) => Attribute(name) ?? "";

    public bool HasAttribute(string name) => Attribute(name) is not null;

    public bool HasAttributes => _attributes is not null;

    /// <summary>The children not marked <see cref="Removed"/>, in order.</summary>
    public IEnumerable<DomNode> Children
    {
        get
        {
            for (var c = FirstChild; c is not null; c = c.NextSibling)
                if (!c.Removed) yield return c;
        }
    }

    public IEnumerable<DomNode> ChildElements(string name)
    {
        for (var c = FirstChild; c is not null; c = c.NextSibling)
            if (!c.Removed && c.Name == name) yield return c;
    }

    /// <summary>
    /// The raw text of everything below, in order, skipping removed nodes; a &lt;br&gt; reads as U+2028 (line
    /// separator) so that callers can tell line breaks from source line ends. Entities are not decoded.
    /// </summary>
    public string InnerText()
    {
        if (IsText) return new string(RawText);
        if (FirstChild is { IsText: true, NextSibling: null, Removed: false } only) return new string(only.RawText);
        var sb = _page.RentBuilder();
        AppendText(sb);
        var text = sb.ToString();
        _page.ReturnBuilder(sb);
        return text;
    }

    /// <summary>The text directly inside this element (not in child elements): text held between &lt;br&gt;s.</summary>
    public string OwnText()
    {
        var sb = _page.RentBuilder();
        for (var c = FirstChild; c is not null; c = c.NextSibling)
            if (c.IsText && !c.Removed) sb.Append(c.RawText);
        var text = sb.ToString();
        _page.ReturnBuilder(sb);
        return text;
    }

    /// <summary>Length of the text directly inside this element, without building it.</summary>
    public int OwnTextLength()
    {
        int length = 0;
        for (var c = FirstChild; c is not null; c = c.NextSibling)
            if (c.IsText && !c.Removed) length += c.TextLength;
        return length;
    }

    /// <summary>Length of the raw text below, counted only up to <paramref name="limit"/>: a cheap "is this short?"</summary>
    public int TextLengthUpTo(int limit)
    {
        if (IsText) return Math.Min(TextLength, limit);
        int length = 0;
        foreach (var n in DomWalk.Below(this))
            if (n.IsText && (length += n.TextLength) >= limit) return limit;
        return length;
    }

    private void AppendText(StringBuilder sb)
    {
        foreach (var n in DomWalk.Below(this))
        {
            if (n.IsText) sb.Append(n.RawText);
            else if (n.Name == "br") sb.Append(HtmlPage.LineBreak);
        }
    }

    public override string ToString() => IsText ? $"#text({TextLength})" : $"<{Name}>#{Index}";
}

/// <summary>
/// A parsed HTML page: a lean tree built in one pass over the source, made for reading articles rather than for
/// editing or rendering. It follows the HTML rules that shape article text — void elements, raw-text elements
/// (script, style, title, textarea), paragraphs closed by the block that follows them, list items, table cells and
/// options closing their open siblings, stray end tags ignored — and keeps only the attributes extraction reads.
/// Elements nested deeper than <see cref="MaxDepth"/> are dropped and their content kept in the deepest open element,
/// so pathological nesting costs neither stack nor quadratic time. Never throws on any input.
/// </summary>
public sealed class HtmlPage
{
    public const int MaxDepth = 256;

    /// <summary>How a &lt;br&gt; reads in <see cref="DomNode.InnerText"/>: U+2028, which text cleaning keeps.</summary>
    public const char LineBreak = '\u2028';

    internal const string TextName = "#text";

    private StringBuilder? _builder;

    private HtmlPage(string source) => Source = source;

    public string Source { get; }

    public DomNode Root { get; private set; } = null!;

    /// <summary>The first &lt;body&gt;, or the root when the page has none.</summary>
    public DomNode Body { get; private set; } = null!;

    public int NodeCount { get; private set; }

    /// <summary>Whether elements beyond <see cref="MaxDepth"/> were dropped.</summary>
    public bool Flattened { get; private set; }

    /// <summary>The deepest nesting of elements in the tree.</summary>
    public int Depth { get; private set; }

    public static HtmlPage Parse(string html)
    {
        var page = new HtmlPage(html ?? "");
        new TreeBuilder(page).Build();
        return page;
    }

    internal StringBuilder RentBuilder()
    {
        var sb = _builder ?? new StringBuilder(256);
        _builder = null;
        return sb.Clear();
    }

    internal void ReturnBuilder(StringBuilder sb)
    {
        if (sb.Capacity <= 64 * 1024) _builder = sb;
    }

    /// <summary>The attributes extraction reads; others are skipped while parsing.</summary>
    private static readonly string[] KeptAttributeNames =
        ["class", "id", "style", "hidden", "role", "itemprop", "content", "property", "name", "http-equiv", "rel", "href", "datetime", "type", "lang", "charset"];

    private static readonly string[] KnownTags =
    [
        "html", "head", "body", "title", "meta", "link", "script", "style", "noscript", "template", "base",
        "div", "span", "p", "a", "b", "i", "u", "s", "em", "strong", "small", "sup", "sub", "mark", "q", "cite", "abbr", "time", "code", "font", "center",
        "br", "hr", "img", "picture", "source", "video", "audio", "track", "iframe", "embed", "object", "param", "canvas", "svg", "path", "g", "use", "math",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "figure", "figcaption",
        "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th",
        "header", "footer", "nav", "aside", "main", "article", "section", "address", "details", "summary", "dialog", "menu",
        "form", "fieldset", "legend", "label", "input", "button", "select", "option", "optgroup", "textarea",
        "area", "map", "wbr", "ins", "del", "xmp", "iframe", "noembed", "noframes",
    ];

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> TagLookup = Interned(KnownTags);
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> AttributeLookup = Interned(KeptAttributeNames);

    private static Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Interned(string[] names)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var n in names) map.TryAdd(n, n);
        return map.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static readonly HashSet<string> VoidElements =
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

    /// <summary>Elements whose content is raw text up to their end tag.</summary>
    private static readonly HashSet<string> RawTextElements = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"];

    /// <summary>Start tags that close an open paragraph.</summary>
    private static readonly HashSet<string> ClosesParagraph =
    [
        "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
    ];

    /// <summary>Elements an implied end does not cross: an open &lt;p&gt; outside a table cell stays open inside it.</summary>
    private static readonly HashSet<string> ScopeBoundaries = ["html", "table", "td", "th", "caption", "button", "object", "template", "svg", "math"];

    private static readonly HashSet<string> Headings = ["h1", "h2", "h3", "h4", "h5", "h6"];

    private sealed class TreeBuilder(HtmlPage page)
    {
        private readonly string _html = page.Source;
        private readonly List<DomNode> _open = [];
        private readonly List<string> _attributes = [];
        private int _dropped, _count;
        private DomNode? _body, _htmlElement, _head;

        public void Build()
        {
            var root = new DomNode(page, "#document", _count++, null);
            _open.Add(root);
            int pos = 0, length = _html.Length;
            while (pos < length)
            {
                int lt = _html.IndexOf('<', pos);
                if (lt < 0) { AddText(pos, length - pos); break; }
                if (lt > pos) AddText(pos, lt - pos);
                pos = lt;
                char next = lt + 1 < length ? _html[lt + 1] : '\0';
                if (next == '!')
                {
                    if (string.CompareOrdinal(_html, lt, "<!--", 0, 4) == 0) pos = SkipPast(lt + 4, "-->");
                    else if (string.CompareOrdinal(_html, lt, "<![CDATA[", 0, 9) == 0) pos = SkipPast(lt + 9, "]]>");
                    else pos = SkipPast(lt + 2, ">");
                }
                else if (next == '?') pos = SkipPast(lt + 2, ">");
                else if (next == '/') pos = EndTag(lt + 2);
                else if (char.IsAsciiLetter(next)) pos = StartTag(lt + 1);
                else { AddText(lt, 1); pos = lt + 1; }
            }
            page.Root = root;
            page.Body = _body ?? root;
            page.NodeCount = _count;
        }

        private int SkipPast(int from, string terminator)
        {
            int end = _html.IndexOf(terminator, from, StringComparison.Ordinal);
            return end < 0 ? _html.Length : end + terminator.Length;
        }

        private DomNode Current => _open[^1];

        private void AddText(int start, int length)
        {
            var parent = Current;
            // Adjacent runs (a stray '<' read as text) extend one node.
            if (parent.LastChild is { IsText: true } last && last.TextStart + last.TextLength == start) { last.TextLength += length; return; }
            Append(parent, new DomNode(page, TextName, _count++, null, start, length));
        }

        private static void Append(DomNode parent, DomNode child)
        {
            child.Parent = parent;
            if (parent.LastChild is { } last) last.NextSibling = child;
            else parent.FirstChild = child;
            parent.LastChild = child;
        }

        private int ReadName(int pos, out ReadOnlySpan<char> name)
        {
            int start = pos;
            while (pos < _html.Length && _html[pos] is not (' ' or '\t' or '\n' or '\r' or '\f' or '/' or '>')) pos++;
            name = _html.AsSpan(start, pos - start);
            return pos;
        }

        private static string TagName(ReadOnlySpan<char> name) =>
            TagLookup.TryGetValue(name, out var known) ? known : name.ToString().ToLowerInvariant();

        private int EndTag(int pos)
        {
            if (pos >= _html.Length || !char.IsAsciiLetter(_html[pos])) return SkipPast(pos, ">"); // "</>", "</ 3": ignored
            pos = ReadName(pos, out var span);
            var name = TagName(span);
            pos = SkipPast(pos, ">");
            if (_dropped > 0) { _dropped--; return pos; }
            if (name == "br") { OpenElement("br", null, selfClosing: true); return pos; }
            if (name is "html" or "body" or "head") return pos; // content after </body> still belongs to the body
            for (int i = _open.Count - 1; i > 0; i--)
            {
                if (_open[i].Name != name) continue;
                _open.RemoveRange(i, _open.Count - i);
                break;
            }
            return pos;
        }

        private int StartTag(int pos)
        {
            pos = ReadName(pos, out var span);
            var name = TagName(span);
            _attributes.Clear();
            bool selfClosing = false;
            int length = _html.Length;
            while (pos < length)
            {
                char c = _html[pos];
                if (c is ' ' or '\t' or '\n' or '\r' or '\f') { pos++; continue; }
                if (c == '>') { pos++; break; }
                if (c == '/') { selfClosing = pos + 1 < length && _html[pos + 1] == '>'; pos++; continue; }
                int nameStart = pos;
                while (pos < length && _html[pos] is not (' ' or '\t' or '\n' or '\r' or '\f' or '=' or '>' or '/')) pos++;
                if (pos == nameStart) pos++; // a lone '=': skip it
                var attributeName = _html.AsSpan(nameStart, pos - nameStart);
                while (pos < length && _html[pos] is ' ' or '\t' or '\n' or '\r' or '\f') pos++;
                int valueStart = pos, valueEnd = pos;
                if (pos < length && _html[pos] == '=')
                {
                    pos++;
                    while (pos < length && _html[pos] is ' ' or '\t' or '\n' or '\r' or '\f') pos++;
                    if (pos < length && _html[pos] is '"' or '\'')
                    {
                        char quote = _html[pos];
                        int close = _html.IndexOf(quote, pos + 1);
                        if (close < 0) close = length;
                        valueStart = pos + 1;
                        valueEnd = close;
                        pos = Math.Min(length, close + 1);
                    }
                    else
                    {
                        valueStart = pos;
                        while (pos < length && _html[pos] is not (' ' or '\t' or '\n' or '\r' or '\f' or '>')) pos++;
                        valueEnd = pos;
                    }
                }
                if (AttributeLookup.TryGetValue(attributeName, out var kept) && !_attributes.Contains(kept))
                {
                    var value = _html.Substring(valueStart, valueEnd - valueStart);
                    _attributes.Add(kept);
                    _attributes.Add(value.Contains('&') ? WebUtility.HtmlDecode(value) : value);
                }
            }
            var element = OpenElement(name, _attributes.Count == 0 ? null : [.. _attributes], selfClosing || VoidElements.Contains(name));
            if (RawTextElements.Contains(name) && !selfClosing) pos = RawText(pos, element, name);
            return pos;
        }

        /// <summary>The content of a raw-text element, up to its end tag, as one text node.</summary>
        private int RawText(int pos, DomNode? element, string name)
        {
            int search = pos, end;
            while (true)
            {
                end = _html.IndexOf("</", search, StringComparison.Ordinal);
                if (end < 0) { end = _html.Length; break; }
                if (end + 2 + name.Length <= _html.Length && _html.AsSpan(end + 2, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase)
                    && (end + 2 + name.Length == _html.Length || _html[end + 2 + name.Length] is '>' or ' ' or '\t' or '\n' or '\r' or '\f' or '/'))
                    break;
                search = end + 2;
            }
            if (element is not null)
            {
                if (end > pos) Append(element, new DomNode(page, TextName, _count++, null, pos, end - pos));
                if (_open.Count > 1 && Current == element) _open.RemoveAt(_open.Count - 1);
            }
            else if (end > pos) AddText(pos, end - pos);
            return end >= _html.Length ? _html.Length : SkipPast(end, ">");
        }

        private DomNode? OpenElement(string name, string[]? attributes, bool selfClosing)
        {
            switch (name)
            {
                case "html" when _htmlElement is not null:
                case "body" when _body is not null:
                case "head" when _head is not null:
                    return null;
            }
            CloseImplied(name);
            if (!selfClosing && _open.Count > MaxDepth)
            {
                // Too deep: the element goes, its content stays in the deepest open element.
                _dropped++;
                page.Flattened = true;
                return null;
            }
            var element = new DomNode(page, name, _count++, attributes);
            Append(Current, element);
            switch (name)
            {
                case "html": _htmlElement = element; break;
                case "body": _body = element; break;
                case "head": _head = element; break;
            }
            if (!selfClosing)
            {
                _open.Add(element);
                page.Depth = Math.Max(page.Depth, _open.Count - 1);
            }
            return element;
        }

        /// <summary>End tags the HTML rules imply before a start tag: &lt;p&gt;…&lt;div&gt;, &lt;li&gt;…&lt;li&gt;, &lt;td&gt;…&lt;td&gt;.</summary>
        private void CloseImplied(string name)
        {
            if (_dropped > 0) return;
            if (ClosesParagraph.Contains(name)) CloseInScope("p", null);
            if (Headings.Contains(name) && Headings.Contains(Current.Name)) Pop();
            switch (name)
            {
                case "li": CloseInScope("li", "ul", "ol"); break;
                case "dt" or "dd": CloseInScope("dt", "dl"); CloseInScope("dd", "dl"); break;
                case "tr": CloseInTable("tr", "table"); break;
                case "td" or "th": CloseInTable("td", "tr"); CloseInTable("th", "tr"); break;
                case "thead" or "tbody" or "tfoot": CloseInTable("thead", "table"); CloseInTable("tbody", "table"); CloseInTable("tfoot", "table"); break;
                case "option": if (Current.Name == "option") Pop(); break;
                case "optgroup": if (Current.Name == "option") Pop(); if (Current.Name == "optgroup") Pop(); break;
                case "a": CloseInScope("a", null); break;
            }
        }

        /// <summary>Closes the nearest open table part <paramref name="name"/> (and open cells inside it) within its table.</summary>
        private void CloseInTable(string name, string boundary)
        {
            for (int i = _open.Count - 1; i > 0; i--)
            {
                var open = _open[i].Name;
                if (open == name) { _open.RemoveRange(i, _open.Count - i); return; }
                if (open == boundary || open is "table" or "template") return;
            }
        }

        private void Pop()
        {
            if (_open.Count > 1) _open.RemoveAt(_open.Count - 1);
        }

        /// <summary>Closes the nearest open <paramref name="name"/> and what is open inside it, unless a boundary comes first.</summary>
        private void CloseInScope(string name, string? boundary, string? boundary2 = null)
        {
            for (int i = _open.Count - 1; i > 0; i--)
            {
                var open = _open[i].Name;
                if (open == name) { _open.RemoveRange(i, _open.Count - i); return; }
                if (open == boundary || open == boundary2 || ScopeBoundaries.Contains(open)) return;
            }
        }
    }
}
