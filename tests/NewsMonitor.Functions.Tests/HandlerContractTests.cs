using NewsMonitor.Functions.Protocol;
using System.Net;
using System.Text.Json;
using NewsMonitor.Domain;
using NewsMonitor.Pipeline;

namespace NewsMonitor.Functions.Tests;

/// <summary>Host-shaped invocations posted to the handler; the answers are checked as the host would read them.</summary>
public sealed class HandlerContractTests : IDisposable
{
    private readonly HandlerFactory _factory = new();
    private readonly HttpClient _client;

    public HandlerContractTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string function, string envelope)
    {
        using var response = await _client.PostAsync("/" + function, HostEnvelope.Body(envelope));
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return (response.StatusCode, doc.RootElement.Clone());
    }

    private static string[] Logs(JsonElement body) => body.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()!).ToArray();

    [Fact]
    public async Task Readiness_AnyAnswerOnRoot()
    {
        using var response = await _client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task FetchFeeds_Timer_ReturnsQueueOutputAsAnArrayOfObjects()
    {
        var (status, body) = await PostAsync(StageGraph.Names.FetchFeeds, HostEnvelope.Timer(StageGraph.Names.FetchFeeds));
        Assert.Equal(HttpStatusCode.OK, status);
        var articles = body.GetProperty("Outputs").GetProperty("articles");
        Assert.Equal(JsonValueKind.Array, articles.ValueKind);
        Assert.Equal(33, articles.GetArrayLength());
        Assert.All(articles.EnumerateArray(), m =>
        {
            Assert.Equal(JsonValueKind.Object, m.ValueKind); // never a bare string the host could base64-decode
            Assert.False(string.IsNullOrEmpty(m.GetProperty("id").GetString()));
            Assert.StartsWith("http", m.GetProperty("url").GetString(), StringComparison.Ordinal);
        });
        Assert.Contains(Logs(body), l => l.Contains(OutcomeCodes.Queued, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pipeline_TimerToQueueToBlobToQueues_OverTheHostsEncodings()
    {
        var (_, feeds) = await PostAsync(StageGraph.Names.FetchFeeds, HostEnvelope.Timer(StageGraph.Names.FetchFeeds));
        // Seed 000: relevant (UK, health), so it goes on to alert matching.
        var first = feeds.GetProperty("Outputs").GetProperty("articles").EnumerateArray()
            .Single(m => m.GetProperty("url").GetString()!.Contains("vnexpress.net/tp-hcm-va-liverpool", StringComparison.Ordinal)).GetRawText();
        var message = JsonSerializer.Deserialize<FetchArticleMessage>(first, Json.Options)!;

        // FetchArticle: the message double-encoded; the raw blob is written by the handler, not returned.
        var (status, fetched) = await PostAsync(StageGraph.Names.FetchArticle, HostEnvelope.Queue(StageGraph.Names.FetchArticle, first));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(fetched.GetProperty("Outputs").EnumerateObject());
        var rawPath = StageGraph.RawBlobPath(message.Id);
        var raw = await _factory.Blobs.ReadAsync(rawPath);
        Assert.NotNull(raw);

        // ClassifyArticle: blob content as base64, as with "dataType": "binary".
        var (classifiedStatus, classified) = await PostAsync(StageGraph.Names.ClassifyArticle,
            HostEnvelope.Blob(StageGraph.Names.ClassifyArticle, message.Id + ".json", raw, $"https://acct.blob.core.windows.net/{rawPath}"));
        Assert.Equal(HttpStatusCode.OK, classifiedStatus);
        var outputs = classified.GetProperty("Outputs");
        var store = Assert.Single(outputs.GetProperty("store").EnumerateArray());
        Assert.Equal(message.Id, store.GetProperty("id").GetString());
        Assert.Single(outputs.GetProperty("alerts").EnumerateArray());
        Assert.NotNull(await _factory.Blobs.ReadAsync(StageGraph.ArticleBlobPath(message.Id)));

        // StoreSummary from the store message.
        var (storedStatus, stored) = await PostAsync(StageGraph.Names.StoreSummary, HostEnvelope.Queue(StageGraph.Names.StoreSummary, store.GetRawText()));
        Assert.Equal(HttpStatusCode.OK, storedStatus);
        Assert.Contains(Logs(stored), l => l.Contains(OutcomeCodes.Stored, StringComparison.Ordinal));
        Assert.True(await _factory.Summaries.IsIndexedAsync(message.Id));
    }

    [Fact]
    public async Task ClassifyArticle_WithoutContent_ReadsTheBlobByItsUri()
    {
        var (_, feeds) = await PostAsync(StageGraph.Names.FetchFeeds, HostEnvelope.Timer(StageGraph.Names.FetchFeeds));
        var first = feeds.GetProperty("Outputs").GetProperty("articles")[0].GetRawText();
        var id = JsonDocument.Parse(first).RootElement.GetProperty("id").GetString()!;
        await PostAsync(StageGraph.Names.FetchArticle, HostEnvelope.Queue(StageGraph.Names.FetchArticle, first));
        var (status, body) = await PostAsync(StageGraph.Names.ClassifyArticle,
            HostEnvelope.Blob(StageGraph.Names.ClassifyArticle, id + ".json", null, $"http://127.0.0.1:10000/devstoreaccount1/raw/{id}.json"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(id, body.GetProperty("Outputs").GetProperty("store")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task MessageOfTheWrongShape_Is400_NamingWhatIsMissing_AndPoisonedOnTheLastDelivery()
    {
        var (status, body) = await PostAsync(StageGraph.Names.FetchArticle, HostEnvelope.Queue(StageGraph.Names.FetchArticle, """{"id":"a1"}""", dequeueCount: 2));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(Logs(body), l => l.Contains("retry", StringComparison.Ordinal) && l.Contains("missing url", StringComparison.Ordinal));

        (status, body) = await PostAsync(StageGraph.Names.FetchArticle, HostEnvelope.Queue(StageGraph.Names.FetchArticle, """{"id":"a1"}""", dequeueCount: 5));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(Logs(body), l => l.Contains(OutcomeCodes.Poisoned, StringComparison.Ordinal) && l.Contains("attempt 5 of 5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BlobThatIsNotARawArticle_IsRefused()
    {
        var (status, body) = await PostAsync(StageGraph.Names.ClassifyArticle,
            HostEnvelope.Blob(StageGraph.Names.ClassifyArticle, "x.json", "<html>not an envelope</html>"u8.ToArray(), "https://acct.blob.core.windows.net/raw/x.json"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(Logs(body), l => l.Contains("RawArticle", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"Data": "x"}""")]
    public async Task MalformedEnvelope_Is400(string envelope)
    {
        using var response = await _client.PostAsync("/" + StageGraph.Names.StoreSummary, HostEnvelope.Body(envelope));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(StageGraph.Names.StoreSummary, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownFunction_Is404()
    {
        using var response = await _client.PostAsync("/NoSuchFunction", HostEnvelope.Body(HostEnvelope.Timer("NoSuchFunction")));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task QueueMessage_InTheDocumentedCapturedShape_IsRead()
    {
        // Verbatim shape of azure-functions.md §1.3 (queueTrigger), message {"id":"a1","url":"…"} with the stage's other fields.
        const string envelope = """
            {"Data":{"message":"\"{\\\"id\\\":\\\"a1\\\",\\\"url\\\":\\\"https://vnexpress.net/x.html\\\",\\\"sourceId\\\":\\\"vnexpress\\\",\\\"outlet\\\":\\\"VnExpress\\\"}\""},
             "Metadata":{"DequeueCount":"1","ExpirationTime":"2025-11-08T01:00:00+00:00","Id":"\"6f0a\"","InsertionTime":"2025-11-01T01:00:00+00:00",
               "NextVisibleTime":"2025-11-01T01:00:30+00:00","PopReceipt":"\"AgAAAA==\"","id":"\"a1\"","url":"\"https://vnexpress.net/x.html\"",
               "sys":{"MethodName":"FetchArticle","UtcNow":"2025-11-01T01:00:00Z","RandGuid":"0b8f"}}}
            """;
        var (status, body) = await PostAsync(StageGraph.Names.FetchArticle, envelope);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(Logs(body), l => l.Contains("https://vnexpress.net/x.html", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HttpApi_HealthArticlesAndSubscriptions()
    {
        using (var health = await _client.GetAsync("/api/health")) Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        const string subscription = """{"id":"ops","email":"ops@example.vn","sectors":["health"],"countries":["GB"],"instant":true}""";
        using (var put = await _client.PutAsync("/api/subscriptions/ops", HostEnvelope.Body(subscription))) Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using (var bad = await _client.PutAsync("/api/subscriptions/ops", HostEnvelope.Body("""{"id":"ops","email":"nope","instant":true}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("not an email address", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var list = await _client.GetStringAsync("/api/subscriptions");
        Assert.Contains("ops@example.vn", list, StringComparison.Ordinal);

        using var articles = await _client.GetAsync("/api/articles?from=2025-10-31T00:00:00Z&to=2025-11-02T00:00:00Z");
        Assert.Equal(HttpStatusCode.OK, articles.StatusCode);
        using var badTime = await _client.GetAsync("/api/articles?from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
    }

    [Fact]
    public async Task MissingSettings_HealthSays503NamingThem_AndInvocationsFailNamingThem()
    {
        using var factory = new HandlerFactory(configured: false);
        using var client = factory.CreateClient();
        using var health = await client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var text = await health.Content.ReadAsStringAsync();
        Assert.Contains("AzureWebJobsStorage", text, StringComparison.Ordinal);
        Assert.Contains("AcsEmail:Endpoint", text, StringComparison.Ordinal);

        using var response = await client.PostAsync("/" + StageGraph.Names.DeliverAlert,
            HostEnvelope.Body(HostEnvelope.Queue(StageGraph.Names.DeliverAlert, """{"subscriptionId":"s","clusterId":"c","articleId":"a"}""", dequeueCount: 5)));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("not configured", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimerWithARetryPolicy_IsPoisonedOnlyOnItsLastRetry()
    {
        // DailyDigest without storage settings fails every run; the RetryContext says which try it is.
        using var factory = new HandlerFactory(configured: false);
        using var client = factory.CreateClient();
        string Envelope(int retry) => """{"Data":{"timer":{"IsPastDue":false}},"Metadata":{"RetryContext":{"RetryCount":""" + retry + ""","MaxRetryCount":3,"Exception":null},"sys":{"MethodName":"DailyDigest","UtcNow":"2025-11-02T00:00:00Z"}}}""";
        using (var first = await client.PostAsync("/" + StageGraph.Names.DailyDigest, HostEnvelope.Body(Envelope(0))))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
            var text = await first.Content.ReadAsStringAsync();
            Assert.Contains("attempt 1 of 4", text, StringComparison.Ordinal);
            Assert.DoesNotContain(OutcomeCodes.Poisoned, text, StringComparison.Ordinal);
        }
        using var last = await client.PostAsync("/" + StageGraph.Names.DailyDigest, HostEnvelope.Body(Envelope(3)));
        Assert.Contains("poisoned", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
