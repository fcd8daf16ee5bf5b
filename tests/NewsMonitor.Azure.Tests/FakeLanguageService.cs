using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using NewsMonitor.Azure.Language;

namespace NewsMonitor.Azure.Tests;

/// <summary>
/// Azure AI Language's synchronous <c>POST /language/:analyze-text?api-version=2024-11-01</c>, played as the REST
/// reference (azure-rest-api-specs <c>Language/stable/2024-11-01/analyzetext.json</c>) and the data-limits page document
/// it: key or bearer auth, the per-kind document limits (HTTP 400 <c>InvalidDocumentBatch</c> when exceeded), 5,120 text
/// elements per document (an <c>InvalidDocument</c> entry in <c>errors[]</c>), unsupported languages as per-document
/// errors, and results for the entities and phrases it knows. <see cref="Scripted"/> answers come first, one per request.
/// </summary>
public sealed class FakeLanguageService : IAsyncDisposable
{
    public const string Key = "test-language-key";

    private static readonly Dictionary<string, int> DocumentsPerRequest = new() { ["EntityRecognition"] = 5, ["KeyPhraseExtraction"] = 10, ["LanguageDetection"] = 1000 };

    /// <summary>Entity texts the "model" recognises, with their category.</summary>
    public Dictionary<string, string> Entities { get; } = new(StringComparer.Ordinal)
    {
        ["Nguyễn Văn Hồi"] = "Person",
        ["Bộ Giáo dục và Đào tạo"] = "Organization",
        ["GIZ"] = "Organization",
        ["Hà Nội"] = "City",
        ["Đức"] = "CountryRegion",
        ["Xóm Núi Mây"] = "Location",
        ["bác sĩ"] = "PersonType",
    };

    public List<string> Phrases { get; } = ["đào tạo nghề", "mô hình đào tạo kép", "chương trình"];

    /// <summary>Answers used before the documented behaviour, one per request (429s, 500s, garbage).</summary>
    public ConcurrentQueue<Func<HttpContext, Task>> Scripted { get; } = new();

