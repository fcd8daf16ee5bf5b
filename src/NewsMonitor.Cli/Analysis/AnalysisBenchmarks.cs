using BenchmarkDotNet.Attributes;
using NewsMonitor.Analysis;
using NewsMonitor.Text;

namespace NewsMonitor.Cli.Analysis;

/// <summary>
/// The analyser (relevance, partners, sectors, events, places, people, organisations, amounts, summary) over a sample
/// of the vi-news corpus, against a baseline in the same run: the matching key of the same text (one pass that reads
/// and normalises every word, the least any analysis of the text costs); and the analyser's construction (loading the
/// gazetteer and the lexicons, warm).
/// </summary>
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    /// <summary>Articles per invocation; <see cref="Articles"/> is filled before the run.</summary>
    public const int Batch = 200;

    internal static (string Title, List<string> Paragraphs)[] Articles { get; set; } = [];

    internal static string ConfigDirectory { get; set; } = "config";

    private ArticleAnalyzer _analyzer = null!;

    [GlobalSetup]
    public void Setup() => _analyzer = AnalyzerInput.Load(ConfigDirectory);

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "baseline: matching key of the text")]
    public int MatchKey()
    {
        int sum = 0;
        foreach (var (title, paragraphs) in Articles)
        {
            sum += VietnameseText.MatchKey(title).Length;
            foreach (var p in paragraphs) sum += VietnameseText.MatchKey(p).Length;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "newsmonitor: ArticleAnalyzer.Analyze")]
    public int Analyze()
    {
        int sum = 0;
        foreach (var (title, paragraphs) in Articles) sum += _analyzer.Analyze(title, paragraphs).WordCount;
        return sum;
    }

    [Benchmark(Description = "start-up: load taxonomy and gazetteer, build the analyser (warm)")]
    public ArticleAnalyzer Load() => AnalyzerInput.Load(ConfigDirectory);
}
