using NewsMonitor.Dedup;
using NewsMonitor.Ports;
using NewsMonitor.Tests;

namespace NewsMonitor.Core.Tests;

public class StoryVectorTests
{
    private static readonly (string Title, string Body) A = SampleStories.MetroLoanThanhNien;
    private static readonly (string Title, string Body) B = SampleStories.MetroLoanTuoiTre;

    [Fact]
    public void TheSameText_HasCosineOne_AndTwoReportsOfOneEvent_AreClose_AndUnrelatedTextsAreNot()
    {
        var a = StoryVectors.Compute(A.Title, A.Body)!;
        Assert.InRange(StoryVector.Cosine(a, StoryVectors.Compute(A.Title, A.Body)!), 0.999, 1.0);
        Assert.InRange(StoryVector.Cosine(a, StoryVectors.Compute(B.Title, B.Body)!), new DedupRule().StoryThreshold, 1.0);
        var seed = File.ReadAllText(RepoPaths.Seed("000"));
        Assert.InRange(StoryVector.Cosine(a, StoryVectors.Compute(null, seed)!), 0, 0.2);
    }

    [Fact]
    public void CommonWordPairs_WeighLittle_AndNamesAndFiguresMuch()
    {
        var v = StoryVectors.Compute(null, "của các tỉnh và của các bộ, Văn Cao Hòa Lạc 98,5 tỷ yên")!;
        double Weight(string pair) => v.Weights[Array.IndexOf(v.Terms, StoryVectors.Compute(null, pair)!.Terms[0])];
        Assert.True(Weight("của các") * 4 < Weight("văn cao"), $"{Weight("của các")} vs {Weight("văn cao")}");
        Assert.True(Weight("của các") * 4 < Weight("98 5"));
        Assert.DoesNotContain(StoryVectors.Compute(null, "của các")!.Terms[0], v.Keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Một")]
    [InlineData("!!! ??? … — ***")]
    public void TextsWithoutAWordPair_HaveNoVector(string text) => Assert.Null(StoryVectors.Compute(null, text));

    [Fact]
    public void AMegabyteOfText_KeepsItsHeaviestTerms_AndRoundTrips()
    {
        var big = string.Join(' ', Enumerable.Range(0, 150_000).Select(i => $"từ{i % 9973} số{i % 7919}"));
        var v = StoryVectors.Compute(null, big)!;
        Assert.Equal(StoryVector.MaxTerms, v.Terms.Length);
        Assert.True(v.Terms.Zip(v.Terms.Skip(1)).All(p => p.First < p.Second));
        var back = StoryVector.FromBytes(v.ToBytes())!;
        Assert.Equal(v.Terms, back.Terms);
        Assert.Equal(v.Weights, back.Weights);
    }

    [Fact]
    public void AllNumbers_IsAVectorLikeAnyOther_AndTheSameTextOnly_IsClose()
    {
        var a = StoryVectors.Compute(null, "12 34 56 78 90 11 22 33 44 55")!;
        var b = StoryVectors.Compute(null, "98 76 54 32 10 99 88 77 66 55")!;
        Assert.True(StoryVector.Cosine(a, b) < 0.2);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 9, 0 })] // one weight short
    [InlineData(new byte[] { 2, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0, 9, 0, 9, 0 })] // terms not sorted
    public void StoredBytesThatAreNotAVector_AreAFormatError(byte[] bytes) =>
        Assert.Throws<FormatException>(() => StoryVector.FromBytes(bytes));
}

