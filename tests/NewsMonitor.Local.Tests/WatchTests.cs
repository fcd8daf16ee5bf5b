using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Domain;
using NewsMonitor.Local.Hosting;
using NewsMonitor.Pipeline;
using NewsMonitor.Ports;
using NewsMonitor.Stages;
using NewsMonitor.Tests;

namespace NewsMonitor.Local.Tests;

public sealed class WatchTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Watch_FiresFetchFeedsOnTheQuarterHour_AndTheDigestAtMidnightUtc()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 11, 1, 23, 44, 59, TimeSpan.Zero));
        var options = new LocalAppOptions
        {
            Sources = Path.Combine(RepoPaths.Samples, "sources.json"),
            Subscriptions = Path.Combine(RepoPaths.Samples, "subscriptions.json"),
            Config = RepoPaths.Config,
            Data = _dir.Path,
        };
        using var app = new LocalApp(options, clock);
        var fired = new List<string>();
        using var stop = new CancellationTokenSource();
        var watch = app.Pipeline.WatchAsync((name, _) => { lock (fired) fired.Add(name); }, stop.Token);

        async Task Until(Func<bool> condition)
        {
            for (int i = 0; i < 600 && !condition(); i++) await Task.Delay(50);
            Assert.True(condition());
        }

        await Until(() => { lock (fired) return fired.Contains("FetchFeeds (next)"); });
        Assert.Equal(0, app.Pipeline.Report.Count(OutcomeCodes.Queued));
        clock.Advance(TimeSpan.FromSeconds(1)); // 23:45:00: FetchFeeds is due
        await Until(() => app.Pipeline.Report.Count(OutcomeCodes.Stored) == 33);
        Assert.Equal(0, app.Pipeline.Report.Count(OutcomeCodes.DigestSent));

        clock.Advance(TimeSpan.FromMinutes(15)); // 00:00 UTC = 07:00 in Vietnam: FetchFeeds and DailyDigest are both due
        await Until(() => app.Pipeline.Report.Count(OutcomeCodes.DigestSent) >= 1);
        lock (fired) Assert.Contains("DailyDigest", fired);
        await stop.CancelAsync();
        await watch;
    }
}

public sealed class HostRecoveryTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private LocalAppOptions Options() => new()
    {
        Sources = Path.Combine(RepoPaths.Samples, "sources.json"),
        Subscriptions = Path.Combine(RepoPaths.Samples, "subscriptions.json"),
        Config = RepoPaths.Config,
        Data = _dir.Path,
        Host = new LocalHostOptions { RetryDelay = TimeSpan.FromMilliseconds(5) },
    };

    [Fact]
    public async Task RunAfterAnInterruptedRun_FinishesTheWorkLeftInTheBlobs()
    {
        using (var first = new LocalApp(Options(), TimeProvider.System)) await first.RunOnceAsync();
        // Simulate a run killed after FetchArticle wrote raw pages: drop the structured summaries and the index.
        foreach (var f in Directory.GetFiles(Path.Combine(_dir.Path, "blobs", "articles")).Take(5)) File.Delete(f);
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir.Path, "newsmonitor.db")}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "DELETE FROM summaries WHERE rowid IN (SELECT rowid FROM summaries LIMIT 3)";
            cmd.ExecuteNonQuery();
        }
        var outbox = Directory.GetFiles(Path.Combine(_dir.Path, "outbox")).Length;

        using var second = new LocalApp(Options(), TimeProvider.System);
        var report = await second.RunOnceAsync();
        Assert.Equal(33, Directory.GetFiles(Path.Combine(_dir.Path, "blobs", "articles")).Length);
        Assert.Equal(33, (await second.Store.QueryIndexedAsync(DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), relevantOnly: false)).Count);
        Assert.Empty(report.Failures);
        Assert.Equal(outbox, Directory.GetFiles(Path.Combine(_dir.Path, "outbox")).Length); // recovery sends nothing twice
    }

    private sealed class FailingBlobStore(IBlobStore inner) : IBlobStore
    {
        public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default) => inner.ReadAsync(path, cancellationToken);
        public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) => inner.ExistsAsync(path, cancellationToken);
        public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);
        public Task<bool> WriteAsync(string path, byte[] content, CancellationToken cancellationToken = default) =>
            path.Contains("articles/", StringComparison.Ordinal) ? throw new IOException("disk full") : inner.WriteAsync(path, content, cancellationToken);
    }

    /// <summary>Declares every output of the inner stage twice, as a redelivered message would.</summary>
    private sealed class TwiceStage<T>(IStage<T> inner) : IStage<T>
    {
        public string Name => inner.Name;

        public async Task<StageResult> HandleAsync(T input, CancellationToken cancellationToken = default)
        {
            var result = await inner.HandleAsync(input, cancellationToken);
            return result with { Outputs = [.. result.Outputs, .. result.Outputs] };
        }
    }

    [Fact]
    public async Task RawBlobWrittenTwice_IsKeptAndClassifiedOnce()
    {
        using var app = new LocalApp(Options(), TimeProvider.System);
        var stages = app.Pipeline.Stages with { FetchArticle = new TwiceStage<FetchArticleMessage>(app.Pipeline.Stages.FetchArticle) };
        var report = await new LocalPipeline(stages, app.Blobs, app.Store, new LocalHostOptions(), TimeProvider.System).RunOnceAsync();
        Assert.Equal(33, report.Count(OutcomeCodes.Fetched));
        // Each classification ends relevant or not relevant: a second trigger per raw blob would make 66.
        Assert.Equal(33, report.Count(StageGraph.Names.ClassifyArticle, OutcomeCodes.Relevant) + report.Count(StageGraph.Names.ClassifyArticle, OutcomeCodes.NotRelevant));
        Assert.Equal(33, report.Count(OutcomeCodes.Stored));
        Assert.Empty(report.Failures);
    }

    [Fact]
    public async Task OutputsThatCannotBeWritten_AreReportedAndTheRunFinishes()
    {
        using var app = new LocalApp(Options(), TimeProvider.System);
        var pipeline = new LocalPipeline(app.Pipeline.Stages, new FailingBlobStore(app.Blobs), app.Store, new LocalHostOptions { ConsumersPerQueue = 1 }, TimeProvider.System);
        var run = pipeline.RunOnceAsync();
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))));
        var report = await run;
        Assert.Equal(33, report.Failures.Count(f => f.Outcome.Code == OutcomeCodes.Poisoned && f.Outcome.Detail!.Contains("disk full")));
    }
}
