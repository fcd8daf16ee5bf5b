using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NewsMonitor.Domain;
using NewsMonitor.Text;

namespace NewsMonitor.Extraction;

/// <summary>
/// Extracts an article from HTML: metadata from JSON-LD, OpenGraph, meta and <c>&lt;time&gt;</c> first,
/// then the body as paragraphs from the densest text container with navigation, related and most-read
/// lists, share bars, comments, captions and footers removed. Thread-safe; one instance may be shared.
/// </summary>
public sealed partial class ArticleExtractor
{

    /// <summary>Blocks shorter than this (characters) only count toward a container when they end like prose.</summary>
    private const int MinProseChars = 25;

    /// <summary>List items in the body are content (steps, deal lists) down to this length; menus are removed earlier by link density.</summary>
    private const int MinListItemChars = 15;

    /// <summary>A block whose text is mostly link text is navigation, not prose.</summary>
    private const double MaxLinkDensity = 0.5;

    private static readonly HashSet<string> BlockTags = ["p", "h2", "h3", "h4", "h5", "blockquote", "li", "pre", "td"];

    public ExtractedArticle Extract(string html, string? url = null)
    {
        var page = HtmlPage.Parse(html);
        var meta = ReadMetadata(page);
        var paragraphs = ExtractBody(page, meta.Title, out var lead);
        // The headline and the byline are metadata, wherever the layout repeats them inside the body.
        string[] bylines = meta.Author is { } author ? [author, "By " + author, "Bởi " + author] : [];
        paragraphs.RemoveAll(p => IsHeadlineBlock(p, meta.Title) || bylines.Contains(p));
        return meta with { Paragraphs = paragraphs, Lead = lead, CanonicalUrl = meta.CanonicalUrl ?? url };
    }

    /// <summary>The headline, alone or in a short header block with its section and byline ("SPACE Headline AUTHOR 18 NOV 2019").</summary>
    private static bool IsHeadlineBlock(string paragraph, string? title) =>
        title is { Length: >= 20 } && paragraph.Length <= title.Length + 60 && paragraph.Contains(title, StringComparison.Ordinal) || paragraph == title;

    // ---------------------------------------------------------------- metadata

    private static readonly string[] MetaKeyAttributes = ["property", "name", "itemprop", "http-equiv"];

    /// <summary>What metadata reading needs from a page, gathered in one walk instead of one XPath scan per field.</summary>
    private sealed class PageIndex
    {
        public Dictionary<string, string> Meta { get; } = new(StringComparer.OrdinalIgnoreCase);
        public DomNode? H1, Title, Canonical, Html, Time, ItemPropDate;
        public List<DomNode> JsonLd { get; } = [];
        public List<DomNode> DateLike { get; } = [];

        public PageIndex(DomNode root)
        {
            foreach (var n in DomWalk.Below(root))
            {
                if (n.IsText) continue;
                switch (n.Name)
                {
                    case "meta":
                        var content = n.AttributeOrEmpty("content");
                        if (content.Length == 0) break;
                        foreach (var attr in MetaKeyAttributes)
                            if (n.Attribute(attr) is { Length: > 0 } key) Meta.TryAdd(attr + ":" + key, content);
                        break;
                    case "h1": H1 ??= n; break;
                    case "title": Title ??= n; break;
                    case "html": Html ??= n; break;
                    case "link" when n.AttributeOrEmpty("rel").Equals("canonical", StringComparison.OrdinalIgnoreCase): Canonical ??= n; break;
                    case "time" when n.HasAttribute("datetime"): Time ??= n; break;
                    case "script" when n.AttributeOrEmpty("type").Equals("application/ld+json", StringComparison.OrdinalIgnoreCase): JsonLd.Add(n); break;
                }
                if (ItemPropDate is null && n.Name != "meta" && n.AttributeOrEmpty("itemprop") == "datePublished") ItemPropDate = n;
                if (DateLike.Count < 50 && (n.AttributeOrEmpty("class") is var cls && (cls.Contains("date", StringComparison.Ordinal) || cls.Contains("time", StringComparison.Ordinal) || cls.Contains("publish", StringComparison.Ordinal))
                                            || n.AttributeOrEmpty("id").Contains("date", StringComparison.Ordinal)))
                    DateLike.Add(n);
                if (Byline is null && IsBylineElement(n)) Byline = BylineText(n);
                if (n.Name == "p" && n.AttributeOrEmpty("style").Replace(" ", "", StringComparison.Ordinal).Contains("text-align:right", StringComparison.OrdinalIgnoreCase)
                    && Clean(n.InnerText()) is { Length: >= 3 and <= 50 } signature && !EndsLikeSentence(signature) && signature.Any(char.IsLetter))
                    Signature = signature;
            }
        }

