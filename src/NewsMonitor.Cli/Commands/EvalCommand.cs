using System.CommandLine;
using System.Diagnostics;
using NewsMonitor.Analysis;
using NewsMonitor.Cli.Analysis;
using NewsMonitor.Cli.Dedup;
using NewsMonitor.Config;
using NewsMonitor.Dedup;
using NewsMonitor.Evaluation;
using NewsMonitor.Extraction;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary><c>newsmon eval extraction</c> and <c>newsmon eval dedup</c>: quality against the evaluation data.</summary>
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
        eval.Subcommands.Add(DedupEval());
        eval.Subcommands.Add(ClassificationEval());
        return eval;
    }

    /// <summary><c>newsmon eval classification</c>: the analyser on the hand-labelled dev set of vi-news articles.</summary>
    private static Command ClassificationEval()
    {
        var corpus = CorpusOption.Create("JSONL(.gz) of articles holding the labelled ids.");
        var labelsOption = new Option<string>("--labels") { Description = "Hand-labelled articles (see tests/eval/classification/README.md).", DefaultValueFactory = _ => "tests/eval/classification/dev-labels.jsonl" };
        var config = new Option<string>("--config") { Description = "Folder with taxonomy.json and gazetteer/.", DefaultValueFactory = _ => "config" };
        var errors = new Option<int>("--errors") { Description = "How many disagreements to list.", DefaultValueFactory = _ => 30 };
        var command = new Command("classification", "Relevance, partner countries, sectors, event types and amounts against the hand-labelled dev set.");
        foreach (var o in new Option[] { corpus, labelsOption, config, errors }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            if (CorpusOption.Existing(parse, corpus) is not { } corpusPath) return 2;
            IReadOnlyList<LabelledArticle> labels;
            ArticleAnalyzer analyzer;
            try
            {
                labels = ClassificationEvaluation.LoadLabels(parse.GetValue(labelsOption)!);
                analyzer = AnalyzerInput.Load(parse.GetValue(config)!);
            }
            catch (Exception e) when (e is FileNotFoundException or FormatException or ConfigException) { AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]"); return 2; }
            var analyses = await AnalyzerInput.AnalyseAsync(analyzer, corpusPath, labels.Select(l => l.Id).ToHashSet(StringComparer.Ordinal), ct);
            var score = ClassificationEvaluation.Score(analyses, labels);
            AnsiConsole.MarkupLineInterpolated($"Analysed {score.Articles} labelled articles ({score.Missing} missing from the corpus).");
            var table = new Table().Border(TableBorder.Rounded).AddColumns("", "precision", "recall", "F1", "target");
            void Row(string name, PrecisionRecall r, string target) =>
                table.AddRow(name, $"{r.Precision:0.000}", $"{r.Recall:0.000}", $"[bold]{r.F1:0.000}[/]", target);
            Row("relevance", score.Relevance, "F1 ≥ 0.92");
            Row("partner countries (micro)", score.Partners, "F1 ≥ 0.95");
            Row("sectors (micro)", score.Sectors, "F1 ≥ 0.85");
            Row("event types (micro)", score.Events, "F1 ≥ 0.80");
            table.AddRow("amounts (exact value and currency)", $"{score.Amounts.Precision:0.000}", $"[bold]{score.Amounts.Recall:0.000}[/]", $"{score.Amounts.F1:0.000}", "exact match (recall) ≥ 0.95");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine("Amounts: recall is the share of the labelled amounts found with their exact value and currency; the labels list only the cooperation's amounts, the analyser every amount, hence the precision.");
            AnsiConsole.MarkupLineInterpolated($"Tricky non-cooperation articles given a partner: {score.TrickyWithPartner} of {score.TrickyArticles}.");
            var list = new Table().Border(TableBorder.Rounded).Title("disagreements").AddColumns("article", "kind", "extra", "missing", "note");
            foreach (var e in score.Errors.Take(parse.GetValue(errors)))
                list.AddRow(Markup.Escape(e.Label.Id), e.Kind, Markup.Escape(string.Join(", ", e.Extra)), Markup.Escape(string.Join(", ", e.Missing)), Markup.Escape(e.Label.Note));
            AnsiConsole.Write(list);
            return 0;
        });
        return command;
    }

    /// <summary><c>newsmon eval dedup</c>: the deduplicator over the whole vi-news corpus, scored on the hand-labelled pairs.</summary>
    private static Command DedupEval()
    {
        var corpus = CorpusOption.Create("JSONL(.gz) of articles, deduplicated in file order.");
        var pairs = new Option<string>("--pairs") { Description = "Hand-labelled pairs (see tests/eval/dedup/README.md).", DefaultValueFactory = _ => "tests/eval/dedup/dev-pairs.jsonl" };
        var errors = new Option<int>("--errors") { Description = "How many wrongly judged pairs to list.", DefaultValueFactory = _ => 30 };
        var command = new Command("dedup", "Precision and recall of duplicates and of same-event clustering on the hand-labelled dev set.");
        command.Options.Add(corpus);
        command.Options.Add(pairs);
        command.Options.Add(errors);
        command.SetAction(async (parse, ct) =>
        {
            if (CorpusOption.Existing(parse, corpus) is not { } corpusPath) return 2;
            IReadOnlyList<LabelledPair> labelled;
            try { labelled = DedupEvaluation.LoadPairs(parse.GetValue(pairs)!); }
            catch (Exception e) when (e is FileNotFoundException or FormatException or System.Text.Json.JsonException) { AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]"); return 2; }
            var sw = Stopwatch.StartNew();
            var outputs = await DedupRun.RunAsync(corpusPath, ct);
            sw.Stop();
            var score = DedupEvaluation.Score(outputs, labelled);
            AnsiConsole.MarkupLineInterpolated($"Deduplicated {outputs.Count:N0} articles in {sw.Elapsed.TotalSeconds:0.0} s; scored {score.Pairs} labelled pairs ({score.Missing} with an article missing from the corpus).");
            AnsiConsole.MarkupLineInterpolated($"[bold]duplicate[/]   precision [bold]{score.DuplicatePrecision:0.000}[/]  recall [bold]{score.DuplicateRecall:0.000}[/]   (targets 0.99 and 0.98)");
            AnsiConsole.MarkupLineInterpolated($"[bold]same event[/]  precision [bold]{score.SameEventPrecision:0.000}[/]  recall [bold]{score.SameEventRecall:0.000}[/]   (targets 0.95 and 0.85; a pair is one event when labelled duplicate or same_story)");
            string[] classes = [DedupRelations.Duplicate, DedupRelations.SameStory, DedupEvaluation.Different];
            var matrix = new Table().Border(TableBorder.Rounded).Title("labelled (rows) × predicted (columns)").AddColumn("");
            foreach (var c in classes) matrix.AddColumn(new TableColumn(c).RightAligned());
            foreach (var row in classes) matrix.AddRow([row, .. classes.Select(col => score.Confusion.GetValueOrDefault((row, col)).ToString())]);
            AnsiConsole.Write(matrix);
            var list = new Table().Border(TableBorder.Rounded).Title("wrongly judged pairs").AddColumns("labelled", "predicted", "pair", "note");
            foreach (var e in score.Errors.Take(parse.GetValue(errors)))
                list.AddRow(Markup.Escape(e.Pair.Label + (e.Pair.Confidence == "low" ? " (low)" : "")), e.Predicted, Markup.Escape($"{e.Pair.A} {e.Pair.B}"), Markup.Escape(e.Pair.Note));
            AnsiConsole.Write(list);
            return 0;
        });
        return command;
    }
}
