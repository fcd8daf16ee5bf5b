using System.CommandLine;
using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NewsMonitor.Cli.Dedup;
using NewsMonitor.Dedup;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// <c>newsmon bench dedup</c>: signature computation (BenchmarkDotNet, against baselines in the same run), then the
/// index's insert-and-query cost per article at 10,000 and at 1,000,000 indexed articles with synthetic articles made
/// from the corpus, and the index's bytes per article.
/// </summary>
internal static class BenchDedupCommand
{
    public static Command Create()
    {
        var corpus = new Option<string>("--corpus") { Description = "JSONL(.gz) with id, title, body.", DefaultValueFactory = _ => "../shared/eval/vi-news/corpus.jsonl.gz" };
        var articles = new Option<int>("--articles") { Description = "Index size for the scale measure (the cost is measured just after 1% of it and just after all of it).", DefaultValueFactory = _ => 1_000_000 };
        var skipSignature = new Option<bool>("--skip-signature") { Description = "Skip the BenchmarkDotNet signature benchmark." };
        var quick = new Option<bool>("--quick") { Description = "A short BenchmarkDotNet run (fewer iterations; for a smoke test, not for figures)." };
        var command = new Command("dedup", "Signature speed against baselines, index cost per article from 1% to 100% of --articles, and bytes per article.");
        command.Options.Add(corpus);
        command.Options.Add(articles);
        command.Options.Add(skipSignature);
        command.Options.Add(quick);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(corpus)!;
            if (!File.Exists(path)) { AnsiConsole.MarkupLineInterpolated($"[red]Corpus not found:[/] {path}"); return 2; }
            int size = parse.GetValue(articles);
            if (size < 1000) { AnsiConsole.MarkupLine("[red]--articles must be at least 1,000.[/]"); return 2; }
            var bodies = new List<string>();
            await foreach (var line in JsonlArticles.ReadAsync(path, ct))
                if (line.Article is { } a) bodies.Add(a.Body);
            if (bodies.Count == 0) { AnsiConsole.MarkupLineInterpolated($"[red]No articles in {path}.[/]"); return 2; }

            if (!parse.GetValue(skipSignature)) RunSignatureBenchmark(bodies, parse.GetValue(quick));
            RunScale(bodies, size);
            return 0;
        });
        return command;
    }

    private static void RunSignatureBenchmark(List<string> bodies, bool quick)
    {
        var step = Math.Max(1, bodies.Count / SignatureBenchmarks.Batch);
        SignatureBenchmarks.Texts = Enumerable.Range(0, SignatureBenchmarks.Batch).Select(i => bodies[i * step % bodies.Count]).ToArray();
        var job = (quick ? Job.Dry.WithIterationCount(1) : Job.Default.WithWarmupCount(3).WithIterationCount(10)).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty().AddJob(job).AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance)
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.DisableLogFile)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "newsmon-bench"));
        var summary = BenchmarkRunner.Run<SignatureBenchmarks>(config);
        var ours = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(SignatureBenchmarks.Fingerprint));
        if (ours?.ResultStatistics is { } stats)
            AnsiConsole.MarkupLineInterpolated($"[bold]Signatures: {1e9 / stats.Mean:N0} articles per second on one core[/] (mean {stats.Mean / 1000:0.0} µs per article over {SignatureBenchmarks.Batch} corpus articles, {SignatureBenchmarks.Texts.Average(t => t.Length):N0} characters on average).");
    }

    /// <summary>
    /// Builds a batch deduplicator of <paramref name="size"/> synthetic articles and times Add (candidates, the rule,
    /// insertion) for the 10,000 articles after 1% of it and after all of it. Fingerprints are computed beforehand, so only
    /// the index is timed; the arrays are sized up front, so no window includes a resize (growth is timed apart).
    /// </summary>
    private static void RunScale(List<string> bodies, int size)
    {
        const int Window = 10_000;
        int small = Math.Max(Window, size / 100);
        var synthetic = new SyntheticArticles(bodies);
        AnsiConsole.MarkupLineInterpolated($"Fingerprinting {size + Window:N0} synthetic articles (corpus articles with 40% of words replaced at random)…");
        var fingerprints = new TextFingerprint[size + Window];
        Parallel.For(0, fingerprints.Length, i => fingerprints[i] = Fingerprints.Compute(synthetic.Text(i)));

        GC.Collect();
        long before = GC.GetTotalMemory(true);
        var batch = new DedupBatch(new DedupRule(), size + Window);
        var windows = new List<(int At, double MicrosPerArticle)>();
        var sw = new Stopwatch();
        int joined = 0;
        for (int i = 0; i < fingerprints.Length; i++)
        {
            bool timed = i >= small && i < small + Window || i >= size;
            if (timed) sw.Start();
            var result = batch.Add(new DedupInput(SyntheticArticles.Id(i), null, ""), fingerprints[i]);
            if (timed) sw.Stop();
            if (result.Relation is not null) joined++;
            if (i == small + Window - 1 || i == size + Window - 1)
            {
                windows.Add((i + 1 - Window, sw.Elapsed.TotalMicroseconds / Window));
                sw.Reset();
            }
        }
        long after = GC.GetTotalMemory(true);
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]bench dedup: index cost per article, one thread[/]")
            .AddColumn("Indexed articles").AddColumn(new TableColumn("µs per article (candidates + rule + insert)").RightAligned()).AddColumn(new TableColumn("÷ at " + windows[0].At.ToString("N0")).RightAligned());
        foreach (var (at, micros) in windows) table.AddRow($"{at:N0}", $"{micros:0.00}", $"{micros / windows[0].MicrosPerArticle:0.00}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Index: [bold]{batch.Index.BytesPerArticle:N0} bytes per article[/] at {batch.Index.Count:N0} articles (its arrays); the whole batch deduplicator with its ids held {(after - before) / (double)batch.Index.Count:N0} bytes per article on the managed heap. {joined:N0} articles joined a story.");

        var growth = Stopwatch.StartNew();
        var grown = new DedupBatch(new DedupRule(), 1024);
        for (int i = 0; i < Math.Min(fingerprints.Length, small * 10); i++) grown.Add(new DedupInput(SyntheticArticles.Id(i), null, ""), fingerprints[i]);
        growth.Stop();
        AnsiConsole.MarkupLineInterpolated($"Without sizing up front (the arrays and band table grow by half when full): {growth.Elapsed.TotalMicroseconds / Math.Min(fingerprints.Length, small * 10):0.00} µs per article over {Math.Min(fingerprints.Length, small * 10):N0}, growth included.");
    }
}
