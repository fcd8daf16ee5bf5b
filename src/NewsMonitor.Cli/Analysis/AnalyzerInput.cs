using NewsMonitor.Analysis;
using NewsMonitor.Cli.Dedup;
using NewsMonitor.Config;
using NewsMonitor.Text;

namespace NewsMonitor.Cli.Analysis;

/// <summary>The analyser as the commands load and feed it: configuration from a folder, text as cleaned paragraphs.</summary>
internal static class AnalyzerInput
{
    /// <summary>The analyser over <c>taxonomy.json</c> and <c>gazetteer/</c> in <paramref name="configDirectory"/>; <see cref="ConfigException"/> names what is wrong.</summary>
    public static ArticleAnalyzer Load(string configDirectory) =>
        new(Taxonomy.Load(Path.Combine(configDirectory, "taxonomy.json")), Gazetteer.Load(Path.Combine(configDirectory, "gazetteer")));

    /// <summary>The body's non-empty lines, cleaned (<see cref="VietnameseText.Clean(string?)"/>).</summary>
    public static List<string> Paragraphs(string body) => body.Split('\n').Select(VietnameseText.Clean).Where(p => p.Length > 0).ToList();

    /// <summary>The analyses of the articles of a corpus file whose ids are in <paramref name="ids"/>, by id.</summary>
    public static async Task<Dictionary<string, NewsMonitor.Analysis.Analysis>> AnalyseAsync(ArticleAnalyzer analyzer, string corpusPath, IReadOnlySet<string> ids, CancellationToken cancellationToken = default)
    {
        var analyses = new Dictionary<string, NewsMonitor.Analysis.Analysis>(StringComparer.Ordinal);
        await foreach (var line in JsonlArticles.ReadAsync(corpusPath, cancellationToken))
        {
            if (line.Article is not { } a || !ids.Contains(a.Id)) continue;
            var paragraphs = Paragraphs(a.Body);
            analyses[a.Id] = analyzer.Analyze(Title(a.Title, paragraphs), paragraphs);
        }
        return analyses;
    }

    /// <summary>The headline to analyse: the title, or the first paragraph when there is none (corpus articles without a headline).</summary>
    public static string Title(string? title, IReadOnlyList<string> paragraphs) =>
        title is { Length: > 0 } t ? VietnameseText.Clean(t) : paragraphs.FirstOrDefault() ?? "";
}
