using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using NewsMonitor.Analysis;
using NewsMonitor.Cli.Analysis;
using NewsMonitor.Cli.Dedup;
using NewsMonitor.Config;
using NewsMonitor.Dedup;
using NewsMonitor.Domain;
using NewsMonitor.Extraction;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// <c>newsmon analyze --in articles.jsonl[.gz] --out summaries.jsonl</c> (or <c>--html FILE|FOLDER</c>): the analyser on
/// its own, one structured summary per line in input order, each article its own story (no dedup). Bad lines and
/// pages are named on stderr and skipped; the exit code is then 1.
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var input = new Option<string?>("--in") { Description = "Articles, JSON Lines (.gz allowed): id, body; optional title, url, outlet, published." };
        var html = new Option<string?>("--html") { Description = "An HTML page, or a folder of them (*.html, *.htm, subfolders included): extracted first, each named by its file name." };
        var output = new Option<string>("--out") { Description = "Where to write one structured summary per line (schema: docs/structured-summary.schema.json).", Required = true };
        var config = new Option<string>("--config") { Description = "Folder with taxonomy.json and gazetteer/.", DefaultValueFactory = _ => "config" };
        var command = new Command("analyze", "Relevance, partners, sectors, events, places, people, organisations, amounts and summary of each article, as the pipeline's structured summary.");
        foreach (var o in new Option[] { input, html, output, config }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var inPath = parse.GetValue(input);
            var htmlPath = parse.GetValue(html);
            if ((inPath is null) == (htmlPath is null)) { AnsiConsole.MarkupLine("[red]Give either --in (JSON Lines) or --html (a page or a folder of pages).[/]"); return 2; }
            var source = (inPath ?? htmlPath)!;
            if (!File.Exists(source) && !(htmlPath is not null && Directory.Exists(source))) { AnsiConsole.MarkupLineInterpolated($"[red]Input not found:[/] {source}"); return 2; }
            ArticleAnalyzer analyzer;
            try { analyzer = AnalyzerInput.Load(parse.GetValue(config)!); }
            catch (ConfigException e) { AnsiConsole.MarkupLineInterpolated($"[red]Configuration error:[/] {e.Message}"); return 2; }

            var outPath = parse.GetValue(output)!;
            var sw = Stopwatch.StartNew();
            int articles = 0, relevant = 0, rejected = 0;
            await using (var stream = File.Create(outPath))
            {
                var items = inPath is not null ? FromJsonl(inPath, ct) : FromHtml(htmlPath!, ct);
                await foreach (var (where, input, inputError) in items)
                {
                    var (article, error) = (input, inputError);
                    // As the pipeline does: text typed in a legacy font encoding cannot be trusted once decoded.
                    if (article is { Source.Id: var id } && NewsMonitor.Text.LegacyEncodingDetector.Detect(article.Body) is { } legacy)
                        (article, error) = (null, $"article {id}: the text is typed in the {legacy} font encoding (shows as mojibake); not analysed");
                    if (article is null)
                    {
                        rejected++;
                        await Console.Error.WriteLineAsync($"{where}: skipped: {error}");
                        continue;
                    }
                    var summary = Summarise(analyzer, article);
                    articles++;
                    if (summary.Relevant) relevant++;
                    await stream.WriteAsync(Json.ToUtf8(summary), ct);
                    stream.WriteByte((byte)'\n');
                }
            }
            sw.Stop();
            AnsiConsole.MarkupLineInterpolated($"{articles:N0} articles in {sw.Elapsed.TotalSeconds:0.0} s: {relevant:N0} about cooperation. Wrote {outPath}.");
            if (rejected > 0) AnsiConsole.MarkupLineInterpolated($"[yellow]{rejected:N0} {(rejected == 1 ? "input" : "inputs")} skipped (see above).[/]");
            return rejected > 0 ? 1 : 0;
        });
        return command;
    }

    /// <summary>An article to analyse: its text as paragraphs, and what the structured summary says of its origin.</summary>
    private sealed record Input(SummarySource Source, string? Title, IReadOnlyList<string> Paragraphs)
    {
        /// <summary>The paragraphs as one text, as the pipeline fingerprints and checks it.</summary>
        public string Body { get; } = string.Join('\n', Paragraphs);
    }

    private static StructuredSummary Summarise(ArticleAnalyzer analyzer, Input article)
    {
        var title = AnalyzerInput.Title(article.Title, article.Paragraphs);
        var analysis = analyzer.Analyze(title, article.Paragraphs, article.Source.PublishedAt);
        var fingerprint = Fingerprints.Compute(article.Body);
        var cluster = new ClusterRef(article.Source.Id, Representative: true, AlsoReportedBy: [], FirstSeenAt: VietnamTime.Of(article.Source.FirstSeenAt));
        return SummaryBuilder.Build(article.Source with { Title = title }, analysis, cluster, fingerprint);
    }

    private static async IAsyncEnumerable<(string Where, Input? Article, string? Error)> FromJsonl(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        await foreach (var line in JsonlArticles.ReadAsync(path, ct))
        {
            if (line.Article is not { } a) { yield return ($"{path}:{line.Number}", null, line.Error); continue; }
            var source = new SummarySource(a.Id, a.Url ?? "", a.Outlet ?? "", a.Title ?? "", a.Published, a.Published ?? now, null, null);
            yield return ($"{path}:{line.Number}", new Input(source, a.Title, AnalyzerInput.Paragraphs(a.Body)), null);
        }
    }

    private static async IAsyncEnumerable<(string Where, Input? Article, string? Error)> FromHtml(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".htm", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList()
            : [path];
        if (files.Count == 0) yield return (path, null, "no .html or .htm pages in this folder or below it");
        var extractor = new ArticleExtractor();
        foreach (var file in files)
        {
            string? html = null, readError = null;
            try { html = await File.ReadAllTextAsync(file, ct); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { readError = e.Message; }
            if (html is null) { yield return (file, null, readError); continue; }
            var page = extractor.Extract(html);
            var paragraphs = page.Paragraphs.Select(NewsMonitor.Text.VietnameseText.Clean).Where(p => p.Length > 0).ToList();
            if (paragraphs.Count == 0) { yield return (file, null, "no article text found on the page"); continue; }
            var id = Path.GetFileNameWithoutExtension(file);
            var source = new SummarySource(id, page.CanonicalUrl ?? new Uri(Path.GetFullPath(file)).AbsoluteUri, page.SiteName ?? "", page.Title ?? "",
                page.PublishedAt, page.PublishedAt ?? File.GetLastWriteTimeUtc(file), page.Author, page.Language);
            yield return (file, new Input(source, page.Title, paragraphs), null);
        }
    }
}
