using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using NewsMonitor.Azure.Http;

namespace NewsMonitor.Azure.Language;

/// <summary>
/// Language detection, named entity recognition and key phrase extraction over Azure AI Language's synchronous REST
/// call <c>POST {endpoint}/language/:analyze-text?api-version=2024-11-01</c>, on an Azure.Core pipeline.
/// </summary>
/// <remarks>
/// <para>Each call takes any number of documents and sends as many requests as the documented limits need
/// (<see cref="LanguageLimits"/>): per-kind documents per request, characters per document (longer texts are split at
/// paragraph, sentence or word ends and the parts' results joined, offsets included), bytes per request.</para>
/// <para>Auth is a bearer token for <c>https://cognitiveservices.azure.com/.default</c> from a <see cref="TokenCredential"/>,
/// or the resource key as <c>Ocp-Apim-Subscription-Key</c>, applied on every try. Retries are Azure.Core's (429, 5xx,
/// network errors), never sooner than the service's <c>Retry-After</c> and bounded by
/// <see cref="AzureLanguageClientOptions.MaxRetryAfter"/>.</para>
/// <para>A document the service rejects is a result with an <see cref="LanguageError"/>, not an exception. A failed
/// request (after retries) throws <see cref="RequestFailedException"/> naming the service's error code and message; a
/// success status with a body that is not the documented JSON throws one too. Thread-safe.</para>
/// </remarks>
public class AzureLanguageClient
{
    /// <summary>The Entra ID scope of Azure AI services.</summary>
    public const string Scope = "https://cognitiveservices.azure.com/.default";

    private const string EntityRecognition = "EntityRecognition";
    private const string KeyPhraseExtraction = "KeyPhraseExtraction";
    private const string LanguageDetection = "LanguageDetection";

    /// <summary>Per-document JSON around the text (id, language, quotes, commas), for the request-size budget.</summary>
    private const int DocumentOverheadBytes = 64;

    private readonly HttpPipeline _pipeline = null!;
    private readonly AzureLanguageClientOptions _options = null!;
    private readonly Uri _endpoint = null!;

    /// <summary>For mocking.</summary>
    protected AzureLanguageClient()
    {
    }