    public LocalService Service { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => Service.Requests;

    public static async Task<FakeLanguageService> StartAsync()
    {
        var fake = new FakeLanguageService();
        fake.Service = await LocalService.StartAsync(fake.HandleAsync);
        return fake;
    }

    /// <summary>Client options for this service: key auth unless <paramref name="key"/> is false, fast retries.</summary>
    public AzureLanguageClientOptions Options(bool key = true) => new()
    {
        Endpoint = Service.Endpoint,
        Key = key ? Key : null,
        Transport = Service.Transport(),
        Retry = { Delay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
    };

    public ValueTask DisposeAsync() => Service.DisposeAsync();

    public static Task Respond(HttpContext context, int status, string body, params (string Name, string Value)[] headers)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        foreach (var (name, value) in headers) context.Response.Headers[name] = value;
        return context.Response.WriteAsync(body);
    }

    public static string Error(string code, string message, string? innerCode = null, string? innerMessage = null) =>
        new JsonObject { ["error"] = ErrorObject(code, message, innerCode, innerMessage) }.ToJsonString();

    private static JsonObject ErrorObject(string code, string message, string? innerCode = null, string? innerMessage = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (innerCode is not null) error["innererror"] = new JsonObject { ["code"] = innerCode, ["message"] = innerMessage ?? message };
        return error;
    }

    private Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        if (Scripted.TryDequeue(out var scripted)) return scripted(context);
        if (request.Method != "POST" || request.Path != "/language/:analyze-text")
            return Respond(context, 404, Error("404", "Resource not found"));
        if (request.QueryValue("api-version") != AzureLanguageClientOptions.DefaultApiVersion)
            return Respond(context, 404, Error("404", "Resource not found"));
        bool keyOk = request.Header("Ocp-Apim-Subscription-Key") == Key;
        bool tokenOk = request.Header("Authorization")?.StartsWith("Bearer token-", StringComparison.Ordinal) == true;
        if (!keyOk && !tokenOk)
            return Respond(context, 401, Error("401", "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."));

        JsonNode body;
        try
        {
            body = JsonNode.Parse(request.Body)!;
        }
        catch (JsonException)
        {
            return Respond(context, 400, Error("InvalidRequest", "Invalid Request.", "InvalidRequestBodyFormat", "Request body format is wrong. Make sure the json request is serialized correctly and there are no null members."));
        }
        var kind = body["kind"]?.GetValue<string>() ?? "";
        if (!DocumentsPerRequest.TryGetValue(kind, out var maxDocuments))
            return Respond(context, 400, Error("InvalidRequest", $"Invalid kind {kind}."));
        var documents = body["analysisInput"]!["documents"]!.AsArray();
        if (documents.Count > maxDocuments)
            return Respond(context, 400, Error("InvalidArgument", "Invalid document in request.", "InvalidDocumentBatch", $"Batch request contains too many records. Max {maxDocuments} records are permitted."));
        bool utf16 = body["parameters"]?["stringIndexType"]?.GetValue<string>() == "Utf16CodeUnit";

        var results = new JsonArray();
        var errors = new JsonArray();
        foreach (var document in documents)
        {
            var id = document!["id"]!.GetValue<string>();
            var text = document["text"]?.GetValue<string>() ?? "";
            var language = document["language"]?.GetValue<string>();
            if (text.Trim().Length == 0)
                errors.Add(new JsonObject { ["id"] = id, ["error"] = ErrorObject("InvalidArgument", "Invalid document in request.", "InvalidDocument", "Document text is empty.") });
            else if (new StringInfo(text).LengthInTextElements > 5120)
                errors.Add(new JsonObject { ["id"] = id, ["error"] = ErrorObject("InvalidArgument", "Invalid document in request.", "InvalidDocument", "A document within the request was too large to be processed. Limit document size to: 5120 text elements.") });
            else if (kind != "LanguageDetection" && language is not ("vi" or "en"))
                errors.Add(new JsonObject { ["id"] = id, ["error"] = ErrorObject("InvalidArgument", $"Invalid Language Code '{language}'.", "UnsupportedLanguageCode", $"Invalid language code '{language}'. Supported languages: vi, en, …") });
            else
                results.Add(Result(kind, id, text, utf16));
        }
        var response = new JsonObject
        {
            ["kind"] = kind + "Results",
            ["results"] = new JsonObject { ["documents"] = results, ["errors"] = errors, ["modelVersion"] = "2024-04-15" },
        };
        return Respond(context, 200, response.ToJsonString());
    }

    private JsonObject Result(string kind, string id, string text, bool utf16)
    {
        var result = new JsonObject { ["id"] = id, ["warnings"] = new JsonArray() };
        switch (kind)
        {
            case "EntityRecognition":
                var entities = new JsonArray();
                foreach (var (name, category) in Entities)
                    for (int at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
                        entities.Add(new JsonObject
                        {
                            ["text"] = name, ["category"] = category, ["offset"] = utf16 ? at : new StringInfo(text[..at]).LengthInTextElements,
                            ["length"] = utf16 ? name.Length : new StringInfo(name).LengthInTextElements, ["confidenceScore"] = 0.97,
                        });
                result["entities"] = entities;
                break;
            case "KeyPhraseExtraction":
                result["keyPhrases"] = new JsonArray(Phrases.Where(p => text.Contains(p, StringComparison.Ordinal)).Select(p => (JsonNode)JsonValue.Create(p)).ToArray());
                break;
            default:
                bool vietnamese = text.Any(c => "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ".Contains(char.ToLowerInvariant(c), StringComparison.Ordinal));
                result["detectedLanguage"] = new JsonObject
                {
                    ["name"] = vietnamese ? "Vietnamese" : "English", ["iso6391Name"] = vietnamese ? "vi" : "en", ["confidenceScore"] = 0.99,
                    ["scriptName"] = "Latin", ["scriptIso15924Code"] = "Latn",
                };
                break;
        }
        return result;
    }
}
