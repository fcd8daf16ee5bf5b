using System.Globalization;
using NewsMonitor.Domain;
using NewsMonitor.Ports;
using NewsMonitor.Text;

namespace NewsMonitor.Azure.Language;

/// <summary>How <see cref="AzureLanguageEnricher"/> reads the service's answers, bound from <c>AzureLanguage:Enrichment</c>.</summary>
public sealed class AzureLanguageEnricherOptions
{
    public const string SectionName = "AzureLanguage:Enrichment";

    /// <summary>
    /// Entities the service scores below this are dropped. 0.6 keeps what the service rates as clearly more likely right
    /// than wrong; tune it against a labelled sample before relying on it.
    /// </summary>
    public double MinConfidence { get; set; } = 0.6;

    /// <summary>Key phrases kept per article, in the service's order (a digest shows a handful, not fifty).</summary>
    public int MaxKeyPhrases { get; set; } = 20;

    /// <summary>When the page declares no language it is detected; a detection scored below this is ignored and the client's default language used.</summary>
    public double MinLanguageConfidence { get; set; } = 0.5;

    /// <summary>Everything wrong with these settings; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MinConfidence is < 0 or > 1) errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:MinConfidence is {MinConfidence}; a confidence is in [0, 1]."));
        if (MinLanguageConfidence is < 0 or > 1) errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:MinLanguageConfidence is {MinLanguageConfidence}; a confidence is in [0, 1]."));
        if (MaxKeyPhrases < 0) errors.Add($"{SectionName}:MaxKeyPhrases is {MaxKeyPhrases}; 0 or more.");
        return errors;
    }
}

/// <summary>The service could not analyse an article's text: its per-document error.</summary>
public sealed class AzureLanguageDocumentException(string articleId, LanguageError error)
    : Exception($"Azure AI Language could not analyse article {articleId}: {error}")
{
    public string ArticleId { get; } = articleId;

    public LanguageError Error { get; } = error;
}

/// <summary>
/// <see cref="IEntityEnricher"/> on Azure AI Language: entity recognition and key phrase extraction over the article's
/// title and paragraphs (one document, split by the client when longer than the service takes), language detection
/// when the page declares no language. People are <c>Person</c>; organisations <c>Organization</c> and its
/// <c>Organization*</c> kinds; places <c>Location</c> and the 2024-11-01 place kinds (<see cref="Categories"/>). Others
/// (<c>PersonType</c>, dates, quantities…) are left out. Thread-safe.
/// </summary>
public sealed class AzureLanguageEnricher : IEntityEnricher
{
    /// <summary>Written as <c>source</c> on the labels this enricher adds.</summary>
    public const string Source = "azure-language";

    private enum Kind { Person, Organization, Location }

