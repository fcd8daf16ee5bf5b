using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Analysis;
using NewsMonitor.Azure.Email;
using NewsMonitor.Config;
using NewsMonitor.Dedup;
using NewsMonitor.Digest;
using NewsMonitor.Domain;
using NewsMonitor.Extraction;
using NewsMonitor.Local.Storage;
using NewsMonitor.Pipeline;
using NewsMonitor.Stages;
using NewsMonitor.Tests;

namespace NewsMonitor.Azure.Tests;

/// <summary>DeliverAlert with the ACS sender against the service double: the ledger key becomes the Operation-Id.</summary>
public sealed class AcsDeliveryTests : IAsyncLifetime
{
    private static readonly Taxonomy Taxonomy = Taxonomy.Load(Path.Combine(RepoPaths.Config, "taxonomy.json"));
    private static readonly ArticleAnalyzer Analyzer = new(Taxonomy, Gazetteer.Load(Path.Combine(RepoPaths.Config, "gazetteer")));

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nm-acs-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 11, 1, 1, 0, 0, TimeSpan.Zero));
    private FakeEmailService _service = null!;
    private SqliteStore _store = null!;
    private FileBlobStore _blobs = null!;

    public async Task InitializeAsync()
    {
        _service = await FakeEmailService.StartAsync();
        Directory.CreateDirectory(_folder);
        _store = new SqliteStore(Path.Combine(_folder, "db.sqlite"));
        _blobs = new FileBlobStore(Path.Combine(_folder, "blobs"));
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<StructuredSummary> StoreRelevantSummary()
    {
        var html = File.ReadAllText(Directory.GetFiles(Path.Combine(RepoPaths.Samples, "mirror", "baochinhphu.vn"), "*hoa-ky*").Single());
        var url = "https://baochinhphu.vn/us.htm";
        var raw = new RawArticle(UrlCanonicalizer.ArticleId(url), url, "src", "Báo Chính phủ", _clock.GetUtcNow(), 200, new Dictionary<string, string>(), "utf-8", html);
        var result = await new ClassifyArticleStage(new ArticleExtractor(), Analyzer, _store, _store, new DedupRule(), new ClassifyOptions(), _clock).HandleAsync(raw);
        var blob = result.Outputs.OfType<BlobOutput>().Single();
        await _blobs.WriteAsync(blob.Path, blob.Content);
        var summary = Json.Read<StructuredSummary>(blob.Content, "summary");
        await new StoreSummaryStage(_blobs, _store, _clock).HandleAsync(new ArticleClassifiedMessage(summary.Id, summary.Cluster.Id, true));
        return summary;
    }

    private DeliverAlertStage Deliver() =>
        new(_blobs, _store, _store, new AcsEmailSender(_service.Options(), new TestCredential()), new EmailRenderer(Taxonomy, Analyzer.Countries.NameOf, TestLinks.Create(_clock)), _store, _clock);

    [Fact]
    public async Task DeliverAlert_ThroughAcs_SendsOnce_UnderAnOperationIdFromTheLedgerKey()
    {
        var summary = await StoreRelevantSummary();
        await _store.UpsertAsync(new Subscription("s1", "an@example.vn", "vi", [], [], [], true, false));
        var message = new DeliverAlertMessage("s1", summary.Cluster.Id, summary.Id);

        Assert.Equal(OutcomeCodes.AlertSent, (await Deliver().HandleAsync(message)).Outcomes.Single().Code);
        Assert.Equal(OutcomeCodes.AlreadyDelivered, (await Deliver().HandleAsync(message)).Outcomes.Single().Code);

        var key = DeliverAlertStage.Key("s1", summary.Cluster.Id);
        var expectedId = AcsEmailSender.OperationId(new EmailMessage("an@example.vn", "", "", "", new Dictionary<string, string>()) { DeliveryKey = key });
        var (id, body) = Assert.Single(_service.Accepted);
        Assert.Equal(expectedId, id);
        Assert.Contains(summary.Title, body["content"]!["subject"]!.GetValue<string>());
        Assert.StartsWith("<https://news.example/api/unsubscribe?token=", body["headers"]!["List-Unsubscribe"]!.GetValue<string>());
        Assert.Equal("List-Unsubscribe=One-Click", body["headers"]!["List-Unsubscribe-Post"]!.GetValue<string>());
        Assert.Equal("an@example.vn", body["recipients"]!["to"]![0]!["address"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeliverAlert_AcsUnavailable_ReleasesTheLedger_AndTheRedeliveryReusesTheOperationId()
    {
        var summary = await StoreRelevantSummary();
        await _store.UpsertAsync(new Subscription("s1", "an@example.vn", "vi", [], [], [], true, false));
        var message = new DeliverAlertMessage("s1", summary.Cluster.Id, summary.Id);
        for (int i = 0; i < 4; i++) _service.Scripted.Enqueue(c => FakeLanguageService.Respond(c, 503, FakeLanguageService.Error("ServiceUnavailable", "The service is temporarily unavailable.")));

        var e = await Assert.ThrowsAsync<TransientStageException>(() => Deliver().HandleAsync(message));
        Assert.Contains("sending failed: ACS Email send failed: HTTP 503 Service Unavailable, error ServiceUnavailable", e.Message);
        Assert.False(await _store.ContainsAsync(DeliverAlertStage.Key("s1", summary.Cluster.Id)));

        Assert.Equal(OutcomeCodes.AlertSent, (await Deliver().HandleAsync(message)).Outcomes.Single().Code);
        var posts = _service.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(5, posts.Count); // 4 refused tries, then the redelivery
        Assert.Single(posts.Select(p => p.Header("Operation-Id")).Distinct());
        Assert.Single(_service.Accepted);
    }
}
