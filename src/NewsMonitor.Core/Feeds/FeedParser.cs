using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using NewsMonitor.Domain;

namespace NewsMonitor.Feeds;

/// <summary>A parsed feed: its good items and a reason for each item that could not be used.</summary>
public sealed record ParsedFeed(IReadOnlyList<FeedItem> Items, IReadOnlyList<string> Problems);

/// <summary>The feed is not XML, or not RSS 2.0 or Atom.</summary>
public sealed class FeedFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Parses RSS 2.0 and Atom 1.0 with DTD processing ignored and no XML resolver, so neither external
/// entities nor entity expansion can be used against the parser. Thread-safe.
/// </summary>
public static class FeedParser
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    public static ParsedFeed Parse(string xml, Uri baseUri)
    {
        XDocument doc;
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml.TrimStart('\uFEFF', ' ', '\r', '\n', '\t')), settings);
            doc = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new FeedFormatException($"not well-formed XML: {e.Message}", e);
        }
        var root = doc.Root ?? throw new FeedFormatException("empty document");
        if (root.Name.LocalName == "rss") return ParseRss(root, baseUri);
        if (root.Name == Atom + "feed") return ParseAtom(root, baseUri);
        throw new FeedFormatException($"root element <{root.Name.LocalName}> is neither RSS 2.0 <rss> nor Atom <feed>");
    }

    private static ParsedFeed ParseRss(XElement root, Uri baseUri)
    {
        var channel = root.Element("channel") ?? throw new FeedFormatException("RSS without <channel>");
        var items = new List<FeedItem>();
        var problems = new List<string>();
        int n = 0;
        foreach (var item in channel.Elements("item"))
        {
            n++;
            var title = Text(item.Element("title"));
            var linkText = Text(item.Element("link")) ?? (item.Element("guid") is { } g && (string?)g.Attribute("isPermaLink") != "false" ? Text(g) : null);
            var link = ResolveLink(linkText, baseUri);
            if (link is null)
            {
                problems.Add($"item {n} ({title ?? "untitled"}): {(linkText is null ? "no <link>" : $"invalid link '{linkText}'")}");
                continue;
            }
            var date = Text(item.Element("pubDate")) ?? Text(item.Element(Dc + "date"));
            items.Add(new FeedItem(title ?? string.Empty, link, ParseDate(date), Text(item.Element("description")) ?? Text(item.Element(Content + "encoded")), Text(item.Element("guid"))));
        }
        return new ParsedFeed(items, problems);
    }

    private static ParsedFeed ParseAtom(XElement root, Uri baseUri)
    {
        var items = new List<FeedItem>();
        var problems = new List<string>();
        int n = 0;
        foreach (var entry in root.Elements(Atom + "entry"))
        {
            n++;
            var title = Text(entry.Element(Atom + "title"));
            var linkElement = entry.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate");
            var href = (string?)linkElement?.Attribute("href");
            var link = ResolveLink(href, baseUri);
            if (link is null)
            {
                problems.Add($"entry {n} ({title ?? "untitled"}): {(href is null ? "no <link href>" : $"invalid link '{href}'")}");
                continue;
            }
            var date = Text(entry.Element(Atom + "published")) ?? Text(entry.Element(Atom + "updated"));
            items.Add(new FeedItem(title ?? string.Empty, link, ParseDate(date), Text(entry.Element(Atom + "summary")), Text(entry.Element(Atom + "id"))));
        }
        return new ParsedFeed(items, problems);
    }

    private static string? Text(XElement? e)
    {
        var v = e?.Value.Trim();
        return string.IsNullOrEmpty(v) ? null : v;
    }

    private static Uri? ResolveLink(string? text, Uri baseUri)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!Uri.TryCreate(baseUri, text.Trim(), out var uri)) return null;
        // Local files only from a local feed: a remote feed must not make the fetcher read this machine's disk.
        return uri.Scheme is "http" or "https" || (uri.IsFile && baseUri.IsFile) ? uri : null;
    }

    private static readonly string[] RfcFormats =
    [
        "ddd, d MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm zzz", "d MMM yyyy HH:mm:ss zzz",
        "ddd, d MMM yyyy HH:mm:ss 'GMT'", "ddd, d MMM yyyy HH:mm:ss 'UT'", "ddd, dd MMM yyyy HH:mm:ss zzz",
    ];

    /// <summary>Parses RFC 822 (with numeric or GMT zones) and ISO 8601 dates; null when unreadable.</summary>
    public static DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        // "+0700" → "+07:00" for the zzz specifier.
        if (t.Length > 5 && (t[^5] == '+' || t[^5] == '-') && t[^4..].All(char.IsDigit)) t = t[..^2] + ":" + t[^2..];
        if (DateTimeOffset.TryParseExact(t, RfcFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var rfc)) return rfc;
        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso)) return iso;
        return null;
    }
}
