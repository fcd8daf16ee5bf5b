using System.CommandLine;
using System.Diagnostics;
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
        var corpus = CorpusOption.Create("JSONL(.gz) with id, title, body.");
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
            if (CorpusOption.Existing(parse, corpus) is not { } path) return 2;
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
        var means = InProcessBenchmarks.RunAll<SignatureBenchmarks>(quick);
        if (means.TryGetValue(nameof(SignatureBenchmarks.Fingerprint), out var mean))
            AnsiConsole.MarkupLineInterpolated($"[bold]Signatures: {1e9 / mean:N0} articles per second on one core[/] (mean {mean / 1000:0.0} µs per article over {SignatureBenchmarks.Batch} corpus articles, {SignatureBenchmarks.Texts.Average(t => t.Length):N0} characters on average).");
        if (means.TryGetValue(nameof(SignatureBenchmarks.StoryVector), out var story))
            AnsiConsole.MarkupLineInterpolated($"[bold]Story vectors: {1e9 / story:N0} articles per second on one core[/] (mean {story / 1000:0.0} µs); signature and story vector together: {1e9 / (mean + story):N0} per second.");
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

        // The index alone (candidates and insertion, no rule, no ids), at the same load factor at both sizes: an index
        // holding N articles times the same W insertions again and again, undoing them each time.
        IndexCost(fingerprints, IndexWindow, IndexWindow, IndexRepeats); // warm-up: the code tiered up before either size is timed
        var indexCost = new[] { small, size }.Select(n => (At: n, Micros: IndexCost(fingerprints, n, IndexWindow, IndexRepeats))).ToList();

        // The batch with story clustering: each article published 1/10,000 of a day after the one before (about what
        // Vietnam's outlets publish together), so the story index holds the last window's articles only. Story vectors
        // (3 KB each) are not kept for all: those of the timed windows are made beforehand, the others untimed on the way.
        var timed = Enumerable.Range(small, Window).Concat(Enumerable.Range(size, Window)).Distinct().ToArray();
        var stories = new Dictionary<int, StoryVector?>();
        foreach (var i in timed) stories[i] = StoryVectors.Compute(null, synthetic.Text(i));
        var published = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        GC.Collect();
        long before = GC.GetTotalMemory(true);
        using var batch = new DedupBatch(new DedupRule(), size + Window);
        int joined = 0;
        var batchWindows = TimeWindows(fingerprints.Length, small, size, Window, i =>
        {
            var story = stories.TryGetValue(i, out var made) ? made : StoryVectors.Compute(null, synthetic.Text(i));
            var article = new DedupInput(SyntheticArticles.Id(i), null, "", Published: published.AddTicks(TimeSpan.TicksPerDay / ArticlesPerDay * i));
            if (batch.Add(article, fingerprints[i], story).Relation is not null) joined++;
        });
        long after = GC.GetTotalMemory(true);
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]bench dedup: cost per article, one thread[/]")
            .AddColumn("Indexed articles")
            .AddColumn(new TableColumn($"index: candidates + insert, {IndexWindow:N0} × {IndexRepeats} (µs)").RightAligned()).AddColumn(new TableColumn("÷ first").RightAligned())
            .AddColumn(new TableColumn($"newsmon dedup in one pass sized for the file: next {Window:N0} (µs)").RightAligned()).AddColumn(new TableColumn("÷ first").RightAligned());
        for (int w = 0; w < indexCost.Count; w++)
            table.AddRow($"{indexCost[w].At:N0}", $"{indexCost[w].Micros:0.00}", $"{indexCost[w].Micros / indexCost[0].Micros:0.00}",
                $"{batchWindows[w].Micros:0.00}", $"{batchWindows[w].Micros / batchWindows[0].Micros:0.00}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Index: [bold]{batch.Index.BytesPerArticle:N0} bytes per article[/] at {batch.Index.Count:N0} articles (its arrays); the story index held {batch.Stories.Entries:N0} keys (the last one or two {DedupRule.StoryWindow.TotalDays:0}-day windows, {batch.Stories.Entries / StoryVectors.KeyCount:N0} articles at most); the whole batch deduplicator with its ids held {(after - before) / (double)batch.Index.Count:N0} bytes per article on the managed heap. {joined:N0} articles joined a story.");

        var growth = Stopwatch.StartNew();
        using var grown = new DedupBatch(new DedupRule(), 1024);
        for (int i = 0; i < Math.Min(fingerprints.Length, small * 10); i++) grown.Add(new DedupInput(SyntheticArticles.Id(i), null, ""), fingerprints[i]);
        growth.Stop();
        AnsiConsole.MarkupLineInterpolated($"Without sizing up front (the arrays and band table grow by half when full): {growth.Elapsed.TotalMicroseconds / Math.Min(fingerprints.Length, small * 10):0.00} µs per article over {Math.Min(fingerprints.Length, small * 10):N0}, growth included.");
    }

    private const int IndexWindow = 1000, IndexRepeats = 20;

    /// <summary>Synthetic articles published per day, for the story window.</summary>
    private const int ArticlesPerDay = 10_000;

    /// <summary>Microseconds per article of candidates + insertion into an index holding <paramref name="n"/> articles, its band table at the same load whatever <paramref name="n"/>.</summary>
    private static double IndexCost(TextFingerprint[] fingerprints, int n, int window, int repeats)
    {
        var index = new LshIndex((n + window) * 4 / 3); // the band table ends the window about 56% full at any n: no growth inside it
        var found = new List<int>();
        void Step(int i)
        {
            found.Clear();
            var anchors = Fingerprints.Anchors(fingerprints[i].Shingles);
            index.Candidates(fingerprints[i].Signature, anchors, found);
            index.Add(fingerprints[i].Signature, Fingerprints.ContentHashPrefix(fingerprints[i].ContentHash), fingerprints[i].ShingleCount, fingerprints[i].Dates, anchors, index.Count, searchable: true);
        }
        for (int i = 0; i < n; i++) Step(i);
        var sw = new Stopwatch();
        for (int r = 0; r < repeats; r++)
        {
            sw.Start();
            for (int i = n; i < n + window; i++) Step(i);
            sw.Stop();
            index.Truncate(n);
        }
        return sw.Elapsed.TotalMicroseconds / (window * (double)repeats);
    }

    /// <summary>Runs <paramref name="step"/> for every article in order, timing the <paramref name="window"/> articles after <paramref name="small"/> and after <paramref name="size"/>.</summary>
    private static List<(int At, double Micros)> TimeWindows(int count, int small, int size, int window, Action<int> step)
    {
        var windows = new List<(int At, double Micros)>();
        var sw = new Stopwatch();
        for (int i = 0; i < count; i++)
        {
            bool timed = i >= small && i < small + window || i >= size;
            if (timed) sw.Start();
            step(i);
            if (timed) sw.Stop();
            if (i == small + window - 1 || i == size + window - 1)
            {
                windows.Add((i + 1 - window, sw.Elapsed.TotalMicroseconds / window));
                sw.Reset();
            }
        }
        return windows;
    }
}
