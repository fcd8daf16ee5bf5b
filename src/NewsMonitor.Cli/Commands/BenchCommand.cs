using System.CommandLine;
using System.Diagnostics;
using NewsMonitor.Analysis;
using NewsMonitor.Cli.Analysis;
using NewsMonitor.Cli.Dedup;
using NewsMonitor.Config;
using NewsMonitor.Dedup;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// <c>newsmon bench</c>: the CPU stages (normalise, dedup, classify, summarise) over a JSONL corpus, in one thread,
/// reporting articles per second per core, time per stage and peak memory. The corpus is read before timing starts.
/// </summary>
internal static class BenchCommand
{
    internal sealed record CorpusArticle(string Id, string? Title, string Body);

    public static Command Create()
    {
        var corpus = CorpusOption.Create("JSONL(.gz) with id, title, body.");
        var limit = new Option<int>("--limit") { Description = "Process at most this many articles (0 = all).", DefaultValueFactory = _ => 0 };
        var config = new Option<string>("--config") { Description = "Folder with taxonomy.json and gazetteer/.", DefaultValueFactory = _ => "config" };
        var command = new Command("bench", "Measure throughput and peak memory of the CPU stages over the vi-news corpus; `bench extraction` measures the extractor.");
        command.Subcommands.Add(BenchExtractionCommand.Create());
        command.Subcommands.Add(BenchDedupCommand.Create());
        command.Subcommands.Add(BenchAnalysisCommand.Create());
        command.Subcommands.Add(BenchDigestCommand.Create());
        command.Options.Add(corpus);
        command.Options.Add(limit);
        command.Options.Add(config);
        command.SetAction(async (parse, ct) =>
        {
            if (CorpusOption.Existing(parse, corpus) is not { } path) return 2;
            ArticleAnalyzer analyzer;
            try { analyzer = AnalyzerInput.Load(parse.GetValue(config)!); }
            catch (ConfigException e) { AnsiConsole.MarkupLineInterpolated($"[red]Configuration error:[/] {e.Message}"); return 2; }

            var articles = await ReadCorpusAsync(path, parse.GetValue(limit), ct);
            long inputBytes = articles.Sum(a => (long)a.Body.Length * 2);
            var index = new InMemoryDedupIndex();
            var rule = new DedupRule();
            GC.Collect();
            long managedBefore = GC.GetTotalMemory(true);

            var normalise = new Stopwatch(); var dedup = new Stopwatch(); var classify = new Stopwatch();
            int relevant = 0, duplicates = 0;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            foreach (var a in articles)
            {
                normalise.Start();
                var paragraphs = AnalyzerInput.Paragraphs(a.Body);
                normalise.Stop();

                dedup.Start();
                var fp = Fingerprints.Compute(string.Join('\n', paragraphs)).For(a.Id, "corpus", a.Id, a.Title ?? "", DateTimeOffset.UnixEpoch);
                var assignment = await index.AssignAsync(fp, c => rule.Decide(fp, c), ct);
                if (assignment.Relation is not null) duplicates++;
                dedup.Stop();

                classify.Start();
                var analysis = analyzer.Analyze(AnalyzerInput.Title(a.Title, paragraphs), paragraphs);
                if (analysis.Relevant) relevant++;
                classify.Stop();
            }
            wall.Stop();
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            long managedAfter = GC.GetTotalMemory(false);

            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]bench: {articles.Count:N0} articles, one thread[/]").AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned());
            table.AddRow("articles/s (wall, 1 thread = per core)", $"{articles.Count / wall.Elapsed.TotalSeconds:N0}");
            table.AddRow("articles/s per CPU-second", $"{articles.Count / cpuUsed.TotalSeconds:N0}");
            table.AddRow("normalise ms", $"{normalise.Elapsed.TotalMilliseconds:N0}");
            table.AddRow("dedup ms (shingles, MinHash, LSH)", $"{dedup.Elapsed.TotalMilliseconds:N0}");
            table.AddRow("classify + summarise ms", $"{classify.Elapsed.TotalMilliseconds:N0}");
            table.AddRow("MB/s of text", $"{inputBytes / 2.0 / 1e6 / wall.Elapsed.TotalSeconds:N1}");
            table.AddRow("peak working set MiB (corpus in memory)", $"{peak / 1048576.0:N0}");
            table.AddRow("managed heap growth MiB (index)", $"{(managedAfter - managedBefore) / 1048576.0:N0}");
            table.AddRow("relevant / near-duplicate", $"{relevant:N0} / {duplicates:N0}");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    /// <summary>The first <paramref name="limit"/> articles of a corpus (0: all); a bad line stops the bench with its line number and what is wrong.</summary>
    internal static async Task<List<CorpusArticle>> ReadCorpusAsync(string path, int limit, CancellationToken ct)
    {
        var list = new List<CorpusArticle>();
        await foreach (var line in JsonlArticles.ReadAsync(path, ct))
        {
            if (line.Article is not { } a) throw new InvalidDataException($"{path}:{line.Number}: {line.Error}");
            list.Add(new CorpusArticle(a.Id, a.Title, a.Body));
            if (limit > 0 && list.Count >= limit) break;
        }
        return list;
    }
}