    /// <param name="credential">Signs requests with Entra ID tokens; null to use <see cref="AzureLanguageClientOptions.Key"/>. When both are given, the key wins.</param>
    /// <param name="clock">For <c>Retry-After</c> given as a date; the system clock by default.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public AzureLanguageClient(AzureLanguageClientOptions options, TokenCredential? credential = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate(credential is not null);
        if (errors.Count > 0) throw new ArgumentException("Azure AI Language settings are invalid: " + string.Join(" ", errors), nameof(options));
        _options = options;
        _endpoint = new Uri(options.Endpoint!.AbsoluteUri.TrimEnd('/'));
        options.RetryPolicy ??= BoundedRetryPolicy.From(options.Retry, options.MaxRetryAfter, clock ?? TimeProvider.System);
        HttpPipelinePolicy auth = string.IsNullOrWhiteSpace(options.Key)
            ? new BearerTokenAuthenticationPolicy(credential!, Scope)
            : new HeaderPolicy("Ocp-Apim-Subscription-Key", options.Key);
        _pipeline = HttpPipelineBuilder.Build(options, auth);
    }

    /// <summary>Detects the language of each document from its first part (up to <see cref="LanguageLimits.DocumentCharacters"/>).</summary>
    /// <returns>One result per document, in input order.</returns>
    public virtual async Task<IReadOnlyList<LanguageDetectionResult>> DetectLanguageAsync(IEnumerable<TextDocument> documents, CancellationToken cancellationToken = default)
    {
        var (inputs, parts) = Prepare(documents, firstPartOnly: true);
        var answers = await AnalyzeAsync(LanguageDetection, parts, _options.Limits.LanguageDetectionDocuments, cancellationToken).ConfigureAwait(false);
        return inputs.Select(input =>
        {
            var (notes, error, results) = Collect(input, answers);
            var found = results.Select(r => r.DetectedLanguage).FirstOrDefault(d => d is not null);
            var language = found is { Iso6391Name: { } code } ? new DetectedLanguage(found.Name ?? code, code, found.ConfidenceScore) : null;
            if (language is null && error is null) error = new LanguageError("MissingResult", "the response has no detected language for this document");
            return new LanguageDetectionResult(input.Document.Id, language, error, notes);
        }).ToList();
    }

    /// <summary>Named entities of each document, with offsets into the caller's text.</summary>
    /// <returns>One result per document, in input order.</returns>
    public virtual async Task<IReadOnlyList<EntitiesResult>> RecognizeEntitiesAsync(IEnumerable<TextDocument> documents, CancellationToken cancellationToken = default)
    {
        var (inputs, parts) = Prepare(documents, firstPartOnly: false);
        var answers = await AnalyzeAsync(EntityRecognition, parts, _options.Limits.EntityRecognitionDocuments, cancellationToken).ConfigureAwait(false);
        return inputs.Select(input =>
        {
            var (notes, error, _) = Collect(input, answers);
            var entities = new List<RecognizedEntity>();
            foreach (var part in input.Parts)
                if (answers.TryGetValue(part.WireId, out var answer) && answer.Result?.Entities is { } found)
                    entities.AddRange(found.Where(e => e.Text is not null && e.Category is not null)
                        .Select(e => new RecognizedEntity(e.Text!, e.Category!, e.Subcategory, part.Start + e.Offset, e.Length, e.ConfidenceScore)));
            return new EntitiesResult(input.Document.Id, entities, error, notes);
        }).ToList();
    }

    /// <summary>Key phrases of each document (of all its parts, each phrase once).</summary>
    /// <returns>One result per document, in input order.</returns>
    public virtual async Task<IReadOnlyList<KeyPhrasesResult>> ExtractKeyPhrasesAsync(IEnumerable<TextDocument> documents, CancellationToken cancellationToken = default)
    {
        var (inputs, parts) = Prepare(documents, firstPartOnly: false);
        var answers = await AnalyzeAsync(KeyPhraseExtraction, parts, _options.Limits.KeyPhraseDocuments, cancellationToken).ConfigureAwait(false);
        return inputs.Select(input =>
        {
            var (notes, error, results) = Collect(input, answers);
            var phrases = results.SelectMany(r => r.KeyPhrases ?? []).Distinct(StringComparer.Ordinal).ToList();
            return new KeyPhrasesResult(input.Document.Id, phrases, error, notes);
        }).ToList();
    }

    private sealed record Part(string WireId, int Start, string Text, string Language);

    private sealed record Input(TextDocument Document, IReadOnlyList<Part> Parts, IReadOnlyList<string> Notes);

    private sealed record Answer(WireDocumentResult? Result, ServiceError? Error);

    /// <summary>Splits each document into parts within the character limit; wire ids are "document.part", unique per call.</summary>
    private (List<Input> Inputs, List<Part> Parts) Prepare(IEnumerable<TextDocument> documents, bool firstPartOnly)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var limits = _options.Limits;
        var inputs = new List<Input>();
        var all = new List<Part>();
        foreach (var document in documents)
        {
            ArgumentNullException.ThrowIfNull(document);
            var text = document.Text ?? "";
            var spans = TextParts.Split(text, limits.DocumentCharacters);
            var notes = new List<string>();
            int keep = firstPartOnly ? 1 : Math.Min(spans.Count, limits.MaxPartsPerDocument);
            if (spans.Count > 1 && !firstPartOnly)
                notes.Add(Invariant($"split into {keep} parts of at most {limits.DocumentCharacters} characters at paragraph, sentence or word ends"));
            if (keep < spans.Count)
            {
                int analysed = spans[keep - 1].Start + spans[keep - 1].Length;
                notes.Add(firstPartOnly
                    ? Invariant($"language detected from the first {analysed} of {text.Length} characters")
                    : Invariant($"cut after {analysed} of {text.Length} characters ({limits.MaxPartsPerDocument} parts at most); the rest was not analysed"));
            }
            var language = string.IsNullOrWhiteSpace(document.Language) ? _options.DefaultLanguage : document.Language;
            var parts = spans.Take(keep).Select((s, k) => new Part(Invariant($"{inputs.Count}.{k}"), s.Start, text.Substring(s.Start, s.Length), language)).ToList();
            inputs.Add(new Input(document, parts, notes));
            all.AddRange(parts);
        }
        return (inputs, all);
    }

    /// <summary>The notes, first error and successful wire results of one document's parts.</summary>
    private static (List<string> Notes, LanguageError? Error, List<WireDocumentResult> Results) Collect(Input input, Dictionary<string, Answer> answers)
    {
        var notes = new List<string>(input.Notes);
        LanguageError? first = null;
        var results = new List<WireDocumentResult>();
        for (int k = 0; k < input.Parts.Count; k++)
        {
            var where = input.Parts.Count > 1 ? Invariant($"part {k + 1} of {input.Parts.Count}: ") : "";
            if (!answers.TryGetValue(input.Parts[k].WireId, out var answer))
            {
                var missing = new LanguageError("MissingResult", "the response lists this document neither in documents nor in errors");
                first ??= missing;
                notes.Add(where + missing);
                continue;
            }
            if (answer.Error is { } e)
            {
                var error = new LanguageError(e.Code ?? "(no code)", e.Message ?? "(no message)", e.Innererror?.Code);
                first ??= error;
                if (input.Parts.Count > 1) notes.Add(where + error);
                continue;
            }
            results.Add(answer.Result!);
            foreach (var w in answer.Result!.Warnings ?? [])
                notes.Add(where + "warning " + w.Code + ": " + w.Message);
        }
        return (notes, first, results);
    }

    /// <summary>Sends the parts in requests within the per-kind document limit and the request-size limit; answers by wire id.</summary>
    private async Task<Dictionary<string, Answer>> AnalyzeAsync(string kind, List<Part> parts, int documentsPerRequest, CancellationToken cancellationToken)
    {
        var answers = new Dictionary<string, Answer>(StringComparer.Ordinal);
        var batch = new List<Part>();
        int bytes = 0;
        foreach (var part in parts)
        {
            int size = Encoding.UTF8.GetByteCount(part.Text) + DocumentOverheadBytes;
            if (batch.Count > 0 && (batch.Count == documentsPerRequest || bytes + size > _options.Limits.RequestBytes - 1024))
            {
                await SendAsync(kind, batch, answers, cancellationToken).ConfigureAwait(false);
                batch.Clear();
                bytes = 0;
            }
            batch.Add(part);
            bytes += size;
        }
        if (batch.Count > 0) await SendAsync(kind, batch, answers, cancellationToken).ConfigureAwait(false);
        return answers;
    }

    private async Task SendAsync(string kind, List<Part> batch, Dictionary<string, Answer> answers, CancellationToken cancellationToken)
    {
        var operation = $"Azure AI Language {kind}";
        var body = new AnalyzeTextRequest(kind,
            new AnalyzeParameters(_options.ModelVersion, kind == EntityRecognition ? "Utf16CodeUnit" : null),
            new AnalysisInput(batch.Select(p => new WireDocument(p.WireId, p.Text, kind == LanguageDetection ? null : p.Language)).ToList()));

        using var message = ServiceRequests.PostJson(_pipeline, _endpoint, "/language/:analyze-text", _options.ApiVersion,
            JsonSerializer.SerializeToUtf8Bytes(body, LanguageJson.Default.AnalyzeTextRequest));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);

        var response = message.Response;
        if (response.Status != 200) throw ServiceErrors.Failure(response, operation);
        AnalyzeTextResponse? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(response.Content.ToMemory().Span, LanguageJson.Default.AnalyzeTextResponse);
        }
        catch (JsonException e)
        {
            throw ServiceErrors.Unreadable(response, operation, "the body is not JSON (" + e.Message + ")", e);
        }
        if (parsed?.Results is not { } results || parsed.Kind != kind + "Results")
            throw ServiceErrors.Unreadable(response, operation, $"the body is not a {kind}Results object");
        foreach (var d in results.Documents ?? [])
            if (d.Id is not null) answers[d.Id] = new Answer(d, null);
        foreach (var e in results.Errors ?? [])
            if (e.Id is not null) answers[e.Id] = new Answer(null, e.Error ?? new ServiceError("(no code)", "(no message)"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
