namespace NewsMonitor.Extraction;

/// <summary>
/// Heuristics as data: what marks page chrome (navigation, related and most-read lists, share bars,
/// comments, footers) on Vietnamese and international news sites. Matched against class and id tokens
/// and against block headings; never against generated class names.
/// </summary>
internal static class ChromePatterns
{
    /// <summary>Elements that never hold article text.</summary>
    public static readonly string[] RemovedTags =
        ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "iframe", "svg", "button", "select", "input", "textarea", "object", "embed", "canvas", "video", "audio", "figcaption", "menu", "dialog"];

    /// <summary>
    /// Substrings of class or id values that always mark chrome, even on an element also named "article" or
    /// "content": related and most-read lists, comments, consent and cookie banners.
    /// </summary>
    public static readonly string[] StrongChromeTokens =
    [
        "related", "relate", "lien-quan", "lienquan", "tin-khac", "tinkhac", "other-news", "more-news", "see-also",
        "most-read", "mostread", "most-view", "doc-nhieu", "docnhieu", "xem-nhieu", "xemnhieu", "popular", "trending",
        "comment", "binh-luan", "y-kien", "ykien", "disqus", "breadcrumb", "bread-crumb", "newsletter", "subscribe",
        "cookie", "consent", "gdpr", "privacy", "teaser", "thankyou", "thank-you", "recirc", "outbrain", "taboola",
    ];

    /// <summary>
    /// Substrings that mark chrome unless the same class also names the article (<see cref="RescueTokens"/>):
    /// "l-sidebar-fixed l-article-body-segment" and "entry-content-read-more" hold article text.
    /// </summary>
    public static readonly string[] WeakChromeTokens =
    [
        "read-more", "readmore", "top-news", "share", "social", "sharing", "like-", "follow", "sidebar", "side-bar", "widget", "menu",
        "navbar", "nav-", "footer", "copyright", "advert", "ads-", "-ads", "-ad-", "banner", "promo", "sponsor", "tags", "tag-list",
        "keyword", "author-box", "print", "toolbar", "modal", "popup", "login", "search", "multimedia", "video-box", "box-video",
        "podcast", "caption", "photo-credit", "pagination", "pager", "masthead", "skip-link",
    ];

    /// <summary>Words in a class or id that name the article itself.</summary>
    public static readonly string[] RescueTokens = ["article", "body", "content", "main", "column", "entry", "story", "post", "detail", "fck", "blog"];

    /// <summary>Headings (vi and en) that open a chrome block: the block and what follows in it is dropped.</summary>
    public static readonly string[] ChromeHeadings =
    [
        "tin liên quan", "tin bài liên quan", "bài liên quan", "các tin bài khác", "tin khác", "các tin khác", "tin cùng chuyên mục", "xem thêm", "đọc thêm",
        "có thể bạn quan tâm", "bạn có thể quan tâm", "tin cùng chủ đề", "cùng chuyên mục", "đọc nhiều", "xem nhiều", "tin đọc nhiều", "bài đọc nhiều", "tin mới", "tin mới nhất", "tin nổi bật", "ý kiến bạn đọc", "bình luận", "gửi bình luận",
        "multimedia", "related", "related articles", "related stories", "related posts", "read more", "read next", "more stories", "most read", "most popular",
        "comments", "share this", "you may also like", "recommended", "recommended for you", "more from", "trending now", "popular now", "latest news", "top stories",
        // Outlets in other languages that Vietnamese sources republish from: pt, es, fr, de, ru.
        "leia também", "veja também", "você pode gostar", "notícias relacionadas", "te puede interesar", "noticias relacionadas", "lee también",
        "à lire aussi", "lire aussi", "sur le même sujet", "das könnte sie auch interessieren", "mehr zum thema", "читайте также", "похожие статьи",
    ];

    /// <summary>Lines that are photo captions or credits rather than prose.</summary>
    public static readonly string[] CaptionPrefixes = ["Ảnh:", "(Ảnh:", "Ảnh minh họa", "Ảnh minh hoạ", "Nguồn ảnh:", "Photo:", "Video:", "Clip:"];

    /// <summary>Whether a class/id names chrome: a strong token, or a weak token without a word naming the article.</summary>
    public static bool IsChromeClass(string classAndId)
    {
        if (classAndId.Length <= 1) return false;
        foreach (var token in StrongChromeTokens)
            if (classAndId.Contains(token, StringComparison.OrdinalIgnoreCase)) return true;
        bool weak = false;
        foreach (var token in WeakChromeTokens)
            if (classAndId.Contains(token, StringComparison.OrdinalIgnoreCase)) { weak = true; break; }
        if (!weak) return false;
        foreach (var token in RescueTokens)
            if (classAndId.Contains(token, StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }

    public static bool IsChromeHeading(string text)
    {
        if (text.Length > 60) return false;
        var t = text.Trim().TrimEnd(':', '.', '…', '!').Trim().ToLowerInvariant();
        if (t.Length > 40) return false;
        // "More Great WIRED Stories", "More from The Hill", "More news": a list of other articles follows.
        return ChromeHeadings.Contains(t) || t.StartsWith("more ", StringComparison.Ordinal) && (t.EndsWith(" stories", StringComparison.Ordinal) || t.EndsWith(" news", StringComparison.Ordinal) || t.EndsWith(" articles", StringComparison.Ordinal));
    }

    public static bool IsCaption(string text)
    {
        var t = text.Trim();
        foreach (var p in CaptionPrefixes)
            if (t.StartsWith(p, StringComparison.OrdinalIgnoreCase)) return true;
        // "… ký kết bản ghi nhớ. Ảnh: TTXVN." is a caption when short; "(Ảnh: X)" at the end likewise.
        return t.Length < 400 && (t.Contains(" Ảnh: ", StringComparison.Ordinal) || t.Contains("(Ảnh:", StringComparison.Ordinal))
               && (t.EndsWith(')') || t.EndsWith('.') || !t.Contains(". ", StringComparison.Ordinal) || t.LastIndexOf("Ảnh:", StringComparison.Ordinal) > t.Length - 40);
    }
}
