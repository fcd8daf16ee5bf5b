using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NewsMonitor.Evaluation;

/// <summary>One benchmark page: its id, HTML and hand-checked body.</summary>
public sealed record ExtractionCase(string Id, string Url, string Html, string ExpectedBody);

/// <summary>Precision and recall of one page (word 4-gram multisets).</summary>
/// <param name="Empty">The extractor returned nothing: recall 0, left out of the precision average.</param>
public sealed record PageScore(string Id, string Url, double Precision, double Recall, bool Empty)
{
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>The corpus score: precision and recall averaged over pages, then F1 of the averages.</summary>
public sealed record ExtractionScore(double Precision, double Recall, int Pages, int EmptyPages, IReadOnlyList<PageScore> PerPage)
{
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>
/// The article-extraction benchmark's metric (scrapinghub/article-extraction-benchmark, as described in
/// <c>../shared/eval/article-extraction/README.md</c>): NFC, tokens are runs of Unicode word characters with case
/// kept, every run of 4 tokens is a shingle, precision and recall per page over shingle multisets.
/// </summary>
public static partial class ExtractionEvaluation
{
    public static IReadOnlyList<ExtractionCase> LoadBenchmark(string folder)
    {
        var truthFile = Path.Combine(folder, "ground-truth.json");
        if (!File.Exists(truthFile)) throw new FileNotFoundException($"{truthFile} not found: the benchmark folder needs ground-truth.json and html/", truthFile);
        using var truth = JsonDocument.Parse(File.ReadAllText(truthFile));
        var cases = new List<ExtractionCase>();
        foreach (var page in truth.RootElement.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var htmlFile = Path.Combine(folder, "html", page.Name + ".html.gz");
            using var gz = new GZipStream(File.OpenRead(htmlFile), CompressionMode.Decompress);
            using var reader = new StreamReader(gz, Encoding.UTF8);
            cases.Add(new ExtractionCase(page.Name, page.Value.GetProperty("url").GetString() ?? "", reader.ReadToEnd(), page.Value.GetProperty("articleBody").GetString() ?? ""));
        }
        return cases;
    }

    public static ExtractionScore Score(IEnumerable<(ExtractionCase Case, string Predicted)> results)
    {
        var pages = results.Select(r => ScorePage(r.Case, r.Predicted)).ToList();
        var nonEmpty = pages.Where(p => !p.Empty).ToList();
        double precision = nonEmpty.Count == 0 ? 0 : nonEmpty.Average(p => p.Precision);
        double recall = pages.Count == 0 ? 0 : pages.Average(p => p.Recall);
        return new ExtractionScore(precision, recall, pages.Count, pages.Count - nonEmpty.Count, pages);
    }

    public static PageScore ScorePage(ExtractionCase page, string predicted)
    {
        var truth = Shingles(page.ExpectedBody);
        var got = Shingles(predicted);
        if (got.Count == 0) return new PageScore(page.Id, page.Url, 0, 0, Empty: true);
        int common = 0, gotTotal = 0, truthTotal = truth.Values.Sum();
        foreach (var (shingle, n) in got)
        {
            gotTotal += n;
            if (truth.TryGetValue(shingle, out var m)) common += Math.Min(n, m);
        }
        double precision = (double)common / gotTotal;
        double recall = truthTotal == 0 ? 1 : (double)common / truthTotal;
        return new PageScore(page.Id, page.Url, precision, recall, Empty: false);
    }

    private static Dictionary<string, int> Shingles(string text)
    {
        var words = WordRun().Matches(text.Normalize(NormalizationForm.FormC)).Select(m => m.Value).ToArray();
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i + 4 <= words.Length; i++)
        {
            var key = string.Join(' ', words, i, 4);
            result[key] = result.GetValueOrDefault(key) + 1;
        }
        return result;
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex WordRun();
}
