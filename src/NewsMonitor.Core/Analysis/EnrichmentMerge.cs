using NewsMonitor.Domain;
using NewsMonitor.Ports;
using NewsMonitor.Text;

namespace NewsMonitor.Analysis;

/// <summary>
/// Adds an enricher's people, organisations and places to the analyser's own. The analyser's labels come first and win:
/// an enricher's name that is one of them, or contains or is contained in one word for word ("Lộc Hà" beside
/// "Nguyễn Lộc Hà"), is not added again. Added labels carry the enricher's <see cref="EntityEnrichment.Source"/> and
/// confidence. Pure and thread-safe.
/// </summary>
public static class EnrichmentMerge
{
    /// <summary>The merged labels and how many of each kind the enricher added.</summary>
    public sealed record Result(
        IReadOnlyList<PersonTag> People,
        IReadOnlyList<OrganizationTag> Organizations,
        IReadOnlyList<LocalityTag> Localities,
        IReadOnlyList<KeyPhraseTag> KeyPhrases,
        int AddedPeople,
        int AddedOrganizations,
        int AddedLocalities);

    /// <param name="countryOfPlace">The country of a place the enricher found, or null when unknown (see <see cref="ArticleAnalyzer.CountryOfPlace"/>).</param>
    public static Result Merge(Analysis analysis, EntityEnrichment enrichment, Func<string, string?> countryOfPlace)
    {
        var people = New(analysis.People.Select(p => p.Name), enrichment.People)
            .Select(e => new PersonTag(e.Name, null, e.Evidence) { Source = enrichment.Source, Confidence = Round(e.Confidence) }).ToList();
        var organizations = New(analysis.Organizations.Select(o => o.Name), enrichment.Organizations)
            .Select(e => new OrganizationTag(e.Name, null, e.Evidence) { Source = enrichment.Source, Confidence = Round(e.Confidence) }).ToList();
        var localities = New(analysis.Localities.Select(l => l.Name).Concat(analysis.Localities.Select(l => l.Evidence.Text)), enrichment.Locations)
            .Select(e => new LocalityTag(e.Name, countryOfPlace(e.Name), e.Evidence) { Source = enrichment.Source, Confidence = Round(e.Confidence) }).ToList();
        var phrases = enrichment.KeyPhrases
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .DistinctBy(VietnameseText.MatchKey)
            .Select(p => new KeyPhraseTag(p, enrichment.Source)).ToList();
        return new Result(
            [.. analysis.People, .. people],
            [.. analysis.Organizations, .. organizations],
            [.. analysis.Localities, .. localities],
            phrases,
            people.Count,
            organizations.Count,
            localities.Count);
    }

    private static double Round(double confidence) => Math.Round(Math.Clamp(confidence, 0, 1), 3);

    private static IEnumerable<EnrichedEntity> New(IEnumerable<string> ownNames, IReadOnlyList<EnrichedEntity> found)
    {
        var own = ownNames.Select(Padded).Where(k => k.Length > 2).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in found)
        {
            var key = Padded(entity.Name);
            if (key.Length <= 2 || !seen.Add(key)) continue;
            if (own.Any(o => o.Contains(key, StringComparison.Ordinal) || key.Contains(o, StringComparison.Ordinal))) continue;
            yield return entity;
        }
    }

    /// <summary>The matching key between spaces, so containment is whole words only.</summary>
    private static string Padded(string name) => " " + VietnameseText.MatchKey(name) + " ";
}
