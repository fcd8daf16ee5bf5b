using NewsMonitor.Analysis;
using NewsMonitor.Dedup;
using NewsMonitor.Domain;
using NewsMonitor.Extraction;
using NewsMonitor.Pipeline;
using NewsMonitor.Ports;
using NewsMonitor.Text;

namespace NewsMonitor.Stages;

/// <summary>Minimum length of an article worth classifying.</summary>
public sealed class ClassifyOptions
{
    /// <summary>Pages with fewer body words are briefs, galleries or error pages (news reports run 250+ words).</summary>
    public int MinWords { get; set; } = 80;
}

/// <summary>
/// Extracts, normalises, deduplicates and analyses one raw page; writes the structured summary
/// <c>articles/{id}.json</c> and fans out to <c>store-summary</c> and (for relevant articles) <c>match-alerts</c>.
/// </summary>
public sealed class ClassifyArticleStage(ArticleExtractor extractor, ArticleAnalyzer analyzer, IDedupIndex dedup, IFetchStateStore state, DedupRule rule, ClassifyOptions options, TimeProvider clock) : IStage<RawArticle>
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
        var key = VietnameseText.MatchKey(body);
        int words = key.Length == 0 ? 0 : key.Count(c => c == ' ') + 1;
        if (words < options.MinWords)
            return StageResult.Of(new StageOutcome(OutcomeCodes.TooShort, input.Url, $"{words} words (minimum {options.MinWords})"));

        var title = VietnameseText.Clean(page.Title ?? input.FeedTitle ?? paragraphs[0]);
        var shingles = Fingerprints.Shingles(key);
        var fingerprint = new ArticleFingerprint(input.Id, input.Outlet, input.Url, title, Fingerprints.ContentHash(key),
            Fingerprints.MinHash(shingles), shingles.Count, input.FetchedAt);
        var assignment = await dedup.AssignAsync(fingerprint, candidates => rule.Decide(fingerprint, candidates), cancellationToken);

        var analysis = analyzer.Analyze(title, paragraphs);
        var summary = new StructuredSummary
        {
            Id = input.Id,
            Url = input.Url,
            Outlet = input.Outlet,
            Title = title,
            PublishedAt = page.PublishedAt ?? input.FeedPublished,
            FirstSeenAt = input.FetchedAt,
            Author = page.Author,
            Language = page.Language ?? "vi",
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
            Summary = analysis.Summary,
            Cluster = new ClusterRef(assignment.ClusterId, assignment.Representative, assignment.OtherMembers, assignment.Relation, assignment.Similarity),
            WordCount = words,
            ContentHash = fingerprint.ContentHash,
        };

        var outcomes = new List<StageOutcome>();
        if (assignment.Relation is { } relation)
            outcomes.Add(new StageOutcome(relation == "duplicate" ? OutcomeCodes.Duplicate : OutcomeCodes.NearDuplicate, input.Url, $"{relation} of {assignment.DuplicateOf} (similarity {assignment.Similarity:0.00})"));
        outcomes.Add(new StageOutcome(analysis.Relevant ? OutcomeCodes.Relevant : OutcomeCodes.NotRelevant, input.Url,
            analysis.Relevant ? string.Join(",", analysis.PartnerCountries.Select(c => c.Code)) : $"relevance {analysis.RelevanceScore:0.00}"));

        var message = new ArticleClassifiedMessage(input.Id, assignment.ClusterId, assignment.Representative);
        var outputs = new List<StageOutput>
        {
            new BlobOutput("summary", StageGraph.ArticleBlobPath(input.Id), Json.ToUtf8(summary, indented: true)),
            new QueueOutput("store", StageGraph.Queues.StoreSummary, message),
        };
        if (analysis.Relevant) outputs.Add(new QueueOutput("alerts", StageGraph.Queues.MatchAlerts, message));
        return new StageResult(outcomes, outputs);
    }
}
