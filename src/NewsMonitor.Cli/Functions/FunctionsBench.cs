using System.Diagnostics;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NewsMonitor.Azure;
using NewsMonitor.Dedup;
using NewsMonitor.Domain;
using NewsMonitor.Functions.Protocol;
using NewsMonitor.Pipeline;
using NewsMonitor.Ports;

namespace NewsMonitor.Cli.Functions;

/// <summary>What <see cref="FunctionsBench"/> measured.</summary>
public sealed record FunctionsBenchResult(
    IReadOnlyList<ColdStartSample> Starts, int Articles, TimeSpan DrainTime, IReadOnlyDictionary<string, (int Count, TimeSpan Time)> Timings, long PackageBytes, ProcessorUse? Processor);

/// <summary>
/// Processor time spent during the throughput run: by the handler process, by newsmon playing the host, and by the
/// rest of the machine (the storage emulator, when it runs here), with the processors there are. The rest is known only
/// where /proc/stat is (Linux).
/// </summary>
public sealed record ProcessorUse(TimeSpan Handler, TimeSpan Harness, TimeSpan? Rest, int Processors);

/// <summary>
/// Benchmarks of the packaged handler against a storage account (Azurite): cold starts (process start to the first
/// answer on <c>GET /</c>, and to the first completed <c>ClassifyArticle</c>), and throughput from raw blob to stored
/// summary with the host played by <see cref="FunctionsHostSimulator"/> on one handler process.
/// </summary>
public static class FunctionsBench
{
    public static async Task<FunctionsBenchResult> RunAsync(string package, string storage, string samplesSources, string corpus, int starts, int articles, Action<string> progress, CancellationToken cancellationToken)
    {
        // Distinct articles, as a day of news is: the vi-news corpus, each article laid out as a page.
        var texts = await Commands.BenchCommand.ReadCorpusAsync(corpus, articles + starts, cancellationToken);
        if (texts.Count < articles + starts) throw new InvalidOperationException($"{corpus} holds {texts.Count} articles; {articles + starts} are needed");
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage,
            ["AcsEmail__Endpoint"] = "https://newsmonitor-bench.communication.azure.com",
            ["AcsEmail__SenderAddress"] = "DoNotReply@newsmonitor.example",
            ["NewsMonitor__Tokens__Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["NewsMonitor__Sources"] = Path.GetFullPath(samplesSources),
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("AzureWebJobsStorage", storage)]).Build();
        await using var provider = new ServiceCollection().AddAzureStorage(configuration).BuildServiceProvider();
        var blobs = provider.GetRequiredService<IBlobStore>();
        var queues = provider.GetRequiredService<QueueServiceClient>();
        var blobEndpoint = provider.GetRequiredService<global::Azure.Storage.Blobs.BlobServiceClient>().Uri;

        // One handler process: the samples once (warm-up, and the raw pages the variants are made from), then the variants.
        progress("starting the handler and running the samples through it");
        var (process, http) = await StartAsync(package, environment, cancellationToken);
        FunctionsHostSimulator host;
        var watch = new Stopwatch();
        ProcessorUse? processor = null;
        try
        {
            host = new FunctionsHostSimulator(http, queues, blobs, blobEndpoint, package);
            await host.CreateQueuesAsync();
            await host.FireTimerAsync(StageGraph.Names.FetchFeeds);
            await host.DrainAsync(TimeSpan.FromMinutes(10));
            var raws = new List<RawArticle>();
            await foreach (var path in blobs.ListAsync(StageGraph.Containers.Raw + "/", cancellationToken))
                raws.Add(Json.Read<RawArticle>((await blobs.ReadAsync(path, cancellationToken))!, path));
            if (raws.Count == 0) throw new InvalidOperationException("the samples produced no raw pages: is NewsMonitor__Sources right?");

            progress($"writing {articles} raw pages (vi-news corpus articles laid out as pages) and draining");
            host.Timings.Clear();
            var before = ProcessorClock.Read(process);
            watch.Start();
            for (int i = 0; i < articles; i++)
            {
                var page = Page(raws[0], texts[i]);
                if (!await blobs.WriteAsync(StageGraph.RawBlobPath(page.Id), Json.ToUtf8(page), cancellationToken))
                    throw new InvalidOperationException("the storage account already holds the benchmark's pages, so nothing would be measured: use a fresh account (restart Azurite)");
            }
            await host.DrainAsync(TimeSpan.FromMinutes(30));
            watch.Stop();
            processor = ProcessorClock.Read(process).Since(before);
        }
        finally { await StopAsync(process, http); }
        var timings = new Dictionary<string, (int, TimeSpan)>(host.Timings);

