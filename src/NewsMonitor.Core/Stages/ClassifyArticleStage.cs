using NewsMonitor.Analysis;
using NewsMonitor.Dedup;
using NewsMonitor.Domain;
using NewsMonitor.Extraction;
using NewsMonitor.Pipeline;
using NewsMonitor.Ports;
using NewsMonitor.Text;

namespace NewsMonitor.Stages;

/// <summary>Minimum length of an article worth classifying, and how the optional entity enricher is used.</summary>
public sealed class ClassifyOptions
{
    /// <summary>Pages with fewer body words are briefs, galleries or error pages (news reports run 250+ words).</summary>
    public int MinWords { get; set; } = 80;

    /// <summary>
    /// Longest wait for the entity enricher before the article is classified without it. The enricher's own retries
    /// (429 with Retry-After) fit inside; a queue message is hidden for minutes, so one slow service must not hold it.
    /// </summary>
    public TimeSpan EnrichmentTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Also enrich articles that are not relevant. Off by default: a service such as Azure AI Language bills per
    /// 1,000 characters, and subscribers only ever see relevant stories.
    /// </summary>
    public bool EnrichNotRelevant { get; set; }
}

/// <summary>
/// Extracts, normalises, deduplicates and analyses one raw page; writes the structured summary
/// <c>articles/{id}.json</c> and fans out to <c>store-summary</c> and (for relevant articles) <c>match-alerts</c>.
/// With an <see cref="IEntityEnricher"/> (optional; null is off), its people, organisations and places are added beside
/// the analyser's own with their <c>source</c>; when it fails the article is classified by the analyser alone and the
/// reason is an <see cref="OutcomeCodes.EnrichmentFailed"/> outcome.
/// </summary>
public sealed class ClassifyArticleStage(ArticleExtractor extractor, ArticleAnalyzer analyzer, IDedupIndex dedup, IFetchStateStore state, DedupRule rule, ClassifyOptions options, TimeProvider clock, IEntityEnricher? enricher = null) : IStage<RawArticle>
{
    public string Name => StageGraph.Names.ClassifyArticle;

    public async Task<StageResult> HandleAsync(RawArticle input, CancellationToken cancellationToken = default)
    {
        if (Uri.TryCreate(input.Url, UriKind.Absolute, out var url))
            await state.MarkSeenAsync(UrlCanonicalizer.Canonicalize(url), input.Id, clock.GetUtcNow(), cancellationToken);
        var page = extractor.Extract(input.Html, input.Url);
        var paragraphs = page.Paragraphs.Select(VietnameseText.Clean).Where(p => p.Length > 0).ToList();
        if (paragraphs.Count == 0)
            return StageResult.Of(new StageOutcome(OutcomeCodes.EmptyPage, input.Url, "no article text found on the page"));
        var body = string.Join('\n', paragraphs);
        if (LegacyEncodingDetector.Detect(body) is { } legacy)
            return StageResult.Of(new StageOutcome(OutcomeCodes.LegacyEncoding, input.Url, $"the text is typed in the {legacy} font encoding (shows as mojibake); not classified"));
        var text = Fingerprints.Compute(body);
        int words = text.WordCount;
        if (words < options.MinWords)
            return StageResult.Of(new StageOutcome(OutcomeCodes.TooShort, input.Url, $"{words} words (minimum {options.MinWords})"));

        var title = VietnameseText.Clean(page.Title ?? input.FeedTitle ?? paragraphs[0]);
        var fingerprint = text.For(input.Id, input.Outlet, input.Url, title, input.FetchedAt) with { Story = StoryVectors.Compute(page.Title ?? input.FeedTitle, body) };
        var assignment = await dedup.AssignAsync(fingerprint, candidates => rule.Decide(fingerprint, candidates), cancellationToken);

        var source = new SummarySource(input.Id, input.Url, input.Outlet, title, page.PublishedAt ?? input.FeedPublished, input.FetchedAt, page.Author, page.Language);
        // Dates without a year are resolved against the publication date, or the fetch time of a page that gives none.
        var analysis = analyzer.Analyze(title, paragraphs, source.PublishedAt ?? input.FetchedAt);
        var (merged, enrichmentOutcome) = await EnrichAsync(input, analysis, title, paragraphs, page.Language, cancellationToken);
        var cluster = new ClusterRef(assignment.ClusterId, assignment.Representative, assignment.OtherMembers, assignment.Relation, assignment.Similarity,
            VietnamTime.Of(assignment.ClusterFirstSeenAt));
        var summary = SummaryBuilder.Build(source, analysis, cluster, text) with
        {
            Localities = merged?.Localities ?? analysis.Localities,
            People = merged?.People ?? analysis.People,
            Organizations = merged?.Organizations ?? analysis.Organizations,
            KeyPhrases = merged?.KeyPhrases,
        };

        var outcomes = new List<StageOutcome>();
        if (assignment.Relation is { } relation)
            outcomes.Add(new StageOutcome(OutcomeFor(relation, assignment.Similarity), input.Url, relation == DedupRelations.SameStory
                ? $"another outlet's report of the story of {assignment.DuplicateOf} (story similarity {assignment.Similarity:0.00})"
                : $"{relation} of {assignment.DuplicateOf} (similarity {assignment.Similarity:0.00})"));
        outcomes.Add(new StageOutcome(analysis.Relevant ? OutcomeCodes.Relevant : OutcomeCodes.NotRelevant, input.Url,
            analysis.Relevant ? string.Join(",", analysis.PartnerCountries.Select(c => c.Code)) : $"relevance {analysis.RelevanceScore:0.00}"));
        if (enrichmentOutcome is not null) outcomes.Add(enrichmentOutcome);

        var message = new ArticleClassifiedMessage(input.Id, assignment.ClusterId, assignment.Representative);
        var outputs = new List<StageOutput>
        {
            new BlobOutput("summary", StageGraph.ArticleBlobPath(input.Id), Json.ToUtf8(summary, indented: true)),
            new QueueOutput("store", StageGraph.Queues.StoreSummary, message),
        };
        if (analysis.Relevant) outputs.Add(new QueueOutput("alerts", StageGraph.Queues.MatchAlerts, message));
        return new StageResult(outcomes, outputs);
    }