        /// <summary>The first byline element's text ("detail-author", "byline", "tac-gia").</summary>
        public string? Byline { get; private set; }

        /// <summary>The last right-aligned short line: Vietnamese articles sign off with the author's name there.</summary>
        public string? Signature { get; private set; }

        private static readonly string[] BylineTokens = ["author", "byline", "tac-gia", "tacgia", "writer"];

        private static bool IsBylineElement(DomNode n)
        {
            if (n.IsText || !n.HasAttributes || n.Name is "meta" or "link" or "script" or "a" or "img") return false;
            return IsByline(n.AttributeOrEmpty("class")) || IsByline(n.AttributeOrEmpty("id"));

            static bool IsByline(string name) =>
                name.Length > 1 && BylineTokens.Any(t => name.Contains(t, StringComparison.OrdinalIgnoreCase))
                && !name.Contains("box", StringComparison.OrdinalIgnoreCase) && !name.Contains("comment", StringComparison.OrdinalIgnoreCase);
        }

        private static string? BylineText(DomNode n)
        {
            if (n.TextLengthUpTo(MaxRawLineLength) >= MaxRawLineLength) return null; // a container, not a byline
            var text = Clean(n.InnerText());
            if (text is null) return null;
            foreach (var prefix in BylinePrefixes)
                if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) { text = text[prefix.Length..].Trim(); break; }
            // "Jeff Foust — November 18, 2019", "Minh Anh | 30/10/2025": the name comes first.
            foreach (var separator in new[] { " — ", " | ", " - " })
                if (text.IndexOf(separator, StringComparison.Ordinal) is > 0 and var cut) text = text[..cut].Trim();
            return text.Length is >= 3 and <= 60 && text.Any(char.IsLetter) && !text.Contains(HtmlPage.LineBreak) ? text : null;
        }