        // Cold starts: a fresh process each time, ready, then one ClassifyArticle on a page it has not seen.
        var samples = new List<ColdStartSample>();
        var template = (await FirstRawAsync(blobs, cancellationToken))!;
        for (int i = 0; i < starts; i++)
        {
            progress($"cold start {i + 1} of {starts}");
            var page = Page(template, texts[articles + i]);
            var envelope = HostEnvelope.Blob(StageGraph.Names.ClassifyArticle, page.Id + ".json", Json.ToUtf8(page), $"{blobEndpoint.ToString().TrimEnd('/')}/raw/{page.Id}.json");
            samples.Add(await ColdStart.MeasureAsync(package, environment, async (client, baseUri) =>
            {
                using var response = await client.PostAsync(new Uri(baseUri, StageGraph.Names.ClassifyArticle), HostEnvelope.Body(envelope), cancellationToken);
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"ClassifyArticle answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }, cancellationToken));
        }
        long size = Directory.GetFiles(package, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        return new FunctionsBenchResult(samples, articles, watch.Elapsed, timings, size, processor);
    }

    /// <summary>A corpus article as a fetched page: headline and paragraphs in an article layout, at a URL of its own.</summary>
    private static RawArticle Page(RawArticle template, Commands.BenchCommand.CorpusArticle article)
    {
        var url = $"https://bench.example/{Uri.EscapeDataString(article.Id)}.html";
        var id = UrlCanonicalizer.ArticleId(UrlCanonicalizer.Canonicalize(new Uri(url)));
        var title = System.Net.WebUtility.HtmlEncode(article.Title ?? "");
        var paragraphs = string.Concat(article.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => $"<p>{System.Net.WebUtility.HtmlEncode(p)}</p>\n"));
        var html = $"<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><header><nav><a href=\"/\">Trang chủ</a></nav></header><article class=\"detail\"><h1>{title}</h1>\n{paragraphs}</article><footer>Bench</footer></body></html>";
        return template with { Id = id, Url = url, Html = html, FeedTitle = article.Title };
    }

    private static async Task<RawArticle?> FirstRawAsync(IBlobStore blobs, CancellationToken cancellationToken)
    {
        await foreach (var path in blobs.ListAsync(StageGraph.Containers.Raw + "/", cancellationToken))
            return Json.Read<RawArticle>((await blobs.ReadAsync(path, cancellationToken))!, path);
        return null;
    }

    private static async Task<(Process, HttpClient)> StartAsync(string package, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var quiet = new Dictionary<string, string>(environment) { ["Logging__LogLevel__Default"] = "Warning" };
        var process = HandlerProcess.Start(package, quiet, out var baseUri);
        var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        try
        {
            while (true)
            {
                try { using var _ = await http.GetAsync("/", cancellationToken); return (process, http); }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited) { await Task.Delay(10, cancellationToken); }
            }
        }
        catch
        {
            await StopAsync(process, http); // never leave a handler process behind
            throw;
        }
    }

    private static async Task StopAsync(Process process, HttpClient http)
    {
        http.Dispose();
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>Processor time of the handler, of this process and of the whole machine at one moment.</summary>
    private sealed record ProcessorClock(TimeSpan Handler, TimeSpan Harness, TimeSpan? Machine)
    {
        public static ProcessorClock Read(Process handler)
        {
            handler.Refresh();
            using var self = Process.GetCurrentProcess();
            return new ProcessorClock(handler.TotalProcessorTime, self.TotalProcessorTime, MachineBusy());
        }

        public ProcessorUse Since(ProcessorClock start)
        {
            var handler = Handler - start.Handler;
            var harness = Harness - start.Harness;
            var rest = Machine - start.Machine - handler - harness;
            return new ProcessorUse(handler, harness, rest < TimeSpan.Zero ? TimeSpan.Zero : rest, Environment.ProcessorCount);
        }

        /// <summary>Busy time of all processors since boot (the first line of /proc/stat, in clock ticks of 10 ms); null elsewhere.</summary>
        private static TimeSpan? MachineBusy()
        {
            try
            {
                var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // cpu user nice system idle iowait irq softirq steal …: busy is all but idle and iowait.
                long busy = fields.Skip(1).Take(8).Select((f, i) => i is 3 or 4 ? 0 : long.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).Sum();
                return TimeSpan.FromMilliseconds(busy * 10);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
            {
                return null;
            }
        }
    }
}
