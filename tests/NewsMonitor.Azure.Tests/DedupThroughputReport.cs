using System.Diagnostics;
using Azure.Core;
using Azure.Data.Tables;
using NewsMonitor.Azure.Storage;
using NewsMonitor.Dedup;
using NewsMonitor.Tests;
using Xunit.Abstractions;

namespace NewsMonitor.Azure.Tests;

/// <summary>
/// Reports (asserts nothing about time) the dedup index's sequential throughput on Tables over a fresh Azurite:
/// assignments per second and HTTP requests per assignment. 30 articles by default; set
/// <c>NEWSMON_DEDUP_BENCH=300</c> for the full measurement, e.g.
/// <c>NEWSMON_DEDUP_BENCH=300 dotnet test tests/NewsMonitor.Azure.Tests --filter DedupThroughputReport --logger "console;verbosity=detailed"</c>.
/// Texts are vi-news corpus articles (../shared/eval/vi-news/corpus.jsonl.gz) when present, else variations of the seeds.
/// </summary>
public sealed class DedupThroughputReport(ITestOutputHelper output)
{
    [Fact]
    public async Task AssignSequentially_ReportsAssignmentsPerSecondAndRequestsPerAssignment()
    {
        int n = int.TryParse(Environment.GetEnvironmentVariable("NEWSMON_DEDUP_BENCH"), out var count) && count > 0 ? count : 30;
        var texts = Texts(n);
        var seenAt = new DateTimeOffset(2025, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var fingerprints = texts.Select((text, i) => Fingerprints.Compute(text).For($"bench-{i:d5}", "corpus", $"https://corpus/{i}", "Bench " + i, seenAt.AddSeconds(i))).ToList();

        await using var azurite = await Azurite.StartAsync();
        var counter = new RequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        using var store = new AzureTableStore(new TableServiceClient(azurite.ConnectionString, options), "bench");
        var rule = new DedupRule();
        // Warm up: tables created, connections open; not counted.
        var warm = fingerprints[0] with { ArticleId = "warm-up" };
        await store.AssignAsync(warm, c => rule.Decide(warm, c));

        counter.Reset();
        int joined = 0;
        var clock = Stopwatch.StartNew();
        foreach (var f in fingerprints)
            if (!(await store.AssignAsync(f, c => rule.Decide(f, c))).Representative) joined++;
        clock.Stop();

        output.WriteLine($"dedup on Tables over Azurite: {n} assignments in {clock.Elapsed.TotalSeconds:F2} s = {n / clock.Elapsed.TotalSeconds:F1}/s, " +
                         $"{clock.Elapsed.TotalMilliseconds / n:F1} ms each, {(double)counter.Count / n:F1} requests per assignment ({joined} joined a cluster)");
        Assert.Equal(n, fingerprints.Count);
    }

    private static List<string> Texts(int n)
    {
        var texts = File.Exists(CorpusSample.Path) ? CorpusSample.Bodies(n).Where(b => b.Length > 0).ToList() : [];
        var seeds = Directory.GetFiles(RepoPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        for (int i = texts.Count; i < n; i++)
            texts.Add($"Bản tin số {i} ngày {i % 28 + 1}. " + string.Join(' ', seeds[i % seeds.Count].Split(' ').Skip(i % 50).Take(200)));
        return texts;
    }
}
