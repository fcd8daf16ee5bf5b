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

    [Theory]
    [InlineData("tracking parameters", "https://vnexpress.net/a.html?utm_campaign=x&gclid=1&zarsrc=30&id=7", "https://vnexpress.net/a.html?id=7")]
    [InlineData("AMP host", "https://amp.tuoitre.vn/a.htm", "https://tuoitre.vn/a.htm")]
    [InlineData("mobile host", "https://mobile.nld.com.vn/a.htm", "https://nld.com.vn/a.htm")]
    [InlineData("AMP path suffix", "https://dantri.com.vn/a.amp", "https://dantri.com.vn/a")]
    [InlineData("trailing slash", "https://vov.vn/the-gioi/", "https://vov.vn/the-gioi")]
    [InlineData("fragment", "https://vov.vn/a.vov#comments", "https://vov.vn/a.vov")]
    [InlineData("scheme", "http://vov.vn/a.vov", "https://vov.vn/a.vov")]
    [InlineData("default port", "https://vov.vn:443/a.vov", "https://vov.vn/a.vov")]
    [InlineData("percent-encoded unreserved characters", "https://vov.vn/%61%2Db%7E", "https://vov.vn/a-b~")]
    [InlineData("percent-encoding in upper case", "https://vov.vn/t%c3%a1c-gi%e1%ba%a3", "https://vov.vn/t%C3%A1c-gi%E1%BA%A3")]
    [InlineData("an unencoded Vietnamese path", "https://vov.vn/tác-giả", "https://vov.vn/t%C3%A1c-gi%E1%BA%A3")]
    [InlineData("repeated slashes", "https://vov.vn//xa-hoi///a.vov", "https://vov.vn/xa-hoi/a.vov")]
    [InlineData("Google redirector", "https://www.google.com/url?sa=t&url=https%3A%2F%2Fm.vnexpress.net%2Fa.html%3Futm_source%3Dg&ved=1", "https://vnexpress.net/a.html")]
    [InlineData("Facebook redirector", "https://l.facebook.com/l.php?u=https%3A%2F%2Ftuoitre.vn%2Fa.htm%3Ffbclid%3Dz&h=AT0", "https://tuoitre.vn/a.htm")]
    [InlineData("a redirector without a target stays itself", "https://www.google.com/url?sa=t", "https://google.com/url?sa=t")]
    [InlineData("a redirector to a non-web address stays itself", "https://l.facebook.com/l.php?u=javascript%3Aalert(1)", "https://l.facebook.com/l.php?u=javascript%3Aalert(1)")]
    public void Canonicalize_OneRule(string rule, string input, string expected) =>
        Assert.True(expected == UrlCanonicalizer.Canonicalize(new Uri(input)), $"{rule}: {UrlCanonicalizer.Canonicalize(new Uri(input))}");

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
    private static ArticleFingerprint Fingerprint(string id, string text) =>
        Fingerprints.Compute(text).For(id, "outlet-" + id, "https://x/" + id, id, DateTimeOffset.UnixEpoch);

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
        Assert.Equal("duplicate", b.Relation);
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
    public async Task Assign_EightWorkersRaceOnOneStory_OneCluster()
    {
        var index = new InMemoryDedupIndex();
        var texts = new[] { "000", "001" }.Select(n => File.ReadAllText(RepoPaths.Seed(n))).ToArray();
        using var start = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var fp = Fingerprint("w" + i, texts[i % 2]);
            start.Wait();
            return await Assign(index, fp);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(workers);
        Assert.Single(results.Select(r => r.ClusterId).Distinct());
        Assert.Single(results, r => r.Representative);
        Assert.Equal(8, (await index.GetClusterAsync(results[0].ClusterId))!.Members.Count);
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

public class FingerprintsTests
{
    [Theory]
    [InlineData("Hợp tác Việt Nam – Vương quốc Anh về y tế, giáo dục và khoa học công nghệ")]
    [InlineData("HOÀ BÌNH hoà bình Hòa Bình hòa bình")] // tone placement and case
    [InlineData("Tiếng Việt viết tổ hợp: Vie\u0302\u0323t Nam")] // decomposed marks take the general path
    [InlineData("A&amp;B giá 1.500 tỷ đồng\u200B, ngày 30/10")] // entity and an invisible character
    [InlineData("")]
    public void Compute_ContentHashAndWords_AreThoseOfTheMatchKey(string text)
    {
        var key = VietnameseText.MatchKey(text);
        var f = Fingerprints.Compute(text);
        Assert.Equal(Fingerprints.ContentHash(key), f.ContentHash);
        Assert.Equal(key.Length == 0 ? 0 : key.Split(' ').Length, f.WordCount);
    }

    [Fact]
    public void Compute_OnTheCorpus_MatchesTheMatchKeyOfEveryArticle()
    {
        // The single pass reads words without cleaning when nothing would change them: prove it on real text.
        foreach (var body in CorpusSample.Bodies(1500))
            Assert.Equal(Fingerprints.ContentHash(VietnameseText.MatchKey(body)), Fingerprints.Compute(body).ContentHash);
    }

    [Fact]
    public void AlwaysComposed_CharactersAreNfcAloneAndAfterALetter()
    {
        for (int c = 0; c < 0x10000; c++)
        {
            var ch = (char)c;
            if (!VietnameseText.AlwaysComposed.Contains(ch)) continue;
            Assert.True(ch.ToString().IsNormalized(System.Text.NormalizationForm.FormC), $"U+{c:X4} alone");
            Assert.True(("ư" + ch).IsNormalized(System.Text.NormalizationForm.FormC), $"U+{c:X4} after a letter");
            Assert.True(("e" + ch + "a").IsNormalized(System.Text.NormalizationForm.FormC), $"U+{c:X4} between letters");
        }
    }

    [Fact]
    public void Compute_TheSameTextTwice_GivesTheSameSignature_AndUnrelatedTextsAreFarApart()
    {
        var bodies = CorpusSample.Bodies(40).Where(b => b.Length > 1500).Take(10).ToList();
        var signatures = bodies.Select(b => Fingerprints.Compute(b).Signature).ToList();
        Assert.Equal(signatures[0], Fingerprints.Compute(bodies[0]).Signature);
        for (int i = 1; i < signatures.Count; i++) Assert.True(Fingerprints.EstimatedJaccard(signatures[0], signatures[i]) < 0.1);
    }

    [Fact]
    public void EstimatedJaccard_TracksTheTrueJaccardOfWord5Grams()
    {
        // A text and a copy with every fourth sentence dropped: the estimate is within 0.15 of the exact value.
        var body = string.Join(' ', CorpusSample.Bodies(200).Where(b => b.Length > 3000).Take(3));
        var sentences = body.Split(". ");
        var trimmed = string.Join(". ", sentences.Where((_, i) => i % 4 != 0));
        static HashSet<string> Grams(string t) { var w = VietnameseText.MatchKey(t).Split(' '); return Enumerable.Range(0, w.Length - 4).Select(i => string.Join(' ', w, i, 5)).ToHashSet(); }
        var (a, b) = (Grams(body), Grams(trimmed));
        double exact = (double)a.Intersect(b).Count() / a.Union(b).Count();
        double estimate = Fingerprints.EstimatedJaccard(Fingerprints.Compute(body).Signature, Fingerprints.Compute(trimmed).Signature);
        Assert.InRange(estimate, exact - 0.15, exact + 0.15);
        Assert.Equal(a.Count, Fingerprints.Compute(body).ShingleCount);
        var (j, containment) = Fingerprints.Similarity(Fingerprints.Compute(body).Shingles, Fingerprints.Compute(trimmed).Shingles);
        Assert.Equal(exact, j, 3); // the shingle sets give the exact value (up to 32-bit hash collisions)
        Assert.Equal((double)a.Intersect(b).Count() / b.Count, containment, 3);
    }

    [Fact]
    public void Shingles_AreSortedDistinctHashes_AndRoundTripThroughBytes()
    {
        var shingles = Fingerprints.Compute(CorpusSample.Bodies(1).Single()).Shingles!;
        Assert.True(shingles.Zip(shingles.Skip(1)).All(p => p.First < p.Second));
        Assert.Equal(shingles, Fingerprints.ShinglesFromBytes(Fingerprints.ShinglesToBytes(shingles)));
        Assert.Null(Fingerprints.ShinglesFromBytes([]));
        Assert.Throws<FormatException>(() => Fingerprints.ShinglesFromBytes(new byte[6]));
        Assert.Throws<FormatException>(() => Fingerprints.ShinglesFromBytes(Fingerprints.ShinglesToBytes([5, 3])));
        Assert.Equal((2.0 / 5, 2.0 / 3), Fingerprints.Similarity([1, 2, 3, 9], [2, 3, 7]));
        Assert.Equal((0.0, 0.0), Fingerprints.Similarity([], [1]));
    }

    [Fact]
    public void Rule_ComparesShingleSetsExactly_WhenBothAreAtHand()
    {
        // The same signature (estimated Jaccard 1) over disjoint shingle sets: the exact comparison decides.
        var text = Fingerprints.Compute(CorpusSample.Bodies(1).Single());
        var article = text.For("new", "o.vn", "https://o.vn/new", "t", DateTimeOffset.UnixEpoch) with { ContentHash = "x" };
        DedupCandidate Candidate(uint[]? shingles) => new("old", "old", "p.vn", "https://p.vn/old", text.Signature, text.ShingleCount, "y", text.Dates, shingles);
        var rule = new DedupRule();
        Assert.Equal(DedupRelations.Duplicate, rule.Decide(article, [Candidate(null)]).Relation); // estimated from the signatures
        Assert.Null(rule.Decide(article, [Candidate(text.Shingles!.Select(h => h ^ 0x80000000u).Order().ToArray())]).Relation);
        Assert.Equal(1.0, rule.Decide(article, [Candidate(text.Shingles)]).Similarity);
    }
}

public class LshIndexTests
{
    [Fact]
    public void Candidates_FindsTheNearCopy_AndNotTheUnsearchable()
    {
        var bodies = CorpusSample.Bodies(300).Where(b => b.Length > 2000).Take(50).ToList();
        var index = new LshIndex(16); // grows while adding
        foreach (var b in bodies) index.Add(Fingerprints.Compute(b).Signature, 0, 100, 0, [], index.Count, searchable: true);
        var hidden = index.Add(Fingerprints.Compute(bodies[3]).Signature, 0, 100, 0, [], 3, searchable: false);
        var edited = bodies[3].Replace(".", ". Thêm một câu.", StringComparison.Ordinal);
        var found = new List<int>();
        index.Candidates(Fingerprints.Compute(edited).Signature, [], found);
        Assert.Contains(3, found);
        Assert.DoesNotContain(hidden, found);
        Assert.Equal(3, index.Cluster(hidden));
        Assert.True(index.BytesPerArticle > 0);
    }

    [Fact]
    public void Truncate_UndoesTheLastArticles_AndTheyCanBeAddedAgain()
    {
        var texts = CorpusSample.Bodies(400).Where(b => b.Length > 1500).Take(60).Select(b => Fingerprints.Compute(b)).ToList();
        var anchors = texts.Select(t => Fingerprints.Anchors(t.Shingles)).ToList();
        var index = new LshIndex(16); // grows (and rehashes) while adding
        for (int i = 0; i < 40; i++) index.Add(texts[i].Signature, 0, 100, 0, anchors[i], i, searchable: true);
        List<int> Found(int i) { var found = new List<int>(); index.Candidates(texts[i].Signature, anchors[i], found); return found; }
        var before = Enumerable.Range(0, 40).Select(Found).ToList();
        for (int i = 40; i < 60; i++) index.Add(texts[i % 40].Signature, 0, 100, 0, anchors[i % 40], i % 40, searchable: true); // copies of the first 20
        Assert.Contains(40, Found(0));
        index.Truncate(40);
        Assert.Equal(40, index.Count);
        for (int i = 0; i < 40; i++)
        {
            Assert.Equal(before[i], Found(i));
            Assert.Contains(i, before[i]);
        }
        Assert.Equal(40, index.Add(texts[40].Signature, 0, 100, 0, anchors[40], 40, searchable: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Truncate(42));
    }

    [Fact]
    public void Candidates_ByAnchors_FindAShortReportReprintedInsideALongOne_AndBoilerplateIsListedAFewTimesOnly()
    {
        var bodies = CorpusSample.Bodies(400).Where(b => b.Length > 1500).Take(12).ToList();
        var shortReport = Fingerprints.Compute(bodies[0]);
        var roundUp = Fingerprints.Compute(string.Join('\n', bodies.Skip(1).Take(8).Prepend(bodies[0]))); // the report and eight others
        var (jaccard, containment) = Fingerprints.Similarity(shortReport.Shingles!, roundUp.Shingles!);
        Assert.True(jaccard < 0.2 && containment > 0.95, $"J {jaccard:0.00}, C {containment:0.00}");

        var index = new LshIndex();
        index.Add(roundUp.Signature, 0, roundUp.ShingleCount, 0, Fingerprints.Anchors(roundUp.Shingles), 0, searchable: true);
        var found = new List<int>();
        index.Candidates(shortReport.Signature, Fingerprints.Anchors(shortReport.Shingles), found);
        Assert.Equal([0], found);

        // One passage in forty texts: the first MaxPerAnchor list its anchors, the rest do not.
        var passage = Fingerprints.Anchors(shortReport.Shingles);
        Assert.NotEmpty(passage);
        for (int i = 1; i <= 40; i++) index.Add(roundUp.Signature, 0, 100, 0, passage, i, searchable: true);
        Assert.Equal(AnchorCandidates.MaxPerAnchor, Enumerable.Range(0, index.Count).Count(o => index.Anchors(o).Contains(passage[0])));
    }

    [Fact]
    public void Add_RejectsABadSignatureOrCluster()
    {
        var index = new LshIndex();
        Assert.Throws<ArgumentException>(() => index.Add(new ushort[3], 0, 1, 0, [], 0, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Add(new ushort[Fingerprints.SignatureLength], 0, 1, 0, [], 5, true));
    }
}

public class DedupBatchTests
{
    [Fact]
    public void Add_Seeds000And001_JoinAsDuplicates_Seed003DoesNot()
    {
        using var batch = new DedupBatch(new DedupRule());
        var a = batch.Add(new DedupInput("000", null, File.ReadAllText(RepoPaths.Seed("000"))));
        var b = batch.Add(new DedupInput("001", null, File.ReadAllText(RepoPaths.Seed("001"))));
        var c = batch.Add(new DedupInput("003", null, File.ReadAllText(RepoPaths.Seed("003"))));
        Assert.Null(a.Relation);
        Assert.Equal(("000", "000", DedupRelations.Duplicate), (b.Cluster, b.DuplicateOf, b.Relation));
        Assert.Equal(("003", null), (c.Cluster, c.Relation));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Ảnh")]
    [InlineData("!!! ... ??? --- ***")]
    [InlineData("Xem thêm ảnh")]
    public void Add_EmptyOrTinyTexts_AreComparedWithNothing(string body)
    {
        using var batch = new DedupBatch(new DedupRule());
        var first = batch.Add(new DedupInput("a", null, body));
        var second = batch.Add(new DedupInput("b", null, body));
        Assert.Null(second.Relation);
        Assert.Equal("b", second.Cluster);
        Assert.StartsWith("too short to compare", second.Note);
        Assert.StartsWith("too short to compare", first.Note);
    }

    [Fact]
    public void Add_AllNumbers_MatchOnlyTheSameNumbers()
    {
        using var batch = new DedupBatch(new DedupRule());
        var rng = new Random(7);
        string Numbers() => string.Join(' ', Enumerable.Range(0, 300).Select(_ => rng.Next(100000)));
        var a = Numbers();
        Assert.Null(batch.Add(new DedupInput("a", null, a)).Relation);
        Assert.Null(batch.Add(new DedupInput("b", null, Numbers())).Relation);
        Assert.Equal(DedupRelations.Duplicate, batch.Add(new DedupInput("c", null, a)).Relation);
    }

    [Fact]
    public void Add_AMegabyteOfText_IsFingerprintedAndMatchesOnlyItself()
    {
        using var batch = new DedupBatch(new DedupRule());
        var big = string.Join('\n', CorpusSample.Bodies(50));
        while (big.Length < 1 << 20) big += "\n" + big;
        var other = CorpusSample.Bodies(60).Last();
        Assert.Null(batch.Add(new DedupInput("big", null, big)).Relation);
        Assert.Null(batch.Add(new DedupInput("other", null, other)).Relation);
        Assert.Equal("big", batch.Add(new DedupInput("big-again", null, big)).DuplicateOf);
    }

    [Fact]
    public void Add_ATrimmedCopyOfAnArticleLongSpilledToDisk_IsFoundAndComparedExactly()
    {
        // Over a megabyte of shingle sets comes before the copy, so the first article's set is read back from the file.
        using var batch = new DedupBatch(new DedupRule());
        var bodies = CorpusSample.Bodies(1200).ToList();
        var first = bodies.First(b => b.Length > 3000);
        for (int i = 0; i < bodies.Count; i++) batch.Add(new DedupInput("a" + i, null, bodies[i]));
        var paragraphs = first.Split('\n');
        var copy = batch.Add(new DedupInput("copy", null, string.Join('\n', paragraphs.Take(Math.Max(1, paragraphs.Length * 2 / 3)))));
        Assert.Equal(("a" + bodies.IndexOf(first), DedupRelations.Duplicate), (copy.DuplicateOf, copy.Relation));
        Assert.NotEqual(1.0, copy.Similarity);
    }

    [Fact]
    public void Add_SameCanonicalUrl_IsTheSameArticle_AndARepeatedIdIsRejected()
    {
        using var batch = new DedupBatch(new DedupRule());
        batch.Add(new DedupInput("a", null, "một bài viết", "https://www.vnexpress.net/x.html?utm_source=fb"));
        var b = batch.Add(new DedupInput("b", null, "bản khác hẳn", "https://vnexpress.net/x.html"));
        Assert.Equal(("a", "same URL"), (b.DuplicateOf, b.Note));
        Assert.Throws<ArgumentException>(() => batch.Add(new DedupInput("a", null, "lại")));
    }
}

public class DateMentionsTests
{
    [Theory]
    [InlineData("Hạn chót là 30/12.", "Hạn chót là ngày 30 tháng 12.")]
    [InlineData("Hạn chót là 30/12.", "Hạn chót 30-12-2020 theo thông báo")]
    [InlineData("Hạn chót là 30/12.", "ngày 30 / 12 / 20 tới")]
    [InlineData("Hạn chót là 30/12.", "thứ 6 ngày30/12/2005Địa điểm: Hà Nội")] // extracted without spaces
    [InlineData("Hạn chót là 30/12.", "vào 30/12/05Địa điểm: Hà Nội")]
    public void Mask_TheSameDayWrittenDifferently_IsTheSameSet(string a, string b) =>
        Assert.Equal(DateMentions.Mask(a), DateMentions.Mask(b));

    [Theory]
    [InlineData("giá từ 8.000-12.000đ/kg, giảm 1,5-2 điểm")] // prices and decimals
    [InlineData("giai đoạn 2005-2006 và 12/2005")] // years and month/year
    [InlineData("máy bay A320/5 và mã B12-3")] // codes
    [InlineData("học sinh 14-19 tuổi, 9h00-12h, tỷ lệ 1/2/345")] // no such month; times; a third number
    [InlineData("chưa có ngày nào")]
    public void Mask_NumbersThatAreNotDays_AreNone(string text) => Assert.Equal(0u, DateMentions.Mask(text));

    [Fact]
    public void Mask_ARangeNamesBothEnds_AndConflictNeedsADayOnEachSide()
    {
        uint range = DateMentions.Mask("Hội chợ từ 29/10-1/11 tại Hà Nội");
        uint first = DateMentions.Mask("khai mạc 29/10"), last = DateMentions.Mask("bế mạc ngày 1 tháng 11");
        Assert.Equal(range, first | last);
        Assert.NotEqual(first, last);
        Assert.True(DateMentions.Conflict(first, last));
        Assert.False(DateMentions.Conflict(range, first)); // a trimmed copy only loses days
        Assert.False(DateMentions.Conflict(0, first));
    }

    [Fact]
    public void Rule_TheSameNoticeForAnotherDay_IsNotADuplicate_ATrimmedCopyStillIs()
    {
        var notice = string.Join(' ', CorpusSample.Bodies(3));
        string Dated(string day) => $"Buổi phỏng vấn học bổng diễn ra ngày {day} tại văn phòng ở Hà Nội. " + notice;
        using var batch = new DedupBatch(new DedupRule());
        Assert.Null(batch.Add(new DedupInput("june", null, Dated("12/6") + " Hồ sơ nộp trước 5/6.")).Relation);
        Assert.Null(batch.Add(new DedupInput("november", null, Dated("11/11") + " Hồ sơ nộp trước 5/6.")).Relation);
        var copy = batch.Add(new DedupInput("copy", null, Dated("12/6")));
        Assert.Equal(("june", DedupRelations.Duplicate), (copy.DuplicateOf, copy.Relation));
    }
}
