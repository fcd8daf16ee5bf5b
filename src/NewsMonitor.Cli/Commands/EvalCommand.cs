using System.CommandLine;
using System.Diagnostics;
using NewsMonitor.Evaluation;
using NewsMonitor.Extraction;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary><c>newsmon eval extraction</c>: the extractor on the article-extraction benchmark, with its published metric.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var eval = new Command("eval", "Measure quality against the evaluation data in ../shared/eval.");
        var data = new Option<string>("--data") { Description = "The benchmark folder (ground-truth.json and html/).", DefaultValueFactory = _ => "../shared/eval/article-extraction" };
        var extractor = new Option<string>("--extractor") { Description = "newsmonitor (default) or wholepage (all text of <body>, the benchmark's floor).", DefaultValueFactory = _ => "newsmonitor" };
        var worst = new Option<int>("--worst") { Description = "How many of the worst pages to list.", DefaultValueFactory = _ => 10 };
        var repeat = new Option<int>("--repeat") { Description = "Timed passes after a warm-up pass; also times the whole-page baseline in the same run.", DefaultValueFactory = _ => 0 };
        var extraction = new Command("extraction", "Precision, recall and F1 of body extraction over the 181 benchmark pages (word 4-grams, averaged per page).");
        extraction.Options.Add(data);
        extraction.Options.Add(extractor);
        extraction.Options.Add(worst);
        extraction.Options.Add(repeat);
        extraction.SetAction(parse =>
        {
            IReadOnlyList<ExtractionCase> cases;
            try { cases = ExtractionEvaluation.LoadBenchmark(parse.GetValue(data)!); }
            catch (FileNotFoundException e) { AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]"); return 2; }
            var extractorName = parse.GetValue(extractor);
            var ours = new ArticleExtractor();
            Func<string, string>? extract = extractorName switch
            {
                "wholepage" => WholePageBaseline.Extract,
                "newsmonitor" => html => ours.Extract(html).Body,
                _ => null,
            };
            if (extract is null) { AnsiConsole.MarkupLineInterpolated($"[red]Unknown extractor '{extractorName}' (expected newsmonitor or wholepage).[/]"); return 2; }
            var sw = Stopwatch.StartNew();
            var results = cases.Select(c => (c, extract(c.Html))).ToList();
            sw.Stop();
            var score = ExtractionEvaluation.Score(results);
            AnsiConsole.MarkupLineInterpolated($"[bold]{parse.GetValue(extractor)}[/] on {score.Pages} pages: precision [bold]{score.Precision:0.0000}[/]  recall [bold]{score.Recall:0.0000}[/]  F1 [bold]{score.F1:0.0000}[/]  empty pages {score.EmptyPages}  ({score.Pages / sw.Elapsed.TotalSeconds:0} pages/s, one thread)");
            var table = new Table().Border(TableBorder.Rounded).Title($"{parse.GetValue(worst)} worst pages").AddColumns("F1", "P", "R", "page");
            foreach (var p in score.PerPage.OrderBy(p => p.F1).Take(parse.GetValue(worst)))
                table.AddRow($"{p.F1:0.000}", $"{p.Precision:0.000}", $"{p.Recall:0.000}", Markup.Escape($"{p.Id[..12]} {p.Url}"));
            AnsiConsole.Write(table);
            if (parse.GetValue(repeat) is var passes and > 0)
            {
                double Speed(Func<string, string> f)
                {
                    var timer = Stopwatch.StartNew();
                    for (int i = 0; i < passes; i++) foreach (var c in cases) f(c.Html);
                    return passes * cases.Count / timer.Elapsed.TotalSeconds;
                }
                double ourSpeed = Speed(extract), baseline = Speed(WholePageBaseline.Extract);
                // Bytes allocated per page, against the page's size in UTF-16 (how .NET holds it).
                var ratios = cases.Select(c =>
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    extract(c.Html);
                    return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / (c.Html.Length * 2.0);
                }).Order().ToList();
                AnsiConsole.MarkupLineInterpolated($"allocated per page / page size: median [bold]{ratios[ratios.Count / 2]:0.0}[/]×, 90th percentile {ratios[(int)(ratios.Count * 0.9)]:0.0}×, max {ratios[^1]:0.0}×");
                AnsiConsole.MarkupLineInterpolated($"warm, one thread, {passes} passes: {extractorName} [bold]{ourSpeed:0}[/] pages/s; whole-page text {baseline:0} pages/s; ratio [bold]{ourSpeed / baseline:0.00}[/]");
            }
            return 0;
        });
        eval.Subcommands.Add(extraction);
        return eval;
    }
}