public class StoryIndexTests
{
    private static readonly DateTimeOffset T0 = new(2025, 11, 4, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FindsArticlesSharingAKey_WithinTheWindowOnly_MostSharedFirst()
    {
        var index = new StoryIndex(TimeSpan.FromDays(3));
        index.Add(0, [1, 2, 3], T0);
        index.Add(1, [3], T0.AddHours(1));
        index.Add(2, [1, 2, 3], T0.AddDays(5)); // a new generation; 0 and 1 are more than a window away from it
        var found = new List<int>();
        index.Candidates([1, 2, 3], T0.AddHours(2), found);
        Assert.Equal([0, 1], found);
        found.Clear();
        index.Candidates([1, 2, 3], T0.AddDays(5).AddHours(1), found);
        Assert.Equal([2], found);
    }

    [Fact]
    public void DropsTheOlderGeneration_SoItHoldsAboutTwoWindows()
    {
        var index = new StoryIndex(TimeSpan.FromDays(1));
        for (int day = 0; day < 30; day++)
            for (int i = 0; i < 100; i++) index.Add(day * 100 + i, [(uint)i, (uint)(1000 + i)], T0.AddDays(day).AddMinutes(i));
        Assert.InRange(index.Entries, 200, 4 * 200);
    }

    [Fact]
    public void UndatedArticles_AreAllWithinTheWindowOfEachOther()
    {
        var index = new StoryIndex(TimeSpan.FromDays(3));
        index.Add(0, [7], null);
        var found = new List<int>();
        index.Candidates([7], null, found);
        Assert.Equal([0], found);
    }

    [Fact]
    public void AKeyListedByManyArticles_IsReadOnlyForItsNewest()
    {
        var index = new StoryIndex(TimeSpan.FromDays(3));
        for (int i = 0; i < 200; i++) index.Add(i, [5], T0.AddSeconds(i));
        var found = new List<int>();
        index.Candidates([5], T0.AddSeconds(200), found);
        Assert.Equal(StoryIndex.MaxCandidates, found.Count);
        Assert.All(found, o => Assert.True(o >= 200 - StoryIndex.MaxPerKey));
    }
}

public class SameStoryRuleTests
{
    private static readonly DedupRule Rule = new();
    private static readonly DateTimeOffset T0 = new(2025, 11, 4, 8, 0, 0, TimeSpan.Zero);

    private static ArticleFingerprint Article(string id, string outlet, (string Title, string Body) report, string? body = null) =>
        Fingerprints.Compute(body ?? report.Body).For(id, outlet, "https://" + outlet + "/" + id, report.Title, T0)
            with { Story = StoryVectors.Compute(report.Title, body ?? report.Body) };

    private static DedupCandidate Candidate(ArticleFingerprint f, string? cluster = null) =>
        new(f.ArticleId, cluster ?? f.ArticleId, f.Outlet, f.Url, f.Signature, f.ShingleCount, f.ContentHash, f.Dates, f.Shingles, f.Story);

    private static readonly ArticleFingerprint First = Article("tn", "thanhnien.vn", SampleStories.MetroLoanThanhNien);

    [Fact]
    public void AnotherOutletsReport_IsTheSameStory()
    {
        var d = Rule.Decide(Article("tt", "tuoitre.vn", SampleStories.MetroLoanTuoiTre), [Candidate(First)]);
        Assert.Equal(DedupRelations.SameStory, d.Relation);
        Assert.Equal("tn", d.DuplicateOf!.ArticleId);
        Assert.True(d.Similarity >= Rule.StoryThreshold);
    }

    [Fact]
    public void TheSameOutletsSecondReport_IsNot() =>
        Assert.Null(Rule.Decide(Article("tt", "www.thanhnien.vn", SampleStories.MetroLoanTuoiTre), [Candidate(First)]).DuplicateOf);

    [Fact]
    public void AStoryIsJoinedThroughItsFirstArticleOnly() =>
        Assert.Null(Rule.Decide(Article("tt", "tuoitre.vn", SampleStories.MetroLoanTuoiTre), [Candidate(First, cluster: "someone-else")]).DuplicateOf);

    [Fact]
    public void EachNamingADayTheOtherDoesNot_IsNot()
    {
        var report = SampleStories.MetroLoanTuoiTre;
        var a = Article("a", "tuoitre.vn", report, report.Body + "\nNgày 21/12, lễ ký diễn ra.");
        var first = Article("tn", "thanhnien.vn", SampleStories.MetroLoanThanhNien, SampleStories.MetroLoanThanhNien.Body + "\nNgày 20/12, lễ ký diễn ra.");
        Assert.Null(Rule.Decide(a, [Candidate(first)]).DuplicateOf);
    }

    [Fact]
    public void ABrief_JoinsNoStory()
    {
        var brief = ("Nhật Bản cho vay", "Nhật Bản cho Hà Nội vay vốn ODA làm tuyến đường sắt đô thị số 5 Văn Cao – Hòa Lạc.");
        Assert.Null(Rule.Decide(Article("b", "vnexpress.net", brief), [Candidate(First)]).DuplicateOf);
    }

    [Fact]
    public void WithoutStoryVectors_OnlyDuplicatesAreFound() =>
        Assert.Null(Rule.Decide(Article("tt", "tuoitre.vn", SampleStories.MetroLoanTuoiTre) with { Story = null }, [Candidate(First)]).DuplicateOf);
}
