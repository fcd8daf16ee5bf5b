using NewsMonitor.Domain;

namespace NewsMonitor.Ports;

/// <summary>What an entity enricher reads: one article's cleaned title and paragraphs.</summary>
/// <param name="ArticleId">The article id, for logs and for services that want a document id.</param>
/// <param name="Language">The page's declared language (BCP 47, e.g. <c>vi</c>), or null when the page declares none.</param>
public sealed record EnrichmentRequest(string ArticleId, string Title, IReadOnlyList<string> Paragraphs, string? Language);

/// <summary>A person, organisation or place an enricher found.</summary>
/// <param name="Name">The name as written in the article (cleaned).</param>
/// <param name="Evidence">The matched text and the sentence it came from.</param>
/// <param name="Confidence">The enricher's confidence in [0, 1].</param>
public sealed record EnrichedEntity(string Name, Evidence Evidence, double Confidence);

/// <summary>
/// People, organisations, locations and key phrases that an enricher found in one article.
/// </summary>
/// <param name="Source">Who found them, written as <c>source</c> on every label added to the summary (e.g. <c>azure-language</c>).</param>
/// <param name="Notes">What the enricher had to do to the text or could not do (split, truncated, a part failed), for the stage outcome.</param>
public sealed record EntityEnrichment(
    string Source,
    IReadOnlyList<EnrichedEntity> People,
    IReadOnlyList<EnrichedEntity> Organizations,
    IReadOnlyList<EnrichedEntity> Locations,
    IReadOnlyList<string> KeyPhrases,
    IReadOnlyList<string> Notes);

/// <summary>
/// Named entities and key phrases from a service beside the explainable analyser (Azure AI Language, for one).
/// Optional: <c>ClassifyArticle</c> runs without one, and treats any exception as "classify with the analyser alone".
/// </summary>
public interface IEntityEnricher
{
    /// <summary>Finds people, organisations, locations and key phrases. Throws when the service could not answer for this article.</summary>
    Task<EntityEnrichment> EnrichAsync(EnrichmentRequest request, CancellationToken cancellationToken = default);
}
