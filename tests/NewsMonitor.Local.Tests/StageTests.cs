using System.Text;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Analysis;
using NewsMonitor.Config;
using NewsMonitor.Dedup;
using NewsMonitor.Digest;
using NewsMonitor.Domain;
using NewsMonitor.Extraction;
using NewsMonitor.Fetching;
using NewsMonitor.Local.Storage;
using NewsMonitor.Pipeline;
using NewsMonitor.Ports;
using NewsMonitor.Stages;
using NewsMonitor.Tests;

namespace NewsMonitor.Local.Tests;

/// <summary>A fetcher at the port: answers from a dictionary, counts requests.</summary>
internal sealed class FakeFetcher : IPageFetcher
{
    public Dictionary<string, FetchResponse> Responses { get; } = new(StringComparer.Ordinal);
    public List<FetchRequest> Requests { get; } = [];

    public Task<FetchResponse> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        return Task.FromResult(Responses.TryGetValue(request.Url.ToString(), out var r) ? r : FetchResponse.Failed(request.Url, "HTTP 404", 404));
    }

    public void Page(string url, string html, string contentType = "text/html; charset=utf-8") =>
        Responses[url] = new FetchResponse(new Uri(url), 200, new Dictionary<string, string> { ["Content-Type"] = contentType }, Encoding.UTF8.GetBytes(html));
}

/// <summary>An email sender at the port: records what it was given; can be told to fail.</summary>
internal sealed class RecordingSender : IEmailSender
{
    public List<EmailMessage> Sent { get; } = [];
    public bool Fail { get; set; }

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        if (Fail) throw new IOException("SMTP server unavailable");
        Sent.Add(message);
        return Task.CompletedTask;
    }
}

/// <summary>An entity enricher at the port: records requests and answers with <see cref="Answer"/>, which may throw.</summary>
internal sealed class FakeEnricher(Func<EnrichmentRequest, CancellationToken, Task<EntityEnrichment>> answer) : IEntityEnricher
{
    public List<EnrichmentRequest> Requests { get; } = [];

    public Func<EnrichmentRequest, CancellationToken, Task<EntityEnrichment>> Answer { get; } = answer;

    public Task<EntityEnrichment> EnrichAsync(EnrichmentRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        return Answer(request, cancellationToken);
    }
}

public sealed class StageTests : IDisposable
{
    private static readonly Taxonomy Taxonomy = Taxonomy.Load(Path.Combine(RepoPaths.Config, "taxonomy.json"));
    private static readonly Gazetteer Gazetteer = Gazetteer.Load(Path.Combine(RepoPaths.Config, "gazetteer"));
    private static readonly ArticleAnalyzer Analyzer = new(Taxonomy, Gazetteer);

