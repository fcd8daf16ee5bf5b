using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Azure;
using NewsMonitor.Azure.Language;

namespace NewsMonitor.Azure.Tests;

public sealed class AzureLanguageClientTests : IAsyncLifetime
{
    private const string Sample = "Ngày 24/10, Bộ Giáo dục và Đào tạo và GIZ khởi động chương trình đào tạo nghề tại Hà Nội. Ông Nguyễn Văn Hồi phát biểu tại lễ khởi động.";

    private FakeLanguageService _service = null!;

    public async Task InitializeAsync() => _service = await FakeLanguageService.StartAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private static JsonElement Body(RecordedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    private static List<string> Texts(RecordedRequest request) =>
        Body(request).GetProperty("analysisInput").GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("text").GetString()!).ToList();

    /// <summary>A Vietnamese text of about <paramref name="chars"/> characters in sentences and paragraphs, naming <c>Nguyễn Văn Hồi</c> now and then.</summary>
    private static string LongText(int chars)
    {
        var text = new StringBuilder();
        for (int i = 0; text.Length < chars; i++)
        {
            text.Append(i % 7 == 3 ? "Ông Nguyễn Văn Hồi nói về chương trình đào tạo nghề số " : "Hai bên thảo luận về hợp tác giáo dục nghề nghiệp, phần ").Append(i).Append('.');
            text.Append(i % 5 == 4 ? '\n' : ' ');
        }
        return text.ToString().TrimEnd();
    }

