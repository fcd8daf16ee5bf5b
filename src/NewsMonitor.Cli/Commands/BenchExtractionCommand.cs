using System.CommandLine;
using System.Diagnostics;
using System.Text;
using NewsMonitor.Evaluation;
using NewsMonitor.Extraction;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// <c>newsmon bench extraction</c>: pages per second on one thread over the 181 benchmark pages (parse, extract,
/// normalise), against two baselines timed in the same run — parsing alone, and the whole-page text of a common
/// parser (HtmlAgilityPack) — and bytes allocated per page against the page's size.
/// </summary>
internal static class BenchExtractionCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "The benchmark folder (ground-truth.json and html/).", DefaultValueFactory = _ => "../shared/eval/article-extraction" };
        var passes = new Option<int>("--passes") { Description = "Timed passes over all pages, after one warm-up pass; the three measures alternate pass by pass.", DefaultValueFactory = _ => 10 };
        var command = new Command("extraction", "Extraction speed on one thread, with baselines from the same run, and allocation per page.");
        command.Options.Add(data);
        command.Options.Add(passes);
        command.SetAction(parse =>
        {
            IReadOnlyList<ExtractionCase> cases;
            try { cases = ExtractionEvaluation.LoadBenchmark(parse.GetValue(data)!); }
            catch (FileNotFoundException e) { AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]"); return 2; }
            int n = Math.Max(1, parse.GetValue(passes));
            var extractor = new ArticleExtractor();
            var measures = new (string Name, Action<string> Run, Stopwatch Time)[]
            {
                ("newsmonitor: parse + extract + normalise", html => extractor.Extract(html), new Stopwatch()),
                ("baseline: parse only (HtmlPage)", html => HtmlPage.Parse(html), new Stopwatch()),
                ("baseline: whole-page text (HtmlAgilityPack)", html => WholePageBaseline.Extract(html), new Stopwatch()),
            };
            foreach (var m in measures) foreach (var c in cases) m.Run(c.Html); // warm-up: JIT, caches
            // Alternating passes spread machine noise (other processes, frequency changes) over all three measures.
            for (int pass = 0; pass < n; pass++)
                foreach (var m in measures)
                {
                    m.Time.Start();
                    foreach (var c in cases) m.Run(c.Html);
                    m.Time.Stop();
                }

            double PagesPerSecond(Stopwatch time) => n * cases.Count / time.Elapsed.TotalSeconds;
            double ours = PagesPerSecond(measures[0].Time);
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]bench extraction: {cases.Count} pages × {n} passes, one thread[/]")
                .AddColumn("Measure").AddColumn(new TableColumn("pages/s").RightAligned()).AddColumn(new TableColumn("newsmonitor ÷ this").RightAligned());
            foreach (var m in measures)
            {
                double speed = PagesPerSecond(m.Time);
                table.AddRow(Markup.Escape(m.Name), $"{speed:N0}", $"{ours / speed:0.00}");
            }
            AnsiConsole.Write(table);

            // Bytes allocated while extracting one page, against the page as .NET holds it (UTF-16) and as served (UTF-8).
            var utf16 = new List<double>();
            var utf8 = new List<double>();
            foreach (var c in cases)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                extractor.Extract(c.Html);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                utf16.Add(allocated / (c.Html.Length * 2.0));
                utf8.Add(allocated / (double)Encoding.UTF8.GetByteCount(c.Html));
            }
            utf16.Sort();
            utf8.Sort();
            static string Summary(List<double> r) => $"median {r[r.Count / 2]:0.0}×, 90th percentile {r[(int)(r.Count * 0.9)]:0.0}×, max {r[^1]:0.0}×";
            AnsiConsole.MarkupLineInterpolated($"allocated per page / page size in UTF-16: {Summary(utf16)}");
            AnsiConsole.MarkupLineInterpolated($"allocated per page / page size in UTF-8:  {Summary(utf8)}");
            return 0;
        });
        return command;
    }
}
