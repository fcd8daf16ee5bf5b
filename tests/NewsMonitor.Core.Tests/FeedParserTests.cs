using NewsMonitor.Feeds;

namespace NewsMonitor.Core.Tests;

public class FeedParserTests
{
    private static readonly Uri Base = new("https://example.vn/rss/the-gioi.rss");

    [Fact]
    public void Parse_Rss_ReadsItemsWithDates()
    {
        var feed = FeedParser.Parse("""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>T</title>
              <item><title>Việt Nam - Anh ký kết</title><link>https://example.vn/a-1.html</link><pubDate>Thu, 30 Oct 2025 14:05:00 +0700</pubDate><description>Mô tả</description></item>
              <item><title>Không có link</title></item>
              <item><title>Tương đối</title><link>/b-2.html</link></item>
            </channel></rss>
            """, Base);
        Assert.Equal(2, feed.Items.Count);
        Assert.Equal(new DateTimeOffset(2025, 10, 30, 14, 5, 0, TimeSpan.FromHours(7)), feed.Items[0].Published);
        Assert.Equal("https://example.vn/b-2.html", feed.Items[1].Link.ToString());
        Assert.Single(feed.Problems);
        Assert.Contains("item 2 (Không có link): no <link>", feed.Problems[0]);
    }

    [Fact]
    public void Parse_Atom_ReadsEntries()
    {
        var feed = FeedParser.Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
              <entry><title>Tin</title><link rel="alternate" href="https://example.vn/c.html"/><id>urn:1</id><updated>2025-10-31T08:30:00+07:00</updated></entry>
            </feed>
            """, Base);
        var item = Assert.Single(feed.Items);
        Assert.Equal("https://example.vn/c.html", item.Link.ToString());
        Assert.Equal(TimeSpan.FromHours(7), item.Published!.Value.Offset);
    }

    [Fact]
    public void Parse_ExternalEntity_IsNotResolved()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET");
        var xml = $"""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
            <rss version="2.0"><channel><item><title>&xxe;</title><link>https://example.vn/x.html</link></item></channel></rss>
            """;
        try
        {
            var feed = FeedParser.Parse(xml, Base);
            Assert.DoesNotContain(feed.Items, i => i.Title.Contains("TOP-SECRET", StringComparison.Ordinal));
        }
        catch (FeedFormatException)
        {
            // Refusing the document is as safe as ignoring the entity.
        }
        finally { File.Delete(secret); }
    }

    [Fact]
    public void Parse_BillionLaughs_DoesNotExpand()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <rss version="2.0"><channel><item><title>&lol3;</title><link>https://example.vn/x.html</link></item></channel></rss>
            """;
        try
        {
            var feed = FeedParser.Parse(xml, Base);
            Assert.DoesNotContain(feed.Items, i => i.Title.Contains("lollol", StringComparison.Ordinal));
        }
        catch (FeedFormatException)
        {
            // Refusing the document is as safe as not expanding it.
        }
    }

    [Fact]
    public void Parse_RemoteFeedWithFileLink_RefusesTheItem()
    {
        var feed = FeedParser.Parse("""<rss version="2.0"><channel><item><title>x</title><link>file:///etc/passwd</link></item></channel></rss>""", Base);
        Assert.Empty(feed.Items);
        Assert.Contains("invalid link 'file:///etc/passwd'", Assert.Single(feed.Problems));
        var local = FeedParser.Parse("""<rss version="2.0"><channel><item><title>x</title><link>page.html</link></item></channel></rss>""", new Uri("file:///tmp/feed.rss"));
        Assert.Equal("file:///tmp/page.html", Assert.Single(local.Items).Link.ToString());
    }

    [Theory]
    [InlineData("this is not xml <", "not well-formed XML")]
    [InlineData("<html><body>hi</body></html>", "neither RSS 2.0")]
    public void Parse_NotAFeed_ThrowsWithReason(string text, string reason)
    {
        var e = Assert.Throws<FeedFormatException>(() => FeedParser.Parse(text, Base));
        Assert.Contains(reason, e.Message);
    }
}
