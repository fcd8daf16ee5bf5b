using NewsMonitor.Cli.Functions;
using NewsMonitor.Functions.Protocol;
using Azure.Storage.Queues;
using MimeKit;
using NewsMonitor.Config;
using NewsMonitor.Domain;
using NewsMonitor.Pipeline;
using NewsMonitor.Tests;

namespace NewsMonitor.Functions.Tests;

/// <summary>
/// The samples from the timer to the delivered alerts and digest, with the simulated host moving every message through
/// real Azurite queues, and the handler keeping its state in Azurite Tables and its blobs in Azurite Blob storage
/// through the app's own Azure adapters (a fresh Azurite per test).
/// </summary>
public sealed class HostOverAzuriteTests : IAsyncLifetime, IDisposable
{
    private Azurite _azurite = null!;
    private HandlerFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _factory = new HandlerFactory(_azurite.ConnectionString);
        _client = _factory.CreateClient();
        var gazetteer = Gazetteer.Load(Path.Combine(RepoPaths.Config, "gazetteer"));
        var taxonomy = Taxonomy.Load(Path.Combine(RepoPaths.Config, "taxonomy.json"));
        foreach (var s in SubscriptionsConfig.Load(Path.Combine(RepoPaths.Samples, "subscriptions.json"), taxonomy, gazetteer)) await _factory.Subscriptions.UpsertAsync(s);
    }

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    private FunctionsHostSimulator Host(bool twice = false) =>
        new(_client, new QueueServiceClient(_azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }), _factory.Blobs, _azurite.BlobEndpoint,
            Path.Combine(RepoPaths.Root, "src", "NewsMonitor.Functions", "functions"))
        { DeliverTwice = twice, VisibilityTimeout = TimeSpan.FromSeconds(5) };

    private string[] Emails() => Directory.Exists(Path.Combine(_factory.Folder, "outbox")) ? Directory.GetFiles(Path.Combine(_factory.Folder, "outbox"), "*.eml") : [];

    [Fact]
    public async Task Samples_FromTheTimerToAlertsAndDigest_EveryMessageDeliveredTwice_ChangesNothing()
    {
        var host = Host(twice: true);
        await host.CreateQueuesAsync();
        await host.FireTimerAsync(StageGraph.Names.FetchFeeds);
        await host.DrainAsync();

        Assert.IsNotType<NewsMonitor.Local.Storage.FileBlobStore>(_factory.Blobs); // the Azure adapter, on Azurite
        var summaries = new List<StructuredSummary>();
        await foreach (var path in _factory.Blobs.ListAsync("articles/")) summaries.Add(Json.Read<StructuredSummary>((await _factory.Blobs.ReadAsync(path))!, path));
        Assert.Equal(33, summaries.Count);
        Assert.DoesNotContain(host.Logs, l => l.Contains(OutcomeCodes.Poisoned, StringComparison.Ordinal));

        var alerts = Emails().Select(f => MimeMessage.Load(f)).Where(m => m.To.ToString().Contains("lan.nguyen@example.vn", StringComparison.Ordinal)).ToList();
        var stories = summaries.Where(s => s.Relevant && s.Sectors.Any(x => x.Id == "health") && s.PartnerCountries.Any(c => c.Code == "GB")).Select(s => s.Cluster.Id).Distinct().Count();
        Assert.Equal(stories, alerts.Count); // one alert per story, although every message came twice

        // 07:00 in Vietnam the next morning: 00:00 UTC.
        int before = Emails().Length;
        var digestTime = new DateTimeOffset(2025, 11, 2, 0, 0, 0, TimeSpan.Zero);
        _factory.Clock.SetUtcNow(digestTime.AddSeconds(2));
        await host.FireTimerAsync(StageGraph.Names.DailyDigest, digestTime);
        await host.DrainAsync();
        var digests = Emails().Length - before;
        Assert.True(digests >= 1, "the daily digest was not sent");

        // The same timers again: every URL is seen, every delivery recorded.
        int after = Emails().Length;
        await host.FireTimerAsync(StageGraph.Names.FetchFeeds);
        await host.FireTimerAsync(StageGraph.Names.DailyDigest, digestTime);
        await host.DrainAsync();
        Assert.Equal(after, Emails().Length);
        foreach (var queue in new[] { StageGraph.Queues.FetchArticle, StageGraph.Queues.StoreSummary, StageGraph.Queues.MatchAlerts, StageGraph.Queues.DeliverAlert, StageGraph.Queues.DeliverDigest })
            Assert.Equal(0, await host.CountAsync(queue + "-poison"));
    }

    [Fact]
    public async Task MessageThatAlwaysFails_EndsInThePoisonQueue_AfterMaxDequeueCountDeliveries()
    {
        var host = Host();
        await host.CreateQueuesAsync();
        var queues = new QueueServiceClient(_azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queues.GetQueueClient(StageGraph.Queues.FetchArticle).SendMessageAsync("""{"id":"x"}""");
        await host.DrainAsync();

        Assert.Equal(1, await host.CountAsync(StageGraph.Queues.FetchArticle + "-poison"));
        Assert.Equal(0, await host.CountAsync(StageGraph.Queues.FetchArticle));
        Assert.Equal(5, host.Logs.Count(l => l.StartsWith("FetchArticle", StringComparison.Ordinal)));
        Assert.Contains(host.Logs, l => l.Contains(OutcomeCodes.Poisoned, StringComparison.Ordinal) && l.Contains("missing url", StringComparison.Ordinal));

        // Once the cause is fixed, `poison replay` sends it back to its queue, where the host picks it up again.
        Assert.Equal(1, await new NewsMonitor.Azure.Queues.PoisonQueues(queues).ReplayAsync(StageGraph.Queues.FetchArticle, max: 10));
        Assert.Equal(0, await host.CountAsync(StageGraph.Queues.FetchArticle + "-poison"));
        Assert.Equal(1, await host.CountAsync(StageGraph.Queues.FetchArticle));
    }
}
