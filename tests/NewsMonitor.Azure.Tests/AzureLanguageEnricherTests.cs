using System.Text.Json;
using Azure;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Analysis;
using NewsMonitor.Azure.Language;
using NewsMonitor.Config;
using NewsMonitor.Dedup;
using NewsMonitor.Domain;
using NewsMonitor.Extraction;
using NewsMonitor.Local.Storage;
using NewsMonitor.Pipeline;
using NewsMonitor.Ports;
using NewsMonitor.Stages;
using NewsMonitor.Tests;

namespace NewsMonitor.Azure.Tests;

public sealed class AzureLanguageEnricherTests : IAsyncLifetime
{
    private static readonly ArticleAnalyzer Analyzer = new(Taxonomy.Load(Path.Combine(RepoPaths.Config, "taxonomy.json")), Gazetteer.Load(Path.Combine(RepoPaths.Config, "gazetteer")));

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nm-azure-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 11, 1, 1, 0, 0, TimeSpan.Zero));
    private FakeLanguageService _service = null!;
    private SqliteStore _store = null!;

    public async Task InitializeAsync()
    {
        _service = await FakeLanguageService.StartAsync();
        Directory.CreateDirectory(_folder);
        _store = new SqliteStore(Path.Combine(_folder, "db.sqlite"));
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private AzureLanguageEnricher Enricher(AzureLanguageEnricherOptions? options = null) => new(new AzureLanguageClient(_service.Options()), options);

    private static string SamplePage() =>
        File.ReadAllText(Directory.GetFiles(Path.Combine(RepoPaths.Samples, "mirror", "baochinhphu.vn"), "duc-ho-tro*").Single());

    private static RawArticle Raw(string url, string html, DateTimeOffset at) =>
        new(UrlCanonicalizer.ArticleId(url), url, "src", "Báo Mẫu", at, 200, new Dictionary<string, string>(), "utf-8", html);

    private ClassifyArticleStage Classify(IEntityEnricher? enricher) =>
        new(new ArticleExtractor(), Analyzer, _store, _store, new DedupRule(), new ClassifyOptions(), _clock, enricher);

    /// <summary>What the "model" recognises on the GIZ sample page.</summary>
    private void RecogniseTheSamplePage()
    {
        _service.Entities.Clear();
        _service.Entities["Lê Quang Đức"] = "Person";
        _service.Entities["Bộ Giáo dục và Đào tạo"] = "Organization";
        _service.Entities["Chính phủ Đức"] = "Organization";
        _service.Entities["GIZ"] = "Organization";
        _service.Entities["Hà Nội"] = "City";
        _service.Entities["Cần Thơ"] = "City";
        _service.Phrases.Clear();
        _service.Phrases.AddRange(["đào tạo kép", "giáo dục nghề nghiệp"]);
    }

    [Fact]
    public async Task ClassifyArticle_WithTheAzureLanguageEnricher_AddsItsEntitiesWithSourceAzureLanguage()
    {
        RecogniseTheSamplePage();
        var result = await Classify(Enricher()).HandleAsync(Raw("https://baochinhphu.vn/giz.htm", SamplePage(), _clock.GetUtcNow()));

        var summary = Json.Read<StructuredSummary>(result.Outputs.OfType<BlobOutput>().Single().Content, "summary");
        var person = Assert.Single(summary.People, p => p.Source == "azure-language");
        Assert.Equal("Lê Quang Đức", person.Name);
        Assert.Equal(0.97, person.Confidence);
        Assert.StartsWith("Thứ trưởng Bộ Giáo dục và Đào tạo Lê Quang Đức cho biết", person.Evidence.Context);
        // GIZ and the ministry are the analyser's already; the German government is new. Hà Nội and Cần Thơ are the analyser's localities.
        Assert.Equal(["Chính phủ Đức"], summary.Organizations.Where(o => o.Source == "azure-language").Select(o => o.Name));
        Assert.DoesNotContain(summary.Localities, l => l.Source is not null);
        Assert.Equal(["đào tạo kép", "giáo dục nghề nghiệp"], summary.KeyPhrases!.Select(k => k.Text));
        Assert.All(summary.KeyPhrases!, k => Assert.Equal("azure-language", k.Source));
        Assert.Equal("azure-language: +1 people, +1 organisations, +0 places, 2 key phrases",
            result.Outcomes.Single(o => o.Code == OutcomeCodes.Enriched).Detail);

        // One entity request and one key-phrase request, in Vietnamese as the page declares; no detection needed.
        Assert.Equal(["EntityRecognition", "KeyPhraseExtraction"], _service.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("kind").GetString()));
        var document = JsonDocument.Parse(_service.Requests[0].Body).RootElement.GetProperty("analysisInput").GetProperty("documents")[0];
        Assert.Equal("vi", document.GetProperty("language").GetString());
        Assert.StartsWith(summary.Title + "\n", document.GetProperty("text").GetString());
    }

    [Fact]
    public async Task ClassifyArticle_AzureLanguageFailing_IsStillClassified_WithTheReasonRecorded()
    {
        for (int i = 0; i < 4; i++) _service.Scripted.Enqueue(c => FakeLanguageService.Respond(c, 500, FakeLanguageService.Error("InternalServerError", "Internal server error.")));
        var failing = await Classify(Enricher()).HandleAsync(Raw("https://baochinhphu.vn/giz.htm", SamplePage(), _clock.GetUtcNow()));

        var outcome = Assert.Single(failing.Outcomes, o => o.Code == OutcomeCodes.EnrichmentFailed);
        Assert.Equal("classified by the analyser alone; the enricher failed: RequestFailedException: Azure AI Language EntityRecognition failed: HTTP 500 Internal Server Error, error InternalServerError: Internal server error.", outcome.Detail);
        Assert.Contains(failing.Outcomes, o => o.Code == OutcomeCodes.Relevant);
        var summary = Json.Read<StructuredSummary>(failing.Outputs.OfType<BlobOutput>().Single().Content, "summary");
        Assert.True(summary.Relevant);
        Assert.Null(summary.KeyPhrases);
        Assert.DoesNotContain(summary.People, p => p.Source is not null);
        Assert.Equal([StageGraph.Queues.StoreSummary, StageGraph.Queues.MatchAlerts], failing.Outputs.OfType<QueueOutput>().Select(q => q.Queue));
    }

    [Fact]
    public async Task Enrich_MapsPeopleOrganisationsAndPlaces_DropsOtherCategoriesAndLowConfidence()
    {
        _service.Entities["Berlin"] = "GPE";
        _service.Entities["Thứ Hai"] = "DateTime";
        var enrichment = await Enricher().EnrichAsync(new EnrichmentRequest("a1", "GIZ và Bộ Giáo dục và Đào tạo",
            ["Ông Nguyễn Văn Hồi, bác sĩ ở Hà Nội, gặp đối tác từ Berlin vào Thứ Hai. GIZ tài trợ chương trình.", "Xóm Núi Mây ở xa."], "vi-VN"));

        Assert.Equal("azure-language", enrichment.Source);
        Assert.Equal(["Nguyễn Văn Hồi"], enrichment.People.Select(p => p.Name)); // "bác sĩ" is a PersonType, not a person
        Assert.Equal(["GIZ", "Bộ Giáo dục và Đào tạo"], enrichment.Organizations.Select(o => o.Name)); // GIZ once, at its first mention
        Assert.Equal("GIZ và Bộ Giáo dục và Đào tạo", enrichment.Organizations[0].Evidence.Context);
        Assert.Equal(["Hà Nội", "Berlin", "Xóm Núi Mây"], enrichment.Locations.Select(l => l.Name));
        Assert.Equal("Xóm Núi Mây ở xa.", enrichment.Locations[2].Evidence.Context);
        Assert.Equal(["chương trình"], enrichment.KeyPhrases);
        Assert.Equal("vi", JsonDocument.Parse(_service.Requests[0].Body).RootElement.GetProperty("analysisInput").GetProperty("documents")[0].GetProperty("language").GetString());

        var strict = await Enricher(new AzureLanguageEnricherOptions { MinConfidence = 0.98 }).EnrichAsync(new EnrichmentRequest("a2", "GIZ", ["Hà Nội."], "vi"));
        Assert.Empty(strict.Organizations);
        Assert.Empty(strict.Locations);
    }

    [Fact]
    public async Task Enrich_PageWithoutLanguage_DetectsItFirst()
    {
        var enrichment = await Enricher().EnrichAsync(new EnrichmentRequest("a1", "Hội nghị tại Hà Nội", ["Ông Nguyễn Văn Hồi phát biểu."], null));
        Assert.Equal(["LanguageDetection", "EntityRecognition", "KeyPhraseExtraction"], _service.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("kind").GetString()));
        Assert.Contains("language detected: vi (0.99)", enrichment.Notes);
        Assert.Equal(["Nguyễn Văn Hồi"], enrichment.People.Select(p => p.Name));
    }

    [Fact]
    public async Task Enrich_TextTheServiceRejects_ThrowsWithItsErrorCode()
    {
        var e = await Assert.ThrowsAsync<AzureLanguageDocumentException>(() => Enricher().EnrichAsync(new EnrichmentRequest("a1", "Hội nghị tại Hà Nội", ["Nội dung."], "xx")));
        Assert.Equal("UnsupportedLanguageCode", e.Error.InnerCode);
        Assert.Equal("Azure AI Language could not analyse article a1: InvalidArgument/UnsupportedLanguageCode: Invalid Language Code 'xx'.", e.Message);
    }

    [Fact]
    public void Options_Invalid_AreRefusedWithTheirNames()
    {
        var e = Assert.Throws<ArgumentException>(() => new AzureLanguageEnricher(new AzureLanguageClient(_service.Options()), new AzureLanguageEnricherOptions { MinConfidence = 1.5, MaxKeyPhrases = -1 }));
        Assert.Contains("AzureLanguage:Enrichment:MinConfidence is 1.5", e.Message);
        Assert.Contains("AzureLanguage:Enrichment:MaxKeyPhrases is -1", e.Message);
    }
}