    [Fact]
    public async Task RecognizeEntities_WithKey_SendsTheDocumentedRequest_AndReadsEntitiesWithOffsetsIntoTheText()
    {
        var client = new AzureLanguageClient(_service.Options());
        var result = Assert.Single(await client.RecognizeEntitiesAsync([new TextDocument("a1", Sample)]));

        var request = Assert.Single(_service.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/language/:analyze-text", request.Path);
        Assert.Equal("2024-11-01", request.QueryValue("api-version"));
        Assert.Equal(FakeLanguageService.Key, request.Header("Ocp-Apim-Subscription-Key"));
        Assert.Null(request.Header("Authorization"));
        var body = Body(request);
        Assert.Equal("EntityRecognition", body.GetProperty("kind").GetString());
        Assert.Equal("latest", body.GetProperty("parameters").GetProperty("modelVersion").GetString());
        Assert.Equal("Utf16CodeUnit", body.GetProperty("parameters").GetProperty("stringIndexType").GetString());
        var document = body.GetProperty("analysisInput").GetProperty("documents").EnumerateArray().Single();
        Assert.Equal("vi", document.GetProperty("language").GetString());
        Assert.Equal(Sample, document.GetProperty("text").GetString());

        Assert.Equal("a1", result.Id);
        Assert.Null(result.Error);
        Assert.Equal(["Bộ Giáo dục và Đào tạo", "GIZ", "Hà Nội", "Nguyễn Văn Hồi"], result.Entities.OrderBy(e => e.Offset).Select(e => e.Text));
        Assert.All(result.Entities, e => Assert.Equal(e.Text, Sample.Substring(e.Offset, e.Length)));
        Assert.Equal("City", result.Entities.Single(e => e.Text == "Hà Nội").Category);
    }

    [Fact]
    public async Task Requests_WithATokenCredential_CarryABearerTokenForTheCognitiveServicesScope()
    {
        var credential = new TestCredential();
        var client = new AzureLanguageClient(_service.Options(key: false), credential);
        var phrases = Assert.Single(await client.ExtractKeyPhrasesAsync([new TextDocument("a1", Sample)]));

        Assert.Equal(["chương trình", "đào tạo nghề"], phrases.KeyPhrases.Order(StringComparer.Ordinal));
        var request = Assert.Single(_service.Requests);
        Assert.Equal("Bearer token-1", request.Header("Authorization"));
        Assert.Null(request.Header("Ocp-Apim-Subscription-Key"));
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], credential.Scopes.Distinct());
        Assert.Equal("KeyPhraseExtraction", Body(request).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task ManyDocuments_AreSentWithinEachKindsDocumentLimit_AndComeBackInInputOrder()
    {
        var client = new AzureLanguageClient(_service.Options());
        var documents = Enumerable.Range(0, 12).Select(i => new TextDocument($"doc-{i}", i % 2 == 0 ? Sample : "Hội nghị tại Hà Nội.")).ToList();

        var entities = await client.RecognizeEntitiesAsync(documents);
        var phrases = await client.ExtractKeyPhrasesAsync(documents);
        var languages = await client.DetectLanguageAsync(documents);

        var kinds = _service.Requests.Select(r => (Kind: Body(r).GetProperty("kind").GetString(), Count: Texts(r).Count)).ToList();
        Assert.Equal([("EntityRecognition", 5), ("EntityRecognition", 5), ("EntityRecognition", 2)], kinds.Where(k => k.Kind == "EntityRecognition"));
        Assert.Equal([("KeyPhraseExtraction", 10), ("KeyPhraseExtraction", 2)], kinds.Where(k => k.Kind == "KeyPhraseExtraction"));
        Assert.Equal([("LanguageDetection", 12)], kinds.Where(k => k.Kind == "LanguageDetection"));
        Assert.Equal(documents.Select(d => d.Id), entities.Select(r => r.Id));
        Assert.Equal(documents.Select(d => d.Id), phrases.Select(r => r.Id));
        Assert.Equal(documents.Select(d => d.Id), languages.Select(r => r.Id));
        Assert.Equal(4, entities[10].Entities.Count);
        Assert.Equal(["Hà Nội"], entities[11].Entities.Select(e => e.Text));
        Assert.All(languages, l => Assert.Equal("vi", l.Language!.Iso6391Name));
        // Language detection sends no language and no string index type; entity recognition asks for UTF-16 offsets.
        var detection = Body(_service.Requests.Last());
        Assert.False(detection.GetProperty("parameters").TryGetProperty("stringIndexType", out _));
        Assert.False(detection.GetProperty("analysisInput").GetProperty("documents")[0].TryGetProperty("language", out _));
    }

    [Fact]
    public async Task LowerLimits_AreHonoured()
    {
        var options = _service.Options();
        options.Limits.EntityRecognitionDocuments = 2;
        var client = new AzureLanguageClient(options);
        await client.RecognizeEntitiesAsync(Enumerable.Range(0, 5).Select(i => new TextDocument($"{i}", Sample)));
        Assert.Equal([2, 2, 1], _service.Requests.Select(r => Texts(r).Count));
    }

    [Fact]
    public async Task ALongText_IsSplitAtSentenceEndsWithinTheCharacterLimit_AndEntityOffsetsPointIntoTheWholeText()
    {
        var text = LongText(12_000);
        var client = new AzureLanguageClient(_service.Options());
        var result = Assert.Single(await client.RecognizeEntitiesAsync([new TextDocument("long", text)]));

        var parts = _service.Requests.SelectMany(Texts).ToList();
        Assert.Equal(3, parts.Count);
        Assert.Equal(text, string.Concat(parts));
        Assert.All(parts, p => Assert.InRange(p.Length, 2_000, 5_120));
        Assert.All(parts[..^1], p => Assert.Matches(@"[.]\s$", p));
        Assert.Null(result.Error);
        Assert.Contains("split into 3 parts of at most 5120 characters at paragraph, sentence or word ends", result.Notes);
        int expected = 0;
        for (int at = text.IndexOf("Nguyễn Văn Hồi", StringComparison.Ordinal); at >= 0; at = text.IndexOf("Nguyễn Văn Hồi", at + 1, StringComparison.Ordinal)) expected++;
        var people = result.Entities.Where(e => e.Category == "Person").ToList();
        Assert.Equal(expected, people.Count);
        Assert.All(people, e => Assert.Equal("Nguyễn Văn Hồi", text.Substring(e.Offset, e.Length)));
        Assert.Contains(people, e => e.Offset > 10_240);
    }

    [Fact]
    public async Task AVeryLongText_IsCutAfterMaxPartsWithANote_AndLanguageDetectionReadsTheFirstPartOnly()
    {
        var text = LongText(30_000);
        var options = _service.Options();
        options.Limits.MaxPartsPerDocument = 2;
        var client = new AzureLanguageClient(options);

        var phrases = Assert.Single(await client.ExtractKeyPhrasesAsync([new TextDocument("long", text)]));
        var sent = _service.Requests.SelectMany(Texts).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Contains(phrases.Notes, n => n.StartsWith($"cut after {sent[0].Length + sent[1].Length} of {text.Length} characters (2 parts at most)", StringComparison.Ordinal));

        var language = Assert.Single(await client.DetectLanguageAsync([new TextDocument("long", text)]));
        var detection = Texts(_service.Requests.Last()).Single();
        Assert.True(detection.Length <= 5_120);
        Assert.Equal("vi", language.Language!.Iso6391Name);
        Assert.Equal([$"language detected from the first {detection.Length} of {text.Length} characters"], language.Notes);
    }

    [Fact]
    public async Task DocumentsTheServiceRejects_AreResultsWithTheirError_NotExceptions()
    {
        var client = new AzureLanguageClient(_service.Options());
        var results = await client.RecognizeEntitiesAsync([new TextDocument("ok", Sample), new TextDocument("klingon", Sample, "xx"), new TextDocument("empty", "   ")]);

        Assert.Null(results[0].Error);
        Assert.NotEmpty(results[0].Entities);
        Assert.Equal(new LanguageError("InvalidArgument", "Invalid Language Code 'xx'.", "UnsupportedLanguageCode"), results[1].Error);
        Assert.Empty(results[1].Entities);
        Assert.Equal("InvalidDocument", results[2].Error!.InnerCode);
        Assert.Single(_service.Requests);
    }

    [Fact]
    public async Task TooManyRequests_WithRetryAfter_IsRetriedNoSoonerThanAsked()
    {
        _service.Scripted.Enqueue(c => FakeLanguageService.Respond(c, 429, FakeLanguageService.Error("429", "Rate limit is exceeded. Try again in 1 seconds."), ("Retry-After", "1")));
        var client = new AzureLanguageClient(_service.Options());
        var watch = Stopwatch.StartNew();
        var result = Assert.Single(await client.RecognizeEntitiesAsync([new TextDocument("a", Sample)]));
        watch.Stop();

        Assert.NotEmpty(result.Entities);
        Assert.Equal(2, _service.Requests.Count);
        Assert.Equal(_service.Requests[0].Body, _service.Requests[1].Body);
        Assert.True(_service.Requests[1].At - _service.Requests[0].At >= TimeSpan.FromMilliseconds(950), $"retried after {_service.Requests[1].At - _service.Requests[0].At}");
    }

    [Fact]
    public async Task TooManyRequests_AskingForLongerThanMaxRetryAfter_FailsAtOnceWithTheServiceError()
    {
        _service.Scripted.Enqueue(c => FakeLanguageService.Respond(c, 429, FakeLanguageService.Error("429", "Rate limit is exceeded. Try again in 3600 seconds."), ("Retry-After", "3600")));
        var client = new AzureLanguageClient(_service.Options());
        var e = await Assert.ThrowsAsync<RequestFailedException>(() => client.RecognizeEntitiesAsync([new TextDocument("a", Sample)]));
        Assert.Equal(429, e.Status);
        Assert.Equal("429", e.ErrorCode);
        Assert.Contains("Rate limit is exceeded. Try again in 3600 seconds.", e.Message);
        Assert.Single(_service.Requests);
    }

    [Fact]
    public async Task BadRequest_WithAnErrorBody_ThrowsNamingTheServiceErrorCodeAndMessage_WithoutRetrying()
    {
        var client = new AzureLanguageClient(_service.Options());
        // The service's documented 400 for a batch it refuses (this client never sends one, so it is scripted).
        _service.Scripted.Enqueue(c => FakeLanguageService.Respond(c, 400,
            FakeLanguageService.Error("InvalidArgument", "Invalid document in request.", "InvalidDocumentBatch", "Batch request contains too many records. Max 5 records are permitted.")));

        var e = await Assert.ThrowsAsync<RequestFailedException>(() => client.RecognizeEntitiesAsync([new TextDocument("a", Sample)]));
        Assert.Equal(400, e.Status);
        Assert.Equal("InvalidArgument", e.ErrorCode);
        Assert.Equal("Azure AI Language EntityRecognition failed: HTTP 400 Bad Request, error InvalidArgument: Invalid document in request. (inner error InvalidDocumentBatch: Batch request contains too many records. Max 5 records are permitted.)", e.Message);
        Assert.Single(_service.Requests);
    }

    [Fact]
    public async Task WrongKey_Is401_WithTheServiceMessage()
    {
        var options = _service.Options();
        options.Key = "wrong";
        var e = await Assert.ThrowsAsync<RequestFailedException>(() => new AzureLanguageClient(options).DetectLanguageAsync([new TextDocument("a", Sample)]));
        Assert.Equal(401, e.Status);
        Assert.Contains("Access denied due to invalid subscription key", e.Message);
    }

    [Fact]
    public async Task ServerErrors_AreRetried_ThenThrowAClearException()
    {
        for (int i = 0; i < 4; i++) _service.Scripted.Enqueue(c => FakeLanguageService.Respond(c, 500, "<html><body>upstream exploded</body></html>"));
        var client = new AzureLanguageClient(_service.Options());
        var e = await Assert.ThrowsAsync<RequestFailedException>(() => client.RecognizeEntitiesAsync([new TextDocument("a", Sample)]));
        Assert.Equal(500, e.Status);
        Assert.Equal("Azure AI Language EntityRecognition failed: HTTP 500 Internal Server Error, and the body is not an Azure error object: <html><body>upstream exploded</body></html>", e.Message);
        Assert.Equal(4, _service.Requests.Count); // the first try and 3 retries
    }

    [Fact]
    public async Task ServerError_ThenSuccess_Succeeds()
    {
        _service.Scripted.Enqueue(c => FakeLanguageService.Respond(c, 503, FakeLanguageService.Error("ServiceUnavailable", "busy")));
        var result = Assert.Single(await new AzureLanguageClient(_service.Options()).ExtractKeyPhrasesAsync([new TextDocument("a", Sample)]));
        Assert.NotEmpty(result.KeyPhrases);
        Assert.Equal(2, _service.Requests.Count);
    }

    [Theory]
    [InlineData("{\"kind\":\"EntityRecognitionResults\",\"results\":{\"documents\":[{\"id\":", "the body is not JSON")]
    [InlineData("not json at all", "the body is not JSON")]
    [InlineData("{\"kind\":\"KeyPhraseExtractionResults\",\"results\":{\"documents\":[],\"errors\":[]}}", "the body is not a EntityRecognitionResults object")]
    [InlineData("{\"error\":null}", "the body is not a EntityRecognitionResults object")]
    public async Task Success_WithABodyThatIsNotTheDocumentedJson_ThrowsAClearException(string body, string expected)
    {
        _service.Scripted.Enqueue(c => FakeLanguageService.Respond(c, 200, body));
        var e = await Assert.ThrowsAsync<RequestFailedException>(() => new AzureLanguageClient(_service.Options()).RecognizeEntitiesAsync([new TextDocument("a", Sample)]));
        Assert.Equal(200, e.Status);
        Assert.StartsWith("Azure AI Language EntityRecognition: HTTP 200 but " + expected, e.Message);
    }

    [Fact]
    public void Options_Invalid_ListEveryProblemByName()
    {
        var options = new AzureLanguageClientOptions { Endpoint = new Uri("http://lang.example"), ApiVersion = "" };
        options.Limits.EntityRecognitionDocuments = 20;
        options.Limits.DocumentCharacters = 10_000;
        var e = Assert.Throws<ArgumentException>(() => new AzureLanguageClient(options));
        Assert.Contains("AzureLanguage:Endpoint must be an absolute https URI", e.Message);
        Assert.Contains("AzureLanguage:Key is empty and no TokenCredential was given", e.Message);
        Assert.Contains("AzureLanguage:ApiVersion is empty", e.Message);
        Assert.Contains("AzureLanguage:Limits:EntityRecognitionDocuments is 20; the service accepts 1 to 5", e.Message);
        Assert.Contains("AzureLanguage:Limits:DocumentCharacters is 10000; the service accepts 1 to 5,120", e.Message);

        Assert.Contains("AzureLanguage:Endpoint is required", Assert.Throws<ArgumentException>(() => new AzureLanguageClient(new AzureLanguageClientOptions { Key = "k" })).Message);
        Assert.Empty(new AzureLanguageClientOptions { Endpoint = new Uri("https://lang.example") }.Validate(hasCredential: true));
    }
}