    private readonly TempFolder _dir = new();
    private readonly SqliteStore _store;
    private readonly FileBlobStore _blobs;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 11, 1, 1, 0, 0, TimeSpan.Zero));
    private readonly FakeFetcher _fetcher = new();
    private readonly RecordingSender _email = new();

    public StageTests()
    {
        _store = new SqliteStore(Path.Combine(_dir.Path, "db.sqlite"));
        _blobs = new FileBlobStore(Path.Combine(_dir.Path, "blobs"));
    }

    public void Dispose() => _dir.Dispose();

    private static string SamplePage(string host, string contains) =>
        File.ReadAllText(Directory.GetFiles(Path.Combine(RepoPaths.Samples, "mirror", host), "*", SearchOption.AllDirectories).First(f => f.Contains(contains, StringComparison.Ordinal)));

    private ClassifyArticleStage Classify(IEntityEnricher? enricher = null) => new(new ArticleExtractor(), Analyzer, _store, _store, new DedupRule(), new ClassifyOptions(), _clock, enricher);

    private EmailRenderer Renderer() => new(Taxonomy, Analyzer.Countries.NameOf, TestLinks.Create(_clock));

    private static FetchArticleMessage Message(string url) => new(UrlCanonicalizer.ArticleId(UrlCanonicalizer.Canonicalize(new Uri(url))), url, "src", "Báo Mẫu", null, null);

    [Fact]
    public async Task FetchFeeds_QueuesNewItems_ThenSkipsSeenOnes()
    {
        var feed = """<rss version="2.0"><channel><item><title>A</title><link>https://bao.example/a.html</link></item><item><title>B</title><link>https://bao.example/b.html?utm_source=x</link></item></channel></rss>""";
        _fetcher.Page("https://bao.example/rss", feed, "application/rss+xml");
        var sources = new SourcesConfig([new Source("s", "S", "Báo Mẫu", SourceType.Rss, new Uri("https://bao.example/rss"), "vi")], null, "test");
        var stage = new FetchFeedsStage(sources, _fetcher, _store, _clock);

        var first = await stage.HandleAsync(new TimerInfo(_clock.GetUtcNow()));
        var messages = first.Outputs.OfType<QueueOutput>().Select(q => (FetchArticleMessage)q.Message).ToList();
        Assert.Equal(2, messages.Count);
        Assert.All(first.Outputs.OfType<QueueOutput>(), q => Assert.Equal(StageGraph.Queues.FetchArticle, q.Queue));

        await _store.MarkSeenAsync("https://bao.example/a.html", messages[0].Id, _clock.GetUtcNow());
        var second = await stage.HandleAsync(new TimerInfo(_clock.GetUtcNow()));
        Assert.Single(second.Outputs);
        Assert.Contains(second.Outcomes, o => o.Code == OutcomeCodes.AlreadySeen);
    }

    [Fact]
    public async Task FetchFeeds_SendsConditionalGetValidators()
    {
        _fetcher.Responses["https://bao.example/rss"] = new FetchResponse(new Uri("https://bao.example/rss"), 304, new Dictionary<string, string>(), []);
        await _store.SetFeedStateAsync(new FeedState("s", "\"v1\"", "Sat, 01 Nov 2025 00:00:00 GMT", _clock.GetUtcNow()));
        var sources = new SourcesConfig([new Source("s", "S", "Báo Mẫu", SourceType.Rss, new Uri("https://bao.example/rss"), "vi")], null, "test");
        var result = await new FetchFeedsStage(sources, _fetcher, _store, _clock).HandleAsync(new TimerInfo(_clock.GetUtcNow()));
        Assert.Equal("\"v1\"", _fetcher.Requests.Single().ETag);
        Assert.Equal(OutcomeCodes.FeedNotModified, Assert.Single(result.Outcomes).Code);
    }

    [Fact]
    public async Task FetchArticle_WritesEnvelope_OnceOnly()
    {
        var url = "https://bao.example/a.html";
        _fetcher.Page(url, SamplePage("baochinhphu.vn", "duc-ho-tro"));
        var stage = new FetchArticleStage(_fetcher, _blobs, _store, _clock);
        var result = await stage.HandleAsync(Message(url));
        var blob = Assert.IsType<BlobOutput>(Assert.Single(result.Outputs));
        Assert.Equal(StageGraph.RawBlobPath(Message(url).Id), blob.Path);
        var envelope = Json.Read<RawArticle>(blob.Content, "raw");
        Assert.Equal("utf-8", envelope.Charset);
        Assert.Equal(200, envelope.Status);

        await _blobs.WriteAsync(blob.Path, blob.Content);
        var again = await stage.HandleAsync(Message(url));
        Assert.Empty(again.Outputs);
        Assert.Equal(OutcomeCodes.AlreadySeen, again.Outcomes.Single().Code);
        Assert.Single(_fetcher.Requests);
    }

    [Fact]
    public async Task FetchArticle_404IsAFailureWithStatus_503IsRetried()
    {
        var stage = new FetchArticleStage(_fetcher, _blobs, _store, _clock);
        var missing = await stage.HandleAsync(Message("https://bao.example/missing.html"));
        Assert.Equal(OutcomeCodes.FetchFailed, missing.Outcomes.Single().Code);
        Assert.Equal("HTTP 404", missing.Outcomes.Single().Detail);

        _fetcher.Responses["https://bao.example/busy.html"] = FetchResponse.Failed(new Uri("https://bao.example/busy.html"), "HTTP 503", 503);
        await Assert.ThrowsAsync<TransientStageException>(() => stage.HandleAsync(Message("https://bao.example/busy.html")));
    }

    [Fact]
    public async Task FetchArticle_Windows1258Page_IsDecoded()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var html = "<html><head><meta charset=\"windows-1258\"></head><body><p>Hợp tác Việt Nam - Nhật Bản</p></body></html>";
        var url = "https://bao.example/cp1258.html";
        _fetcher.Responses[url] = new FetchResponse(new Uri(url), 200, new Dictionary<string, string> { ["Content-Type"] = "text/html" }, Encoding.GetEncoding(1258).GetBytes(ToneMarksApart(html)));
        var result = await new FetchArticleStage(_fetcher, _blobs, _store, _clock).HandleAsync(Message(url));
        var envelope = Json.Read<RawArticle>(((BlobOutput)result.Outputs.Single()).Content, "raw");
        Assert.Equal("windows-1258", envelope.Charset);
        Assert.Contains("Hợp tác Việt Nam - Nhật Bản", envelope.Html.Normalize(NormalizationForm.FormC));
    }

    /// <summary>Windows-1258 writes vowels with their quality marks precomposed and tone marks as combining characters.</summary>
    private static string ToneMarksApart(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            var d = c.ToString().Normalize(NormalizationForm.FormD);
            var tone = d.Where(x => x is '\u0300' or '\u0301' or '\u0303' or '\u0309' or '\u0323').ToArray();
            sb.Append(new string(d.Where(x => !tone.Contains(x)).ToArray()).Normalize(NormalizationForm.FormC)).Append(tone);
        }
        return sb.ToString();
    }

    private RawArticle Raw(string url, string html) => new(UrlCanonicalizer.ArticleId(url), url, "src", "Báo Mẫu", _clock.GetUtcNow(), 200, new Dictionary<string, string>(), "utf-8", html);

    [Fact]
    public async Task ClassifyArticle_RelevantPage_WritesSummaryAndFansOut()
    {
        var result = await Classify().HandleAsync(Raw("https://bao.example/giz.html", SamplePage("baochinhphu.vn", "duc-ho-tro")));
        var blob = result.Outputs.OfType<BlobOutput>().Single();
        var summary = Json.Read<StructuredSummary>(blob.Content, "summary");
        Assert.True(summary.Relevant);
        Assert.Equal(["DE"], summary.PartnerCountries.Select(c => c.Code));
        Assert.Contains(summary.Amounts, a => a.Value == 15_000_000m && a.Currency == "EUR");
        Assert.Equal([StageGraph.Queues.StoreSummary, StageGraph.Queues.MatchAlerts], result.Outputs.OfType<QueueOutput>().Select(q => q.Queue));
    }

    private static EnrichedEntity Found(string name, double confidence = 0.9) => new(name, new Evidence(name, "câu có " + name), confidence);

    [Fact]
    public async Task ClassifyArticle_WithEnricher_AddsItsEntitiesBesideTheAnalysersWithTheirSource()
    {
        var enricher = new FakeEnricher((_, _) => Task.FromResult(new EntityEnrichment("azure-language",
            People: [Found("Nguyễn Văn Hồi")],
            Organizations: [Found("Tổ chức Hợp tác quốc tế Đức"), Found("Bộ Giáo dục và Đào tạo"), Found("Chính phủ Đức", 0.87654)],
            Locations: [Found("Hà Nội"), Found("TP.HCM"), Found("Đức"), Found("Xóm Núi Mây")],
            KeyPhrases: ["đào tạo nghề", "mô hình đào tạo kép", "Đào tạo nghề"],
            Notes: ["split into 2 parts"])));
        var result = await Classify(enricher).HandleAsync(Raw("https://bao.example/giz.html", SamplePage("baochinhphu.vn", "duc-ho-tro")));

        var request = Assert.Single(enricher.Requests);
        Assert.StartsWith("Đức hỗ trợ", request.Title);
        Assert.True(request.Paragraphs.Count > 3);
        var summary = Json.Read<StructuredSummary>(result.Outputs.OfType<BlobOutput>().Single().Content, "summary");
        Assert.True(summary.Relevant);
        // The analyser's own labels come first, without a source.
        Assert.Null(summary.Organizations[0].Source);
        Assert.Equal("GIZ", summary.Organizations[1].Name);
        // The enricher's new ones follow with their source and confidence; names the analyser already has are not repeated.
        var added = summary.Organizations.Where(o => o.Source is not null).ToList();
        Assert.Equal(["Chính phủ Đức"], added.Select(o => o.Name));
        Assert.Equal("azure-language", added[0].Source);
        Assert.Equal(0.877, added[0].Confidence);
        Assert.Equal(["Nguyễn Văn Hồi"], summary.People.Where(p => p.Source == "azure-language").Select(p => p.Name));
        var places = summary.Localities.Where(l => l.Source == "azure-language").ToList();
        Assert.Equal(["Đức", "Xóm Núi Mây"], places.Select(l => l.Name));
        Assert.Equal("DE", places[0].Country);
        Assert.Null(places[1].Country);
        Assert.All(summary.Localities.Where(l => l.Source is null), l => Assert.NotNull(l.Country));
        Assert.Equal(["đào tạo nghề", "mô hình đào tạo kép"], summary.KeyPhrases!.Select(k => k.Text));

        var outcome = Assert.Single(result.Outcomes, o => o.Code == OutcomeCodes.Enriched);
        Assert.Equal("azure-language: +1 people, +1 organisations, +2 places, 2 key phrases; split into 2 parts", outcome.Detail);
        var json = Encoding.UTF8.GetString(result.Outputs.OfType<BlobOutput>().Single().Content);
        Assert.Contains($"\"schemaVersion\": \"{StructuredSummary.CurrentSchemaVersion}\"", json);
        Assert.Equal(VietnamTime.Offset, summary.Cluster.FirstSeenAt!.Value.Offset); // the story's first-seen time, on Vietnam's clock
        Assert.Equal(_clock.GetUtcNow(), summary.Cluster.FirstSeenAt.Value);
        Assert.Contains("\"source\": \"azure-language\"", json);
        Assert.Equal(StageGraph.Queues.MatchAlerts, result.Outputs.OfType<QueueOutput>().Last().Queue);
    }

    [Fact]
    public async Task ClassifyArticle_EnricherThrows_IsClassifiedByTheAnalyserAlone_WithTheReason()
    {
        var enricher = new FakeEnricher((_, _) => throw new HttpRequestException("Connection refused (language.example:443)"));
        var withFailure = await Classify(enricher).HandleAsync(Raw("https://bao.example/giz.html", SamplePage("baochinhphu.vn", "duc-ho-tro")));
        var without = await Classify().HandleAsync(Raw("https://bao.example/giz.html", SamplePage("baochinhphu.vn", "duc-ho-tro")));

        var outcome = Assert.Single(withFailure.Outcomes, o => o.Code == OutcomeCodes.EnrichmentFailed);
        Assert.Equal("classified by the analyser alone; the enricher failed: HttpRequestException: Connection refused (language.example:443)", outcome.Detail);
        Assert.False(outcome.IsFailure);
        Assert.Contains(withFailure.Outcomes, o => o.Code == OutcomeCodes.Relevant);
        // Same summary, same fan-out as with no enricher at all.
        Assert.Equal(without.Outputs.OfType<BlobOutput>().Single().Content, withFailure.Outputs.OfType<BlobOutput>().Single().Content);
        Assert.Equal([StageGraph.Queues.StoreSummary, StageGraph.Queues.MatchAlerts], withFailure.Outputs.OfType<QueueOutput>().Select(q => q.Queue));
        var summary = Json.Read<StructuredSummary>(withFailure.Outputs.OfType<BlobOutput>().Single().Content, "summary");
        Assert.Null(summary.KeyPhrases);
        Assert.DoesNotContain(summary.People, p => p.Source is not null);
    }

    [Fact]
    public async Task ClassifyArticle_EnricherTooSlow_TimesOutOnTheStageClock()
    {
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var enricher = new FakeEnricher(async (_, ct) =>
        {
            called.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        var handling = Classify(enricher).HandleAsync(Raw("https://bao.example/giz.html", SamplePage("baochinhphu.vn", "duc-ho-tro")));
        await called.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(handling.IsCompleted);
        _clock.Advance(new ClassifyOptions().EnrichmentTimeout);
        var result = await handling.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("classified by the analyser alone; the enricher failed: no answer within 60 s", result.Outcomes.Single(o => o.Code == OutcomeCodes.EnrichmentFailed).Detail);
        Assert.Single(result.Outputs.OfType<BlobOutput>());
    }

    [Fact]
    public async Task ClassifyArticle_CallerCancels_IsNotMistakenForAnEnricherFailure()
    {
        using var cancel = new CancellationTokenSource();
        var enricher = new FakeEnricher(async (_, ct) =>
        {
            await cancel.CancelAsync();
            ct.ThrowIfCancellationRequested();
            throw new InvalidOperationException("unreachable");
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Classify(enricher).HandleAsync(Raw("https://bao.example/giz.html", SamplePage("baochinhphu.vn", "duc-ho-tro")), cancel.Token));
    }

    [Fact]
    public async Task ClassifyArticle_NotRelevant_IsNotEnrichedByDefault()
    {
        var enricher = new FakeEnricher((_, _) => throw new InvalidOperationException("must not be called"));
        var result = await Classify(enricher).HandleAsync(Raw("https://bao.example/quake.html", SamplePage("vnexpress.net", "dong-dat")));
        Assert.Empty(enricher.Requests);
        Assert.DoesNotContain(result.Outcomes, o => o.Code is OutcomeCodes.Enriched or OutcomeCodes.EnrichmentFailed);
    }

    [Fact]
    public async Task ClassifyArticle_NotRelevant_IsStoredButNotAlerted()
    {
        var result = await Classify().HandleAsync(Raw("https://bao.example/quake.html", SamplePage("vnexpress.net", "dong-dat")));
        Assert.Contains(result.Outcomes, o => o.Code == OutcomeCodes.NotRelevant);
        Assert.Equal([StageGraph.Queues.StoreSummary], result.Outputs.OfType<QueueOutput>().Select(q => q.Queue));
    }

    [Fact]
    public async Task BadPages_EachGetANamedOutcome_InBoundedTime()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        // A 20 MB page through the real fetcher: refused by the size cap before it is read.
        var big = Path.Combine(_dir.Path, "big.html");
        await File.WriteAllTextAsync(big, "<html><body>" + new string('x', 20 * 1024 * 1024) + "</body></html>");
        using var http = new HttpClient();
        var real = new FetchArticleStage(new PageFetcher(http, new FetchOptions()), _blobs, _store, _clock);
        Assert.Contains("over the size cap", (await real.HandleAsync(Message(new Uri(big).AbsoluteUri))).Outcomes.Single().Detail);

        var fetch = new FetchArticleStage(_fetcher, _blobs, _store, _clock);
        var binary = new byte[50_000];
        new Random(7).NextBytes(binary);
        _fetcher.Responses["https://bao.example/bin.html"] = new FetchResponse(new Uri("https://bao.example/bin.html"), 200, new Dictionary<string, string> { ["Content-Type"] = "text/html" }, binary);
        Assert.Equal(OutcomeCodes.NotHtml, (await fetch.HandleAsync(Message("https://bao.example/bin.html"))).Outcomes.Single().Code);
        _fetcher.Responses["https://bao.example/empty.html"] = new FetchResponse(new Uri("https://bao.example/empty.html"), 200, new Dictionary<string, string> { ["Content-Type"] = "text/html" }, []);
        Assert.Equal(OutcomeCodes.EmptyPage, (await fetch.HandleAsync(Message("https://bao.example/empty.html"))).Outcomes.Single().Code);

        // Wrong declared charset: UTF-8 bytes under a windows-1252 header and meta are read as UTF-8.
        var page = SamplePage("baochinhphu.vn", "duc-ho-tro").Replace("<head>", "<head><meta charset=\"windows-1252\">", StringComparison.Ordinal);
        _fetcher.Page("https://bao.example/wrong.html", page, "text/html; charset=windows-1252");
        var wrong = (BlobOutput)(await fetch.HandleAsync(Message("https://bao.example/wrong.html"))).Outputs.Single();
        var envelope = Json.Read<RawArticle>(wrong.Content, "raw");
        Assert.Equal("utf-8", envelope.Charset);
        Assert.Contains("Đức hỗ trợ", envelope.Html);

        var classify = Classify();
        var sample = SamplePage("baochinhphu.vn", "duc-ho-tro");
        var truncated = await classify.HandleAsync(Raw("https://bao.example/t.html", sample[..(sample.Length / 2)] + "<div class=\"x"));
        Assert.NotEmpty(truncated.Outcomes);
        var scripts = await classify.HandleAsync(Raw("https://bao.example/s.html", "<html><head><script>var a = '<p>không phải bài báo</p>';</script></head><body><script>document.write('x')</script></body></html>"));
        Assert.Equal(OutcomeCodes.EmptyPage, scripts.Outcomes.Single().Code);
        var deep = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "<p>x</p>" + string.Concat(Enumerable.Repeat("</div>", 100_000)) + "</body></html>";
        Assert.Equal(OutcomeCodes.EmptyPage, (await classify.HandleAsync(Raw("https://bao.example/deep.html", deep))).Outcomes.Single().Code);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task ClassifyArticle_LegacyFontEncodedPage_IsFlaggedNotClassified()
    {
        var paragraph = "<p>Hîp t¸c gi÷a ViÖt Nam vµ Anh lµ mét trong nh÷ng ­u tiªn cña c¸c bªn, ®­îc hai n­íc ký kÕt trong chuyÕn th¨m chÝnh thøc.</p>";
        var html = "<html><body><article>" + string.Concat(Enumerable.Repeat(paragraph, 8)) + "</article></body></html>";
        var result = await Classify().HandleAsync(Raw("https://bao.example/tcvn3.html", html));
        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(OutcomeCodes.LegacyEncoding, outcome.Code);
        Assert.Contains("TCVN3", outcome.Detail);
        Assert.Empty(result.Outputs);
    }

    [Fact]
    public async Task ClassifyArticle_ShortOrEmptyPages_AreNamedDrops()
    {
        var shortPage = await Classify().HandleAsync(Raw("https://bao.example/s.html", "<html><body><article><p>Hai nước ký kết hợp tác y tế trong chuyến thăm chính thức.</p></article></body></html>"));
        Assert.Equal(OutcomeCodes.TooShort, shortPage.Outcomes.Single().Code);
        Assert.Empty(shortPage.Outputs);
        var empty = await Classify().HandleAsync(Raw("https://bao.example/e.html", "<html><body><nav>Menu</nav></body></html>"));
        Assert.Equal(OutcomeCodes.EmptyPage, empty.Outcomes.Single().Code);
    }

    private async Task<StructuredSummary> StoreRelevantSummary(string page = "hoa-ky")
    {
        var result = await Classify().HandleAsync(Raw($"https://bao.example/{page}.html", SamplePage("baochinhphu.vn", page)));
        var blob = result.Outputs.OfType<BlobOutput>().Single();
        await _blobs.WriteAsync(blob.Path, blob.Content);
        var summary = Json.Read<StructuredSummary>(blob.Content, "summary");
        await new StoreSummaryStage(_blobs, _store, _clock).HandleAsync(new ArticleClassifiedMessage(summary.Id, summary.Cluster.Id, true));
        return summary;
    }

    [Fact]
    public async Task MatchAndDeliverAlert_OnePerSubscriptionAndStory_EvenWhenRedelivered()
    {
        var summary = await StoreRelevantSummary();
        await _store.UpsertAsync(new Subscription("health-us", "a@example.vn", "vi", ["health"], ["US"], [], true, false));
        await _store.UpsertAsync(new Subscription("energy", "b@example.vn", "vi", ["energy"], [], [], true, false));
        await _store.UpsertAsync(new Subscription("digest-only", "c@example.vn", "vi", [], [], [], false, true));

        var matched = await new MatchAlertsStage(_blobs, _store, _store).HandleAsync(new ArticleClassifiedMessage(summary.Id, summary.Cluster.Id, true));
        var message = (DeliverAlertMessage)Assert.Single(matched.Outputs.OfType<QueueOutput>()).Message;
        Assert.Equal("health-us", message.SubscriptionId);

        var deliver = new DeliverAlertStage(_blobs, _store, _store, _email, Renderer(), _store, _clock);
        Assert.Equal(OutcomeCodes.AlertSent, (await deliver.HandleAsync(message)).Outcomes.Single().Code);
        Assert.Equal(OutcomeCodes.AlreadyDelivered, (await deliver.HandleAsync(message)).Outcomes.Single().Code);
        Assert.Single(_email.Sent);
        Assert.Equal("a@example.vn", _email.Sent[0].To);
        Assert.Equal(DeliverAlertStage.Key("health-us", summary.Cluster.Id), _email.Sent[0].DeliveryKey);
    }

    [Fact]
    public async Task DeliverAlert_SendFailure_ReleasesTheLedgerSoARetrySends()
    {
        var summary = await StoreRelevantSummary();
        await _store.UpsertAsync(new Subscription("s", "a@example.vn", "vi", [], [], [], true, false));
        var deliver = new DeliverAlertStage(_blobs, _store, _store, _email, Renderer(), _store, _clock);
        var message = new DeliverAlertMessage("s", summary.Cluster.Id, summary.Id);
        _email.Fail = true;
        await Assert.ThrowsAsync<TransientStageException>(() => deliver.HandleAsync(message));
        _email.Fail = false;
        Assert.Equal(OutcomeCodes.AlertSent, (await deliver.HandleAsync(message)).Outcomes.Single().Code);
        Assert.Single(_email.Sent);
    }

    [Fact]
    public async Task DeliverAlert_SubscriptionNarrowedSinceTheMatch_SendsNothing()
    {
        var summary = await StoreRelevantSummary();
        await _store.UpsertAsync(new Subscription("s", "a@example.vn", "vi", ["energy"], [], [], true, false));
        var deliver = new DeliverAlertStage(_blobs, _store, _store, _email, Renderer(), _store, _clock);
        Assert.Equal(OutcomeCodes.NoMatch, (await deliver.HandleAsync(new DeliverAlertMessage("s", summary.Cluster.Id, summary.Id))).Outcomes.Single().Code);
        Assert.Empty(_email.Sent);
    }

    [Fact]
    public async Task DeliverAlert_InQuietHours_IsHeldForTheDigest_OutsideThemSent()
    {
        var summary = await StoreRelevantSummary(); // the clock reads 08:00 in Vietnam
        await _store.UpsertAsync(new Subscription("morning-quiet", "a@example.vn", "vi", [], [], [], true, false, QuietHours: QuietHours.Parse("07:00-09:00")));
        await _store.UpsertAsync(new Subscription("night-quiet", "b@example.vn", "vi", [], [], [], true, false, QuietHours: QuietHours.Parse("22:00-07:00")));
        var deliver = new DeliverAlertStage(_blobs, _store, _store, _email, Renderer(), _store, _clock);

        var held = (await deliver.HandleAsync(new DeliverAlertMessage("morning-quiet", summary.Cluster.Id, summary.Id))).Outcomes.Single();
        Assert.Equal(OutcomeCodes.AlertHeld, held.Code);
        Assert.Contains("quiet hours 07:00-09:00", held.Detail);
        Assert.Equal(OutcomeCodes.AlertSent, (await deliver.HandleAsync(new DeliverAlertMessage("night-quiet", summary.Cluster.Id, summary.Id))).Outcomes.Single().Code);
        Assert.Equal(["b@example.vn"], _email.Sent.Select(m => m.To));
    }

    [Fact]
    public async Task DeliverAlert_OverTheHourlyCap_IsHeld_AndTheAlertsOnlySubscribersDigestCarriesWhatWasHeld()
    {
        var stories = new[] { await StoreRelevantSummary("hoa-ky"), await StoreRelevantSummary("duc-ho-tro"), await StoreRelevantSummary("han-quoc") };
        Assert.Equal(3, stories.Select(s => s.Cluster.Id).Distinct().Count());
        await _store.UpsertAsync(new Subscription("capped", "a@example.vn", "vi", [], [], [], true, false, MaxAlertsPerHour: 2));
        var deliver = new DeliverAlertStage(_blobs, _store, _store, _email, Renderer(), _store, _clock);

        var codes = new List<string>();
        foreach (var s in stories) codes.Add((await deliver.HandleAsync(new DeliverAlertMessage("capped", s.Cluster.Id, s.Id))).Outcomes.Single().Code);
        Assert.Equal([OutcomeCodes.AlertSent, OutcomeCodes.AlertSent, OutcomeCodes.AlertHeld], codes);
        _clock.Advance(TimeSpan.FromMinutes(61)); // an hour later the cap has room again
        Assert.Equal(OutcomeCodes.AlertSent, (await deliver.HandleAsync(new DeliverAlertMessage("capped", "another-story", stories[0].Id))).Outcomes.Single().Code);

        _clock.Advance(TimeSpan.FromHours(22)); // 07:00 in Vietnam the next day
        var fired = await new DailyDigestStage(_store).HandleAsync(new TimerInfo(_clock.GetUtcNow()));
        var message = (DeliverDigestMessage)Assert.Single(fired.Outputs.OfType<QueueOutput>()).Message;
        Assert.Equal("capped", message.SubscriptionId);
        Assert.Equal(OutcomeCodes.DigestSent, (await new DeliverDigestStage(_store, _store, _store, _store, _email, Renderer(), _clock).HandleAsync(message)).Outcomes.Single().Code);
        var digest = _email.Sent[^1];
        Assert.Contains(stories[2].Title, digest.Text); // held back
        Assert.DoesNotContain(stories[0].Title, digest.Text); // alerted already
        Assert.DoesNotContain(stories[1].Title, digest.Text);

        // The held alert's message delivered again after the digest (the cap has room now): the digest carried it, so no alert.
        int sent = _email.Sent.Count;
        Assert.Equal(OutcomeCodes.AlreadyDelivered, (await deliver.HandleAsync(new DeliverAlertMessage("capped", stories[2].Cluster.Id, stories[2].Id))).Outcomes.Single().Code);
        Assert.Equal(sent, _email.Sent.Count);
    }

    [Fact]
    public async Task AnAlertsOnlyDigest_LeavesOutAStoryWhoseAlertWentOutFirst_AndSendsNothingWhenThatWasAll()
    {
        var summary = await StoreRelevantSummary();
        await _store.UpsertAsync(new Subscription("quiet", "a@example.vn", "vi", [], [], [], true, false, QuietHours: QuietHours.Parse("07:00-09:00")));
        var deliver = new DeliverAlertStage(_blobs, _store, _store, _email, Renderer(), _store, _clock);
        Assert.Equal(OutcomeCodes.AlertHeld, (await deliver.HandleAsync(new DeliverAlertMessage("quiet", summary.Cluster.Id, summary.Id))).Outcomes.Single().Code);

        _clock.Advance(TimeSpan.FromHours(23)); // 07:00 the next day
        var message = (DeliverDigestMessage)Assert.Single((await new DailyDigestStage(_store).HandleAsync(new TimerInfo(_clock.GetUtcNow()))).Outputs.OfType<QueueOutput>()).Message;
        // The alert, redelivered, took its key just before the digest ran (a race the digest must lose cleanly).
        Assert.True(await _store.TryRecordAsync(new Delivery(DeliverAlertStage.Key("quiet", summary.Cluster.Id), DeliveryKind.Alert, "quiet", "alert", _clock.GetUtcNow(), "email")));
        var outcome = (await new DeliverDigestStage(_store, _store, _store, _store, _email, Renderer(), _clock).HandleAsync(message)).Outcomes.Single();
        Assert.Equal(OutcomeCodes.DigestEmpty, outcome.Code);
        Assert.Empty(_email.Sent);
        Assert.False(await _store.ContainsAsync(DeliverDigestStage.Key("quiet", message.Date))); // no digest recorded: none went out
    }

    [Fact]
    public async Task DeliverDigest_AnEmptyDay_SendsNothing_UnlessTheSubscriberAskedForANothingTodayNote()
    {
        await StoreRelevantSummary(); // about health and the US: matches neither subscription
        await _store.UpsertAsync(new Subscription("quiet", "q@example.vn", "vi", ["energy"], [], [], false, true));
        await _store.UpsertAsync(new Subscription("note", "n@example.vn", "en", ["energy"], [], [], false, true, NothingTodayNote: true));
        _clock.Advance(TimeSpan.FromHours(23));
        var fired = await new DailyDigestStage(_store).HandleAsync(new TimerInfo(_clock.GetUtcNow()));
        var deliver = new DeliverDigestStage(_store, _store, _store, _store, _email, Renderer(), _clock);

        var outcomes = new Dictionary<string, string>();
        foreach (var m in fired.Outputs.OfType<QueueOutput>().Select(o => (DeliverDigestMessage)o.Message))
            outcomes[m.SubscriptionId] = (await deliver.HandleAsync(m)).Outcomes.Single().Code;

        Assert.Equal(OutcomeCodes.DigestEmpty, outcomes["quiet"]);
        Assert.Equal(OutcomeCodes.DigestSent, outcomes["note"]);
        var note = Assert.Single(_email.Sent);
        Assert.Equal("n@example.vn", note.To);
        Assert.Contains("nothing today", note.Subject);
        Assert.Contains("No story has matched", note.Text);
        Assert.True(note.Headers.ContainsKey("List-Unsubscribe"));
    }

    [Fact]
    public async Task FetchFeeds_OneBrokenFeed_DoesNotStopTheOthers()
    {
        _fetcher.Page("https://a.example/rss", """<rss version="2.0"><channel><item><title>A</title><link>https://a.example/1.html</link></item></channel></rss>""", "application/rss+xml; charset=utf-7");
        _fetcher.Page("https://b.example/rss", """<rss version="2.0"><channel><item><title>B</title><link>https://b.example/1.html</link></item></channel></rss>""", "application/rss+xml");
        _fetcher.Responses["https://c.example/rss"] = new FetchResponse(new Uri("https://c.example/rss"), 200, new Dictionary<string, string>(), [0xFF, 0xFE, 0x00]);
        var sources = new SourcesConfig([
            new Source("a", "A", "A", SourceType.Rss, new Uri("https://a.example/rss"), "vi"),
            new Source("b", "B", "B", SourceType.Rss, new Uri("https://b.example/rss"), "vi"),
            new Source("c", "C", "C", SourceType.Rss, new Uri("https://c.example/rss"), "vi")], null, "test");
        var result = await new FetchFeedsStage(sources, _fetcher, _store, _clock).HandleAsync(new TimerInfo(_clock.GetUtcNow()));
        Assert.Equal(2, result.Outputs.Count);
        Assert.Contains(result.Outcomes, o => o.Code == OutcomeCodes.FeedFailed && o.Detail!.Contains("source 'c'"));
    }

    [Fact]
    public async Task DailyDigestAndDeliverDigest_OncePerSubscriberAndDay()
    {
        var summary = await StoreRelevantSummary();
        await _store.UpsertAsync(new Subscription("daily", "d@example.vn", "en", [], [], [], false, true));
        await _store.UpsertAsync(new Subscription("alerts-only", "e@example.vn", "en", [], [], [], true, false));
        _clock.Advance(TimeSpan.FromHours(23)); // 00:00 UTC = 07:00 in Vietnam
        var fired = await new DailyDigestStage(_store).HandleAsync(new TimerInfo(_clock.GetUtcNow()));
        var message = (DeliverDigestMessage)Assert.Single(fired.Outputs.OfType<QueueOutput>()).Message;
        Assert.Equal("2025-11-02", message.Date);

        var deliver = new DeliverDigestStage(_store, _store, _store, _store, _email, Renderer(), _clock);
        Assert.Equal(OutcomeCodes.DigestSent, (await deliver.HandleAsync(message)).Outcomes.Single().Code);
        Assert.Equal(OutcomeCodes.AlreadyDelivered, (await deliver.HandleAsync(message)).Outcomes.Single().Code);
        var mail = Assert.Single(_email.Sent);
        Assert.Equal(DeliverDigestStage.Key("daily", "2025-11-02"), mail.DeliveryKey);
        Assert.Contains(summary.Title, mail.Text);
        Assert.Contains("1 stories", mail.Subject);
    }
}
