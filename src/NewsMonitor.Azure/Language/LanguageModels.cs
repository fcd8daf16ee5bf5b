using System.Text.Json;
using System.Text.Json.Serialization;
using NewsMonitor.Azure.Http;

namespace NewsMonitor.Azure.Language;

/// <summary>One text to analyse.</summary>
/// <param name="Id">The caller's id; results carry it back. Any string, unique within one call.</param>
/// <param name="Language">ISO 639-1 language of the text; null means <see cref="AzureLanguageClientOptions.DefaultLanguage"/>. Ignored by language detection.</param>
public sealed record TextDocument(string Id, string Text, string? Language = null);

/// <summary>A document the service could not analyse: its error from the response's <c>errors[]</c>.</summary>
/// <param name="Code">The service's error code, e.g. <c>InvalidArgument</c>.</param>
/// <param name="InnerCode">The more specific code when the service gives one, e.g. <c>InvalidDocument</c> or <c>UnsupportedLanguageCode</c>.</param>
public sealed record LanguageError(string Code, string Message, string? InnerCode = null)
{
    public override string ToString() => InnerCode is null ? $"{Code}: {Message}" : $"{Code}/{InnerCode}: {Message}";
}

/// <summary>A named entity.</summary>
/// <param name="Category">The service's category: <c>Person</c>, <c>Organization</c>, <c>Location</c>, and in 2024-11-01 finer ones such as <c>City</c> or <c>CountryRegion</c>.</param>
/// <param name="Offset">Where the entity starts in the caller's text, in UTF-16 code units (a .NET string index), also for split texts.</param>
/// <param name="Length">Its length in UTF-16 code units.</param>
public sealed record RecognizedEntity(string Text, string Category, string? Subcategory, int Offset, int Length, double ConfidenceScore);

/// <summary>Entities of one document. With an <see cref="Error"/>, the entities are those of the parts that succeeded (none for an unsplit text).</summary>
/// <param name="Notes">What was done to the text (split, cut) and which parts failed; the service's warnings.</param>
public sealed record EntitiesResult(string Id, IReadOnlyList<RecognizedEntity> Entities, LanguageError? Error, IReadOnlyList<string> Notes);

/// <summary>Key phrases of one document, in the service's order, each once.</summary>
public sealed record KeyPhrasesResult(string Id, IReadOnlyList<string> KeyPhrases, LanguageError? Error, IReadOnlyList<string> Notes);

/// <summary>A detected language.</summary>
/// <param name="Iso6391Name">ISO 639-1 code, e.g. <c>vi</c>.</param>
public sealed record DetectedLanguage(string Name, string Iso6391Name, double ConfidenceScore);

/// <summary>The language of one document, detected from its first part.</summary>
public sealed record LanguageDetectionResult(string Id, DetectedLanguage? Language, LanguageError? Error, IReadOnlyList<string> Notes);

// The wire shapes of POST {endpoint}/language/:analyze-text (2024-11-01).

internal sealed record AnalyzeTextRequest(string Kind, AnalyzeParameters Parameters, AnalysisInput AnalysisInput);

internal sealed record AnalyzeParameters(string ModelVersion, string? StringIndexType = null);

internal sealed record AnalysisInput(IReadOnlyList<WireDocument> Documents);

internal sealed record WireDocument(string Id, string Text, string? Language = null);

internal sealed record AnalyzeTextResponse(string? Kind, WireResults? Results);

internal sealed record WireResults(IReadOnlyList<WireDocumentResult>? Documents, IReadOnlyList<WireDocumentError>? Errors, string? ModelVersion);

internal sealed record WireDocumentResult(
    string? Id,
    IReadOnlyList<WireEntity>? Entities,
    IReadOnlyList<string>? KeyPhrases,
    WireDetectedLanguage? DetectedLanguage,
    IReadOnlyList<WireWarning>? Warnings);

internal sealed record WireEntity(string? Text, string? Category, string? Subcategory, int Offset, int Length, double ConfidenceScore);

internal sealed record WireDetectedLanguage(string? Name, string? Iso6391Name, double ConfidenceScore);

internal sealed record WireWarning(string? Code, string? Message);

internal sealed record WireDocumentError(string? Id, ServiceError? Error);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AnalyzeTextRequest))]
[JsonSerializable(typeof(AnalyzeTextResponse))]
internal sealed partial class LanguageJson : JsonSerializerContext;
