using System.Globalization;
using Azure.Core;

namespace NewsMonitor.Azure.Language;

/// <summary>
/// Settings of the Azure AI Language client, bound from the <see cref="SectionName"/> section. Retries, transport and
/// diagnostics are Azure.Core's (<see cref="ClientOptions"/>); the defaults here retry 3 times, at least 1 s apart and
/// never sooner than the service's <c>Retry-After</c>.
/// </summary>
public sealed class AzureLanguageClientOptions : ClientOptions
{
    public const string SectionName = "AzureLanguage";

    /// <summary>The GA version of the synchronous <c>:analyze-text</c> call this client speaks (azure-rest-api-specs <c>cognitiveservices/data-plane/Language/stable/2024-11-01/analyzetext.json</c>).</summary>
    public const string DefaultApiVersion = "2024-11-01";

    public AzureLanguageClientOptions()
    {
        Retry.MaxRetries = 3;
        Retry.Delay = TimeSpan.FromSeconds(1);
        Retry.MaxDelay = TimeSpan.FromSeconds(30);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>The resource endpoint, <c>https://&lt;resource&gt;.cognitiveservices.azure.com</c>. Entra ID tokens need this custom-subdomain form.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// A resource key, sent as <c>Ocp-Apim-Subscription-Key</c>. Leave empty to sign in with Entra ID (a managed identity
    /// with the Cognitive Services Language Reader or Cognitive Services User role), which needs no secret.
    /// </summary>
    public string? Key { get; set; }

    public string ApiVersion { get; set; } = DefaultApiVersion;

    /// <summary>Language of documents that do not name one (ISO 639-1).</summary>
    public string DefaultLanguage { get; set; } = "vi";

    /// <summary>The model version the service should use; <c>latest</c> follows the service's updates.</summary>
    public string ModelVersion { get; set; } = "latest";

    /// <summary>
    /// A 429 or 503 asking to wait longer than this is not retried: the call fails at once with the service's error,
    /// rather than holding the caller (a queue message has minutes, not hours).
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    public LanguageLimits Limits { get; set; } = new();

    /// <summary>Everything wrong with these settings, each naming the setting and what it should be; empty when valid.</summary>
    /// <param name="hasCredential">Whether a <see cref="TokenCredential"/> is given (then <see cref="Key"/> may be empty).</param>
    public IReadOnlyList<string> Validate(bool hasCredential)
    {
        var errors = new List<string>();
        if (Endpoint is null)
            errors.Add($"{SectionName}:Endpoint is required: the resource endpoint, https://<resource>.cognitiveservices.azure.com.");
        else if (!Endpoint.IsAbsoluteUri || Endpoint.Scheme != Uri.UriSchemeHttps)
            errors.Add($"{SectionName}:Endpoint must be an absolute https URI (keys and tokens never travel in clear text); got '{Endpoint}'.");
        if (string.IsNullOrWhiteSpace(Key) && !hasCredential)
            errors.Add($"{SectionName}:Key is empty and no TokenCredential was given: set a key, or sign in with Entra ID (managed identity).");
        if (string.IsNullOrWhiteSpace(ApiVersion))
            errors.Add($"{SectionName}:ApiVersion is empty; {DefaultApiVersion} is the version this client was written against.");
        if (string.IsNullOrWhiteSpace(DefaultLanguage))
            errors.Add($"{SectionName}:DefaultLanguage is empty; use an ISO 639-1 code such as vi.");
        if (MaxRetryAfter < TimeSpan.Zero)
            errors.Add($"{SectionName}:MaxRetryAfter is negative ({MaxRetryAfter}).");
        if (Retry.MaxRetries < 0)
            errors.Add($"{SectionName}:Retry:MaxRetries is negative ({Retry.MaxRetries}).");
        errors.AddRange(Limits.Validate($"{SectionName}:Limits"));
        return errors;
    }
}

/// <summary>
/// How much one synchronous <c>:analyze-text</c> request may carry. The defaults are the documented maxima
/// (MicrosoftDocs/azure-ai-docs <c>articles/ai-services/language-service/concepts/data-limits.md</c>, ms.date 2025-11-18):
/// more documents than these in a request is an HTTP 400, and a longer document an invalid-document error.
/// Lower them to send less per request; they cannot be raised above the documented values.
/// </summary>
public sealed class LanguageLimits
{
    /// <summary>Named Entity Recognition: at most 5 documents per request.</summary>
    public const int DocumentedEntityRecognitionDocuments = 5;

    /// <summary>Key Phrase Extraction: at most 10 documents per request.</summary>
    public const int DocumentedKeyPhraseDocuments = 10;

    /// <summary>Language Detection: at most 1,000 documents per request.</summary>
    public const int DocumentedLanguageDetectionDocuments = 1000;

    /// <summary>Synchronous preconfigured features: at most 5,120 characters per document, counted as text elements (<c>StringInfo.LengthInTextElements</c>).</summary>
    public const int DocumentedDocumentCharacters = 5120;

    /// <summary>All preconfigured features: at most 1 MB per request. Read here as 1,000,000 bytes of JSON, the smaller reading.</summary>
    public const int DocumentedRequestBytes = 1_000_000;

    public int EntityRecognitionDocuments { get; set; } = DocumentedEntityRecognitionDocuments;

    public int KeyPhraseDocuments { get; set; } = DocumentedKeyPhraseDocuments;

    public int LanguageDetectionDocuments { get; set; } = DocumentedLanguageDetectionDocuments;

    /// <summary>
    /// Longer texts are split at paragraph, sentence or word ends into parts of at most this many characters (UTF-16 code
    /// units, never fewer than text elements), and each result tells how. Language detection reads the first part only.
    /// </summary>
    public int DocumentCharacters { get; set; } = DocumentedDocumentCharacters;

    public int RequestBytes { get; set; } = DocumentedRequestBytes;

    /// <summary>
    /// Parts analysed per document at most; the rest of a longer text is not sent, and the result says so. The service
    /// bills per 1,000 characters, and 10 parts (51,200 characters) is several times a long news report.
    /// </summary>
    public int MaxPartsPerDocument { get; set; } = 10;

    internal IEnumerable<string> Validate(string prefix)
    {
        static string? Check(string name, int value, int max) =>
            value < 1 || value > max ? string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; the service accepts 1 to {max:N0} (data-limits).") : null;
        return new[]
        {
            Check($"{prefix}:EntityRecognitionDocuments", EntityRecognitionDocuments, DocumentedEntityRecognitionDocuments),
            Check($"{prefix}:KeyPhraseDocuments", KeyPhraseDocuments, DocumentedKeyPhraseDocuments),
            Check($"{prefix}:LanguageDetectionDocuments", LanguageDetectionDocuments, DocumentedLanguageDetectionDocuments),
            Check($"{prefix}:DocumentCharacters", DocumentCharacters, DocumentedDocumentCharacters),
            Check($"{prefix}:RequestBytes", RequestBytes, DocumentedRequestBytes),
            MaxPartsPerDocument < 1 ? $"{prefix}:MaxPartsPerDocument is {MaxPartsPerDocument}; at least 1." : null,
            DocumentCharacters is >= 1 and < 100 ? $"{prefix}:DocumentCharacters is {DocumentCharacters}; at least 100, so a part can hold a sentence." : null,
        }.OfType<string>();
    }
}