    /// <summary>
    /// Runs the enricher when there is one (and the article is relevant, unless <see cref="ClassifyOptions.EnrichNotRelevant"/>),
    /// bounded by <see cref="ClassifyOptions.EnrichmentTimeout"/>. Any failure but the caller's cancellation degrades to the
    /// analyser alone: the article is never lost to the enricher.
    /// </summary>
    private async Task<(EnrichmentMerge.Result? Merged, StageOutcome? Outcome)> EnrichAsync(RawArticle input, Analysis.Analysis analysis, string title,
        IReadOnlyList<string> paragraphs, string? language, CancellationToken cancellationToken)
    {
        if (enricher is null || (!analysis.Relevant && !options.EnrichNotRelevant)) return (null, null);
        using var timeout = new CancellationTokenSource(options.EnrichmentTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var enrichment = await enricher.EnrichAsync(new EnrichmentRequest(input.Id, title, paragraphs, language), linked.Token);
            var merged = EnrichmentMerge.Merge(analysis, enrichment, analyzer.CountryOfPlace);
            var detail = $"{enrichment.Source}: +{merged.AddedPeople} people, +{merged.AddedOrganizations} organisations, +{merged.AddedLocalities} places, {merged.KeyPhrases.Count} key phrases";
            if (enrichment.Notes.Count > 0) detail += "; " + string.Join("; ", enrichment.Notes);
            return (merged, new StageOutcome(OutcomeCodes.Enriched, input.Url, detail));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = e is OperationCanceledException && timeout.IsCancellationRequested
                ? $"no answer within {options.EnrichmentTimeout.TotalSeconds:0.#} s"
                : $"{e.GetType().Name}: {FirstLine(e.Message)}";
            return (null, new StageOutcome(OutcomeCodes.EnrichmentFailed, input.Url, "classified by the analyser alone; the enricher failed: " + reason));
        }
    }

    /// <summary>The outcome code of a joined article: the same text, a near-identical one, or another report of the same story.</summary>
    private static string OutcomeFor(string relation, double? similarity) => relation switch
    {
        DedupRelations.Duplicate when similarity >= 1.0 => OutcomeCodes.Duplicate,
        DedupRelations.Duplicate => OutcomeCodes.NearDuplicate,
        _ => OutcomeCodes.SameStory,
    };

    private static string FirstLine(string message)
    {
        var line = message.AsSpan().Trim();
        int end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).ToString();
    }
}
