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
        var extraction = new Command("extraction", "Precision, recall and F1 of body extraction over the 181 benchmark pages (word 4-grams, averaged per page).");
        extraction.Options.Add(data);
        extraction.Options.Add(extractor);
        extraction.Options.Add(worst);
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
            AnsiConsole.MarkupLineInterpolated($"[bold]{parse.GetValue(extractor)}[/] on {score.Pages} pages: precision [bold]{score.Precision:0.0000}[/]  recall [bold]{score.Recall:0.0000}[/]  F1 [bold]{score.F1:0.0000}[/]  empty pages {score.EmptyPages}  ({score.Pages / sw.Elapsed.TotalSeconds:0} pages/s cold; `newsmon bench extraction` measures speed)");
            var table = new Table().Border(TableBorder.Rounded).Title($"{parse.GetValue(worst)} worst pages").AddColumns("F1", "P", "R", "page");
            foreach (var p in score.PerPage.OrderBy(p => p.F1).Take(parse.GetValue(worst)))
                table.AddRow($"{p.F1:0.000}", $"{p.Precision:0.000}", $"{p.Recall:0.000}", Markup.Escape($"{p.Id[..12]} {p.Url}"));
            AnsiConsole.Write(table);
            return 0;
        });
        eval.Subcommands.Add(extraction);
        return eval;
    }
}