    /// <summary>
    /// Service categories mapped to the summary's kinds: the <c>EntityCategory</c> enum of azure-rest-api-specs
    /// <c>Language/stable/2024-11-01/analyzetext.json</c> (earlier models answer <c>Location</c> with subcategories).
    /// </summary>
    private static readonly Dictionary<string, Kind> Categories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Person"] = Kind.Person,
        ["Organization"] = Kind.Organization,
        ["OrganizationMedical"] = Kind.Organization,
        ["OrganizationStockExchange"] = Kind.Organization,
        ["OrganizationSports"] = Kind.Organization,
        ["Location"] = Kind.Location,
        ["GPE"] = Kind.Location,
        ["City"] = Kind.Location,
        ["State"] = Kind.Location,
        ["CountryRegion"] = Kind.Location,
        ["Continent"] = Kind.Location,
        ["Geological"] = Kind.Location,
        ["Structural"] = Kind.Location,
        ["Airport"] = Kind.Location,
    };

    private readonly AzureLanguageClient _client;
    private readonly AzureLanguageEnricherOptions _options;

    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public AzureLanguageEnricher(AzureLanguageClient client, AzureLanguageEnricherOptions? options = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? new AzureLanguageEnricherOptions();
        var errors = _options.Validate();
        if (errors.Count > 0) throw new ArgumentException("Azure AI Language enrichment settings are invalid: " + string.Join(" ", errors), nameof(options));
    }

    /// <exception cref="AzureLanguageDocumentException">The service rejected the article's text (entity recognition found nothing to return).</exception>
    /// <exception cref="Azure.RequestFailedException">A request failed after retries.</exception>
    public async Task<EntityEnrichment> EnrichAsync(EnrichmentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = string.Join('\n', new[] { request.Title }.Concat(request.Paragraphs).Where(p => !string.IsNullOrWhiteSpace(p)));
        var notes = new List<string>();
        var language = PrimaryLanguage(request.Language);
        if (language is null)
        {
            var detected = (await _client.DetectLanguageAsync([new TextDocument(request.ArticleId, text)], cancellationToken).ConfigureAwait(false)).Single();
            if (detected.Language is { } guess && guess.ConfidenceScore >= _options.MinLanguageConfidence)
            {
                language = guess.Iso6391Name;
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"language detected: {guess.Iso6391Name} ({guess.ConfidenceScore:0.00})"));
            }
            else notes.Add("language not declared nor detected; the client's default used");
        }

        var document = new TextDocument(request.ArticleId, text, language);
        var entities = (await _client.RecognizeEntitiesAsync([document], cancellationToken).ConfigureAwait(false)).Single();
        if (entities.Error is { } error && entities.Entities.Count == 0) throw new AzureLanguageDocumentException(request.ArticleId, error);
        var phrases = (await _client.ExtractKeyPhrasesAsync([document], cancellationToken).ConfigureAwait(false)).Single();
        // Both calls split the text the same way, so their notes mostly repeat: keep each once.
        foreach (var note in entities.Notes.Concat(phrases.Notes))
            if (!notes.Contains(note)) notes.Add(note);
        if (phrases.Error is { } phraseError && phrases.KeyPhrases.Count == 0) notes.Add("key phrases failed: " + phraseError);

        var found = new Dictionary<Kind, List<EnrichedEntity>> { [Kind.Person] = [], [Kind.Organization] = [], [Kind.Location] = [] };
        var seen = new Dictionary<(Kind, string), int>();
        foreach (var entity in entities.Entities.OrderBy(e => e.Offset))
        {
            if (!Categories.TryGetValue(entity.Category, out var kind) || entity.ConfidenceScore < _options.MinConfidence) continue;
            var name = VietnameseText.Clean(entity.Text);
            var key = (kind, VietnameseText.MatchKey(name));
            if (key.Item2.Length == 0) continue;
            var list = found[kind];
            if (seen.TryGetValue(key, out var at))
            {
                // The same name again: keep the first mention's evidence and the best score.
                if (entity.ConfidenceScore > list[at].Confidence) list[at] = list[at] with { Confidence = entity.ConfidenceScore };
                continue;
            }
            seen[key] = list.Count;
            list.Add(new EnrichedEntity(name, new Evidence(entity.Text, Sentence(text, entity.Offset)), entity.ConfidenceScore));
        }
        var keyPhrases = phrases.KeyPhrases.Select(p => VietnameseText.Clean(p)).Where(p => p.Length > 0).Take(_options.MaxKeyPhrases).ToList();
        return new EntityEnrichment(Source, found[Kind.Person], found[Kind.Organization], found[Kind.Location], keyPhrases, notes);
    }

    /// <summary>The primary subtag of a BCP 47 tag (<c>vi-VN</c> → <c>vi</c>), or null for none.</summary>
    private static string? PrimaryLanguage(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag)) return null;
        var primary = tag.Trim().Split('-', '_')[0].ToLowerInvariant();
        return primary.Length is 2 or 3 ? primary : null;
    }

    /// <summary>The sentence around an offset: its paragraph's sentence that holds it, shortened to 240 characters around it.</summary>
    private static string Sentence(string text, int offset)
    {
        offset = Math.Clamp(offset, 0, Math.Max(0, text.Length - 1));
        int start = offset > 0 ? text.LastIndexOf('\n', offset - 1) + 1 : 0;
        int end = text.IndexOf('\n', offset);
        var paragraph = text[start..(end < 0 ? text.Length : end)];
        int within = offset - start, from = 0;
        foreach (var sentence in SentenceSplitter.Split(paragraph))
        {
            int at = paragraph.IndexOf(sentence, from, StringComparison.Ordinal);
            if (at < 0) break;
            if (within < at + sentence.Length) return Shorten(sentence, Math.Max(0, within - at));
            from = at + sentence.Length;
        }
        return Shorten(paragraph, within);
    }

    private static string Shorten(string sentence, int at, int maxChars = 240)
    {
        if (sentence.Length <= maxChars) return sentence;
        int start = Math.Clamp(at - maxChars / 2, 0, sentence.Length - maxChars);
        return (start > 0 ? "…" : "") + sentence.Substring(start, maxChars).Trim() + "…";
    }
}
