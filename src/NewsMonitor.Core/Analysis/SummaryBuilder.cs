using NewsMonitor.Domain;
using NewsMonitor.Text;

namespace NewsMonitor.Analysis;

/// <summary>The article as the structured summary describes it, apart from what the analyser found.</summary>
/// <param name="Language">The page's declared language (BCP 47), or null for Vietnamese by default.</param>
public sealed record SummarySource(string Id, string Url, string Outlet, string Title, DateTimeOffset? PublishedAt, DateTimeOffset FirstSeenAt, string? Author, string? Language);

/// <summary>Builds the structured summary (<see cref="StructuredSummary"/>) from the article and the analyser's result, the same for the pipeline and <c>newsmon analyze</c>.</summary>
public static class SummaryBuilder
{
    /// <param name="text">The body's fingerprint: its content hash and word count (words of the matching key).</param>
    public static StructuredSummary Build(SummarySource source, Analysis analysis, ClusterRef cluster, Dedup.TextFingerprint text) => new()
    {
        Id = source.Id,
        Url = source.Url,
        Outlet = source.Outlet,
        Title = source.Title,
        PublishedAt = source.PublishedAt,
        FirstSeenAt = source.FirstSeenAt,
        Author = source.Author,
        // The text says more than the page's declaration: an English article is "en" whatever the page claims.
        Language = analysis.Language == LanguageDetector.English ? LanguageDetector.English : source.Language ?? LanguageDetector.Vietnamese,
        MixedLanguage = analysis.Language == LanguageDetector.Mixed ? true : null,
        Relevant = analysis.Relevant,
        RelevanceScore = analysis.RelevanceScore,
        PartnerCountries = analysis.PartnerCountries,
        CountriesMentioned = analysis.CountriesMentioned,
        Sectors = analysis.Sectors,
        EventTypes = analysis.EventTypes,
        Localities = analysis.Localities,
        People = analysis.People,
        Organizations = analysis.Organizations,
        Amounts = analysis.Amounts,
        Dates = analysis.Dates,
        Summary = analysis.Summary,
        Cluster = cluster,
        WordCount = text.WordCount,
        ContentHash = text.ContentHash,
    };
}
