using NewsMonitor.Dedup;
using NewsMonitor.Ports;
using NewsMonitor.Tests;
using NewsMonitor.Text;

namespace NewsMonitor.Core.Tests;

public class UrlCanonicalizerTests
{
    [Theory]
    [InlineData("https://www.vnexpress.net/a-1.html?utm_source=fb&utm_medium=x#top", "https://vnexpress.net/a-1.html")]
    [InlineData("http://m.tuoitre.vn/b.htm", "https://tuoitre.vn/b.htm")]
    [InlineData("https://thanhnien.vn/c.html/amp", "https://thanhnien.vn/c.html")]
    [InlineData("https://dantri.com.vn/d/?b=2&a=1&fbclid=z", "https://dantri.com.vn/d?a=1&b=2")]
    [InlineData("https://Example.VN/Path", "https://example.vn/Path")]
    public void Canonicalize_AppliesRules(string input, string expected) =>
        Assert.Equal(expected, UrlCanonicalizer.Canonicalize(new Uri(input)));

    [Fact]
    public void ArticleId_IsStableAndShort()
    {
        var id = UrlCanonicalizer.ArticleId("https://vnexpress.net/a-1.html");
        Assert.Equal(16, id.Length);
        Assert.Equal(id, UrlCanonicalizer.ArticleId("https://vnexpress.net/a-1.html"));
    }
}

public class DedupRuleTests
{
    private static ArticleFingerprint Fingerprint(string id, string text)
    {
        var key = VietnameseText.MatchKey(text);
        var shingles = Fingerprints.Shingles(key);
        return new ArticleFingerprint(id, "outlet-" + id, "https://x/" + id, id, Fingerprints.ContentHash(key), Fingerprints.MinHash(shingles), shingles.Count, DateTimeOffset.UnixEpoch);
    }

    private static async Task<DedupAssignment> Assign(InMemoryDedupIndex index, ArticleFingerprint fp) =>
        await index.AssignAsync(fp, c => new DedupRule().Decide(fp, c));

    [Fact]
    public async Task Seeds000And001_SameStoryFromTwoOutlets_Join()
    {
        var index = new InMemoryDedupIndex();
        var a = await Assign(index, Fingerprint("000", File.ReadAllText(RepoPaths.Seed("000"))));
        var b = await Assign(index, Fingerprint("001", File.ReadAllText(RepoPaths.Seed("001"))));
        Assert.True(a.Representative);
        Assert.Equal(a.ClusterId, b.ClusterId);
        Assert.False(b.Representative);
        Assert.Equal("near_duplicate", b.Relation);
    }

    [Fact]
    public async Task Seed003_SamePartnersDifferentEvent_DoesNotJoin()
    {
        var index = new InMemoryDedupIndex();
        var a = await Assign(index, Fingerprint("000", File.ReadAllText(RepoPaths.Seed("000"))));
        var c = await Assign(index, Fingerprint("003", VietnameseText.Clean(File.ReadAllText(RepoPaths.Seed("003")))));
        Assert.NotEqual(a.ClusterId, c.ClusterId);
        Assert.Null(c.Relation);
    }

    [Fact]
    public async Task SameTextDifferentSpacingAndCase_IsExactDuplicate()
    {
        var index = new InMemoryDedupIndex();
        var text = File.ReadAllText(RepoPaths.Seed("004"));
        await Assign(index, Fingerprint("a", text));
        var b = await Assign(index, Fingerprint("b", text.ToUpperInvariant().Replace(" ", "  ", StringComparison.Ordinal)));
        Assert.Equal("duplicate", b.Relation);
    }

    [Fact]
    public async Task AssignTwice_ReturnsSameAssignment()
    {
        var index = new InMemoryDedupIndex();
        var fp = Fingerprint("x", File.ReadAllText(RepoPaths.Seed("004")));
        var first = await Assign(index, fp);
        var second = await Assign(index, fp);
        Assert.Equal(first, second with { OtherMembers = first.OtherMembers });
        Assert.Equal(1, index.Count);
    }
}
