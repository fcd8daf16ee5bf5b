using System.Text.Json;
using System.Text.RegularExpressions;
using NewsMonitor.Extraction;
using NewsMonitor.Tests;
using NewsMonitor.Text;

namespace NewsMonitor.Core.Tests;

/// <summary>The extractor on the sample pages that carry the seed texts: the seed comes out whole, the chrome stays out.</summary>
public class SampleExtractionTests
{
    public static TheoryData<string> Seeds => new() { "000", "001", "002", "003", "004" };

    private static string PageOf(string seed)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Samples, "expected.json")));
        var entry = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("seed").ValueKind == JsonValueKind.String && e.GetProperty("seed").GetString() == seed);
        return Path.Combine(RepoPaths.Samples, entry.GetProperty("file").GetString()!);
    }

    private static HashSet<string> FourGrams(string text)
    {
        var w = VietnameseText.MatchKey(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Enumerable.Range(0, Math.Max(0, w.Length - 3)).Select(i => string.Join(' ', w[i..(i + 4)])).ToHashSet();
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SeedPage_BodyRecallsTheSeedText(string seed)
    {
        var seedText = File.ReadAllText(RepoPaths.Seed(seed));
        if (seed == "002") seedText = seedText[..seedText.IndexOf("| Ngày 27/8", StringComparison.Ordinal)]; // the rest of seed 002 is page chrome
        seedText = Regex.Replace(seedText, @"^\s*date \d{4}-\d{2}-\d{2}", "");
        var body = new ArticleExtractor().Extract(File.ReadAllText(PageOf(seed))).Body;
        var truth = FourGrams(seedText.Replace("![]() |", " ", StringComparison.Ordinal));
        var got = FourGrams(body);
        double recall = (double)truth.Count(got.Contains) / truth.Count;
        Assert.True(recall >= 0.85, $"seed {seed}: 4-gram recall {recall:0.000}");
    }

    [Fact]
    public void Seed002Page_LeavesOutRelatedMostReadAndMultimedia()
    {
        var body = new ArticleExtractor().Extract(File.ReadAllText(PageOf("002"))).Body;
        foreach (var chrome in new[] { "Tin bài liên quan", "Đọc nhiều", "Multimedia", "Campuchia", "Phần Lan", "Triều Tiên", "Ấn Độ tặng", "Cuba", "Sinh viên Lào", "Asia Bridge Competition" })
            Assert.DoesNotContain(chrome, body);
    }
}
