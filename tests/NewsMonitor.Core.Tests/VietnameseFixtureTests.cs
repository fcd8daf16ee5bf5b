using System.Text.Json;
using NewsMonitor.Evaluation;
using NewsMonitor.Extraction;
using NewsMonitor.Tests;
using NewsMonitor.Text;

namespace NewsMonitor.Core.Tests;

/// <summary>
/// The extractor on the 33 sample pages in eleven Vietnamese outlet layouts, against ground truth built from the
/// generator's own texts (samples/expected-extraction, samples/tools/build_expected_extraction.py).
/// </summary>
public class VietnameseFixtureTests
{
    /// <summary>Floors that may only rise.</summary>
    private const double BodyF1Floor = 0.998;

    public sealed record Fixture(string Page, string? Title, string? PublishedAt, string? Author, string? Lead, string[] Paragraphs);

    public static IEnumerable<Fixture> Fixtures()
    {
        var root = Path.Combine(RepoPaths.Samples, "expected-extraction");
        foreach (var file in Directory.GetFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var e = doc.RootElement;
            var rel = Path.GetRelativePath(root, file)[..^".json".Length];
            var page = new[] { ".html", ".htm" }.Select(ext => Path.Combine(RepoPaths.Samples, "mirror", rel + ext)).First(File.Exists);
            string? S(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            yield return new Fixture(page, S("title"), S("publishedAt"), S("author"), S("lead"), e.GetProperty("paragraphs").EnumerateArray().Select(p => p.GetString()!).ToArray());
        }
    }

    [Fact]
    public void Body_F1OverTheVietnameseLayouts_AtOrAboveTheFloor()
    {
        var fixtures = Fixtures().ToList();
        Assert.True(fixtures.Count >= 25);
        var extractor = new ArticleExtractor();
        var score = ExtractionEvaluation.Score(fixtures.Select(f =>
            (new ExtractionCase(Path.GetFileName(f.Page), f.Page, "", VietnameseText.Clean(string.Join('\n', f.Paragraphs))),
             extractor.Extract(File.ReadAllText(f.Page)).Body)));
        var worst = string.Join("; ", score.PerPage.OrderBy(p => p.F1).Take(3).Select(p => $"{p.Id} {p.F1:0.000} (P {p.Precision:0.000} R {p.Recall:0.000})"));
        Assert.True(score.F1 >= BodyF1Floor, $"body F1 {score.F1:0.0000} (P {score.Precision:0.0000}, R {score.Recall:0.0000}); worst: {worst}");
        Assert.Equal(0, score.EmptyPages);
    }

    [Fact]
    public void Metadata_TitleTimeAndAuthor_MatchOnEveryLayout()
    {
        var extractor = new ArticleExtractor();
        var problems = new List<string>();
        foreach (var f in Fixtures())
        {
            var a = extractor.Extract(File.ReadAllText(f.Page));
            var name = Path.GetFileName(f.Page);
            if (f.Title is not null && a.Title != VietnameseText.Clean(f.Title)) problems.Add($"{name}: title '{a.Title}'");
            if (f.PublishedAt is not null && a.PublishedAt != DateTimeOffset.Parse(f.PublishedAt, System.Globalization.CultureInfo.InvariantCulture)) problems.Add($"{name}: time {a.PublishedAt:o} != {f.PublishedAt}");
            if (f.Author is not null && a.Author != VietnameseText.Clean(f.Author)) problems.Add($"{name}: author '{a.Author}' != '{f.Author}'");
            if (f.Lead is not null && VietnameseText.Clean(f.Lead) != a.Lead) problems.Add($"{name}: lead '{a.Lead?[..Math.Min(40, a.Lead.Length)]}…'");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