        public string? Get(string attr, string name) => Meta.TryGetValue(attr + ":" + name, out var v) ? VietnameseText.Clean(v) : null;
    }

    private static ExtractedArticle ReadMetadata(HtmlPage html)
    {
        var page = new PageIndex(html.Root);
        string? Meta(string attr, string name) => page.Get(attr, name);

        var ld = ReadJsonLd(page.JsonLd);
        var siteName = ld.Publisher ?? Meta("property", "og:site_name") ?? Meta("name", "application-name");
        var rawTitle = ld.Headline ?? Meta("property", "og:title") ?? Meta("name", "twitter:title")
                       ?? Clean(page.H1?.InnerText()) ?? Clean(page.Title?.InnerText());
        var title = rawTitle is null ? null : StripSiteSuffix(rawTitle, siteName);

        var published = ParseDate(ld.DatePublished)
                        ?? ParseDate(Meta("property", "article:published_time"))
                        ?? ParseDate(Meta("itemprop", "datePublished"))
                        ?? ParseDate(page.ItemPropDate?.Attribute("content") ?? page.ItemPropDate?.Attribute("datetime"))
                        ?? ParseDate(Meta("name", "pubdate")) ?? ParseDate(Meta("name", "publishdate")) ?? ParseDate(Meta("name", "date"))
                        ?? ParseDate(Meta("name", "dc.date.issued"))
                        ?? ParseDate(page.Time?.Attribute("datetime"))
                        ?? FindVietnameseDate(page.DateLike);

        var author = ld.Author ?? Meta("name", "author") ?? Meta("property", "article:author");
        if (author is not null && author.StartsWith("http", StringComparison.Ordinal)) author = null;
        author ??= page.Byline ?? page.Signature;
        var canonical = page.Canonical?.Attribute("href") ?? Meta("property", "og:url") ?? ld.Url;
        var lang = page.Html?.Attribute("lang") ?? ld.Language ?? Meta("http-equiv", "content-language");
        var description = Meta("property", "og:description") ?? Meta("name", "description") ?? ld.Description;
        return new ExtractedArticle(title, published, author, siteName, canonical, lang?.Split('-')[0].ToLowerInvariant(), description, []);
    }

    private sealed record LdArticle(string? Headline, string? DatePublished, string? Author, string? Publisher, string? Url, string? Language, string? Description);

    private static readonly HashSet<string> ArticleTypes = ["NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle", "WebPage"];

    private static LdArticle ReadJsonLd(List<DomNode> scripts)
    {
        if (scripts.Count == 0) return new(null, null, null, null, null, null, null);
        JsonElement? best = null;
        int bestRank = int.MaxValue;
        foreach (var script in scripts)
        {
            try
            {
                using var json = JsonDocument.Parse(script.InnerText(), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                foreach (var node in Flatten(json.RootElement))
                {
                    var type = TypeOf(node);
                    if (type is null || !ArticleTypes.Contains(type)) continue;
                    int rank = type == "WebPage" ? 1 : 0;
                    if (rank < bestRank) { best = node.Clone(); bestRank = rank; }
                }
            }
            catch (JsonException) { /* broken JSON-LD is common; other sources of metadata follow */ }
            catch (InvalidOperationException) { /* a value of an unexpected JSON kind, e.g. "@type": [5] */ }
        }
        if (best is not { } a) return new(null, null, null, null, null, null, null);
        return new(Str(a, "headline") ?? Str(a, "name"), Str(a, "datePublished") ?? Str(a, "dateCreated"), NameOf(a, "author"), NameOf(a, "publisher"),
            Str(a, "url") ?? (a.TryGetProperty("mainEntityOfPage", out var m) ? (m.ValueKind == JsonValueKind.String ? m.GetString() : Str(m, "@id")) : null),
            Str(a, "inLanguage"), Str(a, "description"));
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var x in e.EnumerateArray()) foreach (var y in Flatten(x)) yield return y;
        }
        else if (e.ValueKind == JsonValueKind.Object)
        {
            yield return e;
            if (e.TryGetProperty("@graph", out var g)) foreach (var y in Flatten(g)) yield return y;
        }
    }

    private static string? TypeOf(JsonElement e)
    {
        if (!e.TryGetProperty("@type", out var t)) return null;
        if (t.ValueKind == JsonValueKind.String) return t.GetString();
        if (t.ValueKind == JsonValueKind.Array) return t.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()).FirstOrDefault(x => x is not null && ArticleTypes.Contains(x));
        return null;
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? VietnameseText.Clean(s) : null;

    private static string? NameOf(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v)) return null;
        var names = (v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToList() : [v])
            .Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : Str(x, "name"))
            .Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => VietnameseText.Clean(x)).ToList();
        return names.Count == 0 ? null : string.Join(", ", names);
    }

    /// <summary>
    /// Text of HTML: line ends in the source are spaces like any other whitespace; a &lt;br&gt; is a line break, kept
    /// as U+2028 (which text cleaning leaves alone) until blocks are split into paragraphs.
    /// </summary>
    private static string? Clean(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : VietnameseText.Clean(text, lineEndsAreSpaces: true) is { Length: > 0 } t ? t : null;

    private const char LineBreakChar = HtmlPage.LineBreak;
    private const StringSplitOptions SplitLines = StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries;

    /// <summary>Removes a trailing (or leading) site name: "Tiêu đề - VnExpress" → "Tiêu đề".</summary>
    public static string StripSiteSuffix(string title, string? siteName)
    {
        foreach (var sep in new[] { " | ", " - ", " – ", " — ", " :: " })
        {
            int i = title.LastIndexOf(sep, StringComparison.Ordinal);
            if (i <= 0) continue;
            var tail = title[(i + sep.Length)..].Trim();
            // Only a tail that names a site goes: "Hợp tác y tế Việt Nam - Anh" keeps its partner.
            bool isSite = siteName is not null && (tail.Contains(siteName, StringComparison.OrdinalIgnoreCase) || siteName.Contains(tail, StringComparison.OrdinalIgnoreCase));
            bool looksLikeSite = tail.Length <= 40 && (SiteSuffix().IsMatch(tail) || SiteNamePrefixes.Any(p => tail.StartsWith(p, StringComparison.Ordinal)));
            if (isSite || looksLikeSite) return title[..i].Trim();
        }
        return title.Trim();
    }

    /// <summary>Parses ISO 8601 and Vietnamese date forms; dates without a zone are Vietnam time.</summary>
    public static DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        if (IsoDate().IsMatch(t))
        {
            bool hasZone = IsoZone().IsMatch(t);
            if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var iso))
                return hasZone ? iso : new DateTimeOffset(iso.DateTime, VietnamTime.Offset);
        }
        return ParseVietnameseDate(t);
    }

    /// <summary>"Thứ năm, 30/10/2025, 14:05 (GMT+7)", "30/10/2025 - 14:05", "14:05 30/10/2025": day first.</summary>
    public static DateTimeOffset? ParseVietnameseDate(string text)
    {
        var m = ViDate().Match(text);
        if (!m.Success) return null;
        int day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture), month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture), year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        int hour = 0, minute = 0;
        var tm = ViTime().Match(text);
        if (tm.Success)
        {
            hour = int.Parse(tm.Groups["h"].Value, CultureInfo.InvariantCulture);
            minute = int.Parse(tm.Groups["min"].Value, CultureInfo.InvariantCulture);
            if (hour > 23 || minute > 59) hour = minute = 0;
        }
        var offset = VietnamTime.Offset;
        var z = GmtZone().Match(text);
        if (z.Success && int.Parse(z.Groups["z"].Value, CultureInfo.InvariantCulture) is var hours and >= -14 and <= 14) offset = TimeSpan.FromHours(hours);
        return new DateTimeOffset(year, month, day, hour, minute, 0, offset);
    }

    /// <summary>
    /// The first date-like element with a date and a time; else the first with a date. Site headers print today's date
    /// without a time ("Thứ Bảy, 08/11/2025"), articles print the publication time ("08/11/2025 | 09:30").
    /// </summary>
    private static DateTimeOffset? FindVietnameseDate(List<DomNode> candidates)
    {
        DateTimeOffset? dateOnly = null;
        foreach (var c in candidates)
        {
            if (c.TextLengthUpTo(MaxRawLineLength) >= MaxRawLineLength) continue; // a container, not a date line
            var text = Clean(c.InnerText());
            if (text is null || text.Length >= 120 || ParseVietnameseDate(text) is not { } d) continue;
            if (ViTime().IsMatch(text)) return d;
            dateOnly ??= d;
        }
        return dateOnly;
    }

    // ---------------------------------------------------------------- body

    private static readonly HashSet<string> RemovedTagSet = new(ChromePatterns.RemovedTags.Append("figure"), StringComparer.Ordinal);

    private static readonly string[] LeadClassWords = ["sapo", "desc", "des-", "lead", "chapeau", "summary", "excerpt", "standfirst", "intro"];

    /// <summary>
    /// Per-page state of body extraction: raw text lengths, which elements hold blocks, container scores, and caches of
    /// chrome verdicts and cleaned text — in arrays indexed by <see cref="DomNode.Index"/>, filled in one walk.
    /// </summary>
    private sealed class BodyContext
    {
        public DomNode Body { get; }

        [Flags]
        private enum Mark : byte { None = 0, HasBlockLevel = 1, HasTextBlock = 2, ChromeKnown = 4, Chrome = 8, TextKnown = 16 }

        private readonly Mark[] _marks;
        private readonly int[] _rawLength;
        private readonly string?[] _text;
        private readonly double[] _scores;

        /// <summary>The elements with a score, in the order they were first credited.</summary>
        public List<DomNode> Scored { get; } = [];

        public BodyContext(HtmlPage page)
        {
            Body = page.Body;
            _marks = new Mark[page.NodeCount];
            _rawLength = new int[page.NodeCount];
            _text = new string?[page.NodeCount];
            _scores = new double[page.NodeCount];
            foreach (var n in DomWalk.Below(Body))
            {
                if (n.IsText)
                {
                    int length = n.TextLength;
                    if (length == 0) continue;
                    for (var a = n.Parent; a is not null; a = a.Parent)
                    {
                        _rawLength[a.Index] += length;
                        if (a == Body) break;
                    }
                    continue;
                }
                if (BlockLevel.Contains(n.Name)) MarkAncestors(n, Mark.HasBlockLevel);
                if (BlockTags.Contains(n.Name)) MarkAncestors(n, Mark.HasTextBlock);
            }
        }

        private void MarkAncestors(DomNode n, Mark mark)
        {
            for (var a = n.Parent; a is not null && (_marks[a.Index] & mark) == 0; a = a.Parent) _marks[a.Index] |= mark;
        }

        public int PageText => RawLength(Body);

        public int RawLength(DomNode n) => _rawLength[n.Index];

        /// <summary>A &lt;div&gt; used as a paragraph: text and inline elements only ("zn-body__paragraph").</summary>
        public bool IsParagraphLike(DomNode n) => (_marks[n.Index] & Mark.HasBlockLevel) == 0;

        public bool HasTextBlockBelow(DomNode n) => (_marks[n.Index] & Mark.HasTextBlock) != 0;

        public double Score(DomNode n) => _scores[n.Index];

        public void AddScore(DomNode n, double score)
        {
            if (_scores[n.Index] == 0) Scored.Add(n);
            _scores[n.Index] += score;
        }

        /// <summary>The node's text, cleaned, or null when empty. Cached: scoring and collecting ask for the same blocks.</summary>
        public string? Text(DomNode n)
        {
            ref var mark = ref _marks[n.Index];
            if ((mark & Mark.TextKnown) != 0) return _text[n.Index];
            mark |= Mark.TextKnown;
            return _text[n.Index] = Clean(n.InnerText());
        }

        public bool InChrome(DomNode node)
        {
            if (node == Body || node.Parent is null) return false;
            ref var mark = ref _marks[node.Index];
            if ((mark & Mark.ChromeKnown) != 0) return (mark & Mark.Chrome) != 0;
            bool result = IsChromeElement(node, this) || InChrome(node.Parent);
            _marks[node.Index] |= Mark.ChromeKnown | (result ? Mark.Chrome : Mark.None);
            return result;
        }

        public double LinkDensity(DomNode node, int textLength)
        {
            if (textLength == 0) return 0;
            int linkChars = 0;
            foreach (var a in DomWalk.Below(node, "a")) linkChars += Text(a)?.Length ?? 0;
            return (double)linkChars / textLength;
        }
    }

    private static List<string> ExtractBody(HtmlPage page, string? title, out string? lead)
    {
        lead = null;
        var body = page.Body;
        // Marked, not detached: a walk skips what is marked. Marking an element hides what it holds from the walk itself.
        foreach (var n in DomWalk.Below(body))
            if (n.IsElement && (RemovedTagSet.Contains(n.Name) || IsHidden(n))) n.Removed = true;
        var ctx = new BodyContext(page);

        void Credit(DomNode block, double score)
        {
            // The parent gets the whole score, the grandparent half, the great-grandparent a third: bodies split into
            // columns or cards (one paragraph per card) still add up in their common ancestor.
            var ancestor = block.Parent;
            for (int level = 1; level <= 3 && ancestor is not null; level++, ancestor = ancestor.Parent)
                ctx.AddScore(ancestor, level == 1 ? score : score / (level == 2 ? 2 : 3));
        }
        foreach (var n in DomWalk.Below(body))
        {
            if (n.IsText) continue;
            if (n.Name is "p" or "pre" or "blockquote" or "h2" or "h3" || n.Name is "div" or "section" && ctx.IsParagraphLike(n))
            {
                if (ctx.InChrome(n)) continue;
                var text = ctx.Text(n);
                if (text is null || text.Length < MinProseChars || ctx.LinkDensity(n, text.Length) > MaxLinkDensity || ChromePatterns.IsCaption(text)) continue;
                if (n.Name is "div" or "section" && text.Length < 80) continue;
                Credit(n, text.Length + 50 * text.Count(c => c is ',' or '.'));
            }
            else if (LooseTextHolders.Contains(n.Name))
            {
                // Text held in <div>s or <span>s separated by <br> instead of <p>s: score the element's own text.
                int own = n.OwnTextLength();
                if (own < 200) continue;
                var text = Clean(n.OwnText());
                if (text is null || text.Length < 200 || ctx.InChrome(n)) continue;
                ctx.AddScore(n, text.Length);
            }
        }
        if (ctx.Scored.Count == 0) return [];
        var container = ctx.Scored.MaxBy(ctx.Score)!;

        var paragraphs = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool skipping = false;
        foreach (var part in WithSiblings(container, ctx))
        {
            if (part == container || part.Name != "p") CollectBlocks(part, paragraphs, seen, ref skipping, ctx);
            else if (ctx.Text(part) is { } text && seen.Add(text)) paragraphs.Add(text);
        }
        // The lead (sapo) often sits just outside the body container.
        lead = FindLead(container, ctx);
        if (lead is not null && !seen.Contains(lead)) paragraphs.Insert(0, lead);
        if (title is not null && paragraphs.Count > 0 && string.Equals(paragraphs[0], title, StringComparison.Ordinal)) paragraphs.RemoveAt(0);
        // Lines separated by <br> inside one block (schedules, addresses, verse) are paragraphs of their own.
        if (lead is not null && lead.Contains(LineBreakChar, StringComparison.Ordinal)) lead = string.Join(' ', lead.Split(LineBreakChar, SplitLines));
        return paragraphs.Any(p => p.Contains(LineBreakChar, StringComparison.Ordinal))
            ? paragraphs.SelectMany(p => p.Split(LineBreakChar, SplitLines)).ToList()
            : paragraphs;
    }

    /// <summary>Elements whose own text (between &lt;br&gt;s) may be article prose.</summary>
    private static readonly HashSet<string> LooseTextHolders = ["div", "span", "td", "section", "article", "font", "center"];

    private static readonly HashSet<string> BlockLevel = ["p", "div", "section", "article", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figure", "form", "header", "footer", "aside", "nav", "li"];

    /// <summary>Siblings that share the body: a sibling scoring this share of the best container joins it.</summary>
    private const double SiblingShareOfBest = 0.2;

    /// <summary>
    /// The container and, in document order, the siblings that continue the article: sites split a body into several
    /// blocks around ads and embeds. A sibling joins when it scores a fifth of the best, or is a prose paragraph.
    /// </summary>
    private static IEnumerable<DomNode> WithSiblings(DomNode container, BodyContext ctx)
    {
        double best = ctx.Score(container);
        // Bodies split into chunks each wrap their chunk in a grid cell or two: look for siblings at the level of the
        // outermost wrapper that holds little more than the container.
        var unit = container;
        int length = ctx.RawLength(container);
        while (unit.Parent is { } up && up != ctx.Body && ctx.RawLength(up) <= WrapperSlack * length) unit = up;
        if (unit.Parent is not { } parent || unit == ctx.Body) { yield return container; yield break; }
        foreach (var sibling in parent.Children)
        {
            if (sibling == unit) { yield return container; continue; }
            if (sibling.IsText || IsChromeElement(sibling, ctx)) continue;
            if (BestScoreWithin(sibling, ctx) >= SiblingShareOfBest * best) { yield return sibling; continue; }
            if ((sibling.Name == "p" || sibling.Name == "div" && ctx.IsParagraphLike(sibling)) && ctx.Text(sibling) is { Length: >= 80 } text && ctx.LinkDensity(sibling, text.Length) < 0.25 && !ChromePatterns.IsCaption(text))
                yield return sibling;
        }
    }

    /// <summary>A wrapper holds at most this multiple of the container's text.</summary>
    private const double WrapperSlack = 1.25;

    /// <summary>The best score of the node or of an element a few levels inside it (a chunk inside its wrappers).</summary>
    private static double BestScoreWithin(DomNode node, BodyContext ctx, int depth = 6)
    {
        double best = ctx.Score(node);
        if (depth == 0) return best;
        foreach (var child in node.Children)
            if (child.IsElement && child.FirstChild is not null) best = Math.Max(best, BestScoreWithin(child, ctx, depth - 1));
        return best;
    }

    private static void CollectBlocks(DomNode node, List<string> output, HashSet<string> seen, ref bool skipping, BodyContext ctx)
    {
        foreach (var child in node.Children)
        {
            if (child.IsText)
            {
                // Loose text directly inside a <div> (br-separated layouts).
                if (LooseTextHolders.Contains(node.Name) && Clean(child.InnerText()) is { Length: >= 60 } loose && !skipping && seen.Add(loose)) output.Add(loose);
                continue;
            }
            if (child.IsText) continue;
            var name = child.Name;
            if (IsChromeElement(child, ctx))
            {
                // A heading marked as chrome ("relatedpoststitle") opens a block of teasers that runs to the next heading.
                if (name is "h2" or "h3" or "h4" or "h5" or "h6") skipping = true;
                continue;
            }
            bool isBlock = BlockTags.Contains(name) || (name is "h1" or "h6") || (name is "div" or "section" && ctx.IsParagraphLike(child));
            bool hasBlockChildren = isBlock && ctx.HasTextBlockBelow(child);
            if (isBlock && !hasBlockChildren)
            {
                var text = ctx.Text(child);
                if (text is null) continue;
                if (name is "h2" or "h3" or "h4" or "h5" or "h6" or "p" or "td" or "div" && ChromePatterns.IsChromeHeading(text)) { skipping = true; continue; }
                if (name.StartsWith('h')) skipping = false;
                if (skipping || name == "h1") continue;
                if (name == "li" && text.Length < MinListItemChars || name == "td" && text.Length < 60) continue;
                // A short <div> that does not end like a sentence is a label ("Quảng cáo", "Advertisement"), not a paragraph.
                if (name is "div" or "section" && text.Length < MinProseChars && !EndsLikeSentence(text)) continue;
                if (IsLinkList(child, text.Length, ctx) || ChromePatterns.IsCaption(text)) continue;
                if (seen.Add(text)) output.Add(text);
                continue;
            }
            if (name is "ul" or "ol" && IsLinkList(child, ctx.Text(child)?.Length ?? 0, ctx)) continue;
            if (name == "table" && DataTableRows(child, ctx) is { } rows)
            {
                if (!skipping) foreach (var row in rows) if (seen.Add(row)) output.Add(row);
                continue;
            }
            CollectBlocks(child, output, seen, ref skipping, ctx);
        }
    }

    private static bool EndsLikeSentence(string text) => text[^1] is '.' or '!' or '?' or ':' or '…' or '"' or '”' or ')';

    /// <summary>Longest cell of a data table; longer cells hold prose and make the table a layout grid.</summary>
    private const int MaxDataCellChars = 200;

    /// <summary>
    /// The rows of a data table (standings, results, schedules) as lines of their cells, or null for a layout table,
    /// a one-column table (photo and caption) or a table of links. Row cells that are too short to be prose are kept.
    /// </summary>
    private static List<string>? DataTableRows(DomNode table, BodyContext ctx)
    {
        if (DomWalk.Below(table, "table").Any()) return null;
        var rows = new List<string>();
        int multiCellRows = 0;
        foreach (var tr in DomWalk.Below(table, "tr"))
        {
            var cells = new List<string>();
            foreach (var cell in tr.Children)
            {
                if (cell.Name is not ("td" or "th")) continue;
                var text = ctx.Text(cell);
                if (text is { Length: > MaxDataCellChars }) return null;
                if (text is not null) cells.Add(text);
            }
            if (cells.Count >= 2) multiCellRows++;
            if (cells.Count > 0) rows.Add(string.Join(' ', cells));
        }
        if (multiCellRows < 2 || multiCellRows * 2 < rows.Count) return null;
        var all = ctx.Text(table)?.Length ?? 0;
        return ctx.LinkDensity(table, all) > MaxLinkDensity ? null : rows;
    }

    /// <summary>Unlinked text that makes a linked headline an item of the article ("Headline. One sentence of summary.").</summary>
    private const int MinOwnTextOfLinkedItem = 40;

    /// <summary>
    /// Navigation or a list of links: mostly link text. Digest articles whose items open with a linked headline and go on
    /// with a sentence of their own are content, so a block keeps its place when every item carries such a sentence.
    /// </summary>
    private static bool IsLinkList(DomNode node, int textLength, BodyContext ctx)
    {
        double density = ctx.LinkDensity(node, textLength);
        if (density <= MaxLinkDensity) return false;
        if (node.Name == "li") return textLength * (1 - density) < MinOwnTextOfLinkedItem;
        if (node.Name is not ("ul" or "ol")) return true;
        int items = 0;
        foreach (var li in node.ChildElements("li"))
        {
            items++;
            var t = ctx.Text(li)?.Length ?? 0;
            if (t * (1 - ctx.LinkDensity(li, t)) < MinOwnTextOfLinkedItem) return true;
        }
        return items == 0;
    }

    private static string? FindLead(DomNode container, BodyContext ctx)
    {
        foreach (var c in DomWalk.Below(ctx.Body))
        {
            // The lead precedes the body; teasers and related-article blurbs after it are not leads.
            if (c.IsText) continue;
            if (c.Index >= container.Index) break;
            var cls = c.AttributeOrEmpty("class");
            if (cls.Length == 0 || !ContainsAny(cls, LeadClassWords)) continue;
            if (IsInside(container, c) || ctx.InChrome(c)) continue;
            var text = ctx.Text(c);
            if (text is { Length: >= 40 and <= 1000 } && ctx.LinkDensity(c, text.Length) < MaxLinkDensity) return text;
        }
        return null;
    }

    /// <summary>
    /// Elements a reader never sees: inline <c>display:none</c> or <c>visibility:hidden</c>, or the <c>hidden</c> attribute.
    /// Sites keep schema.org copies of the whole article and its metadata in such blocks.
    /// </summary>
    private static bool IsHidden(DomNode n)
    {
        if (!n.HasAttributes) return false;
        if (n.HasAttribute("hidden")) return true;
        var style = n.AttributeOrEmpty("style");
        if (style.Length == 0) return false;
        var compact = style.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        return compact.Contains("display:none", StringComparison.Ordinal) || compact.Contains("visibility:hidden", StringComparison.Ordinal);
    }

    private static bool ContainsAny(string text, string[] words)
    {
        foreach (var w in words) if (text.Contains(w, StringComparison.Ordinal)) return true;
        return false;
    }

    private static bool IsInside(DomNode node, DomNode ancestor)
    {
        for (var n = node; n is not null; n = n.Parent) if (n == ancestor) return true;
        return false;
    }

    /// <summary>
    /// A chrome class only marks chrome when the element holds a minor share of the page's text: layouts name their
    /// main column "sidebar-1" or "main-menu-content" too, and the article must never be dropped with its column.
    /// </summary>
    private const double MaxChromeShareOfPage = 0.4;

    private static bool IsChromeElement(DomNode n, BodyContext ctx)
    {
        if (!n.HasAttributes) return false;
        var id = n.AttributeOrEmpty("id");
        bool marked = ChromePatterns.IsChromeClass(id.Length == 0 ? n.AttributeOrEmpty("class") : n.AttributeOrEmpty("class") + " " + id) ||
                      n.AttributeOrEmpty("role") is "navigation" or "complementary" or "contentinfo" or "banner";
        return marked && (ctx.PageText == 0 || ctx.RawLength(n) < MaxChromeShareOfPage * ctx.PageText);
    }

    /// <summary>Raw text (source whitespace included) beyond which an element is a container rather than a date or byline line.</summary>
    private const int MaxRawLineLength = 400;

    private static readonly string[] BylinePrefixes = ["By ", "Posted by ", "Written by ", "Bởi ", "Theo ", "Tác giả:", "Tác giả "];

    /// <summary>How Vietnamese outlets and portals name themselves at the end of a title.</summary>
    private static readonly string[] SiteNamePrefixes = ["Báo ", "Cổng ", "Tạp chí ", "Trang ", "Đài ", "Thông tấn "];

    [GeneratedRegex(@"^[\p{L}\d\-]+(\.[\p{L}\d\-]+)*\.(vn|com|net|org|gov|edu|info)(\.vn)?$|^(VnExpress|VnExpress International|Tuổi Trẻ( Online)?|Thanh Niên|Dân trí|VietnamPlus|Vietnam\+|Nhân Dân|VOV|VTV|Người Lao Động|Tiền Phong|VnEconomy|Vietnam News)$", RegexOptions.IgnoreCase)]
    private static partial Regex SiteSuffix();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex IsoZone();

    [GeneratedRegex(@"(?<!\d)(?<d>\d{1,2})[/\-.](?<m>\d{1,2})[/\-.](?<y>(19|20)\d{2})(?!\d)")]
    private static partial Regex ViDate();

    [GeneratedRegex(@"(?<!\d)(?<h>\d{1,2})[:hg](?<min>\d{2})(?!\d)")]
    private static partial Regex ViTime();

    [GeneratedRegex(@"GMT\s*(?<z>[+-]\d{1,2})")]
    private static partial Regex GmtZone();
}
