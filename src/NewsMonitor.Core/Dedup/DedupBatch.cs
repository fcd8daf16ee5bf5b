using NewsMonitor.Ports;

namespace NewsMonitor.Dedup;

/// <summary>An article as the batch deduplicator reads it.</summary>
/// <param name="Url">Optional: articles whose canonical URLs are equal are the same article.</param>
public sealed record DedupInput(string Id, string? Title, string Body, string? Url = null, string? Outlet = null, DateTimeOffset? Published = null);

/// <summary>What the batch decided for one article.</summary>
/// <param name="Cluster">The id of the story's first article (this article's own id when it starts one).</param>
/// <param name="DuplicateOf">The article it joined, or null.</param>
/// <param name="Relation"><see cref="DedupRelations"/>, or null.</param>
/// <param name="Similarity">The similarity that decided it, or null.</param>
/// <param name="Note">Why an article was compared with nothing (too short), or how it matched (same URL, same text); else null.</param>
public sealed record DedupOutput(string Id, string Cluster, string? DuplicateOf, string? Relation, double? Similarity, string? Note);

/// <summary>
/// Deduplicates a stream of articles in one pass, in input order, with the same rule as the pipeline
/// (<see cref="DedupRule"/>): candidates from a compact <see cref="LshIndex"/> and, for reports of the same story, a
/// <see cref="StoryIndex"/> (articles with a <c>published</c> time are looked for within the story window of each
/// other; undated ones among all), compared exactly with their shingle sets and story vectors, which wait with their
/// signatures in a temporary file (<see cref="FingerprintSpill"/>). Not thread-safe; one instance per stream. Dispose it
/// to delete the file.
/// </summary>
public sealed class DedupBatch(DedupRule rule, int capacity = 1024) : IDisposable
{
    private readonly LshIndex _index = new(capacity);
    private readonly FingerprintSpill _spill = new();
    private readonly StoryIndex _stories = new(DedupRule.StoryWindow);
    private readonly List<string> _ids = new(capacity);
    private readonly List<int> _outletOf = new(capacity);
    private readonly List<string> _outlets = [];
    private readonly Dictionary<string, int> _outletIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _byUrl = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ordinals = new(StringComparer.Ordinal);
    private readonly List<int> _candidates = [];

    public LshIndex Index => _index;

    /// <summary>The stories' first articles within the story window, by their story keys.</summary>
    public StoryIndex Stories => _stories;

    /// <summary>Why <paramref name="article"/> cannot be added (no id, or an id seen before), or null when it can.</summary>
    public string? Rejects(DedupInput article) =>
        string.IsNullOrWhiteSpace(article.Id) ? "the article has no id"
        : _ordinals.ContainsKey(article.Id) ? $"the id {article.Id} was seen before"
        : null;

    /// <summary>Deduplicates one article; one that <see cref="Rejects"/> names is an <see cref="ArgumentException"/>.</summary>
    public DedupOutput Add(DedupInput article) => Add(article, Fingerprints.Compute(article?.Body), StoryVectors.Compute(article?.Title, article?.Body));

    /// <summary>Deduplicates one article whose body is already fingerprinted (benchmarks time the index apart from hashing).</summary>
    /// <param name="story">Its story vector; null finds no report of the same story.</param>
    public DedupOutput Add(DedupInput article, TextFingerprint text, StoryVector? story = null)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(text);
        if (Rejects(article) is { } reason) throw new ArgumentException(reason, nameof(article));
        var keys = DedupRule.StoryKeys(story, text.ShingleCount);
        var about = new About(keys.Length > 0 ? story : null, keys, article.Published, OutletId(article.Outlet));
        int ordinal = _index.Count;
        string? canonicalUrl = article.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? UrlCanonicalizer.Canonicalize(uri) : null;
        if (canonicalUrl is not null && _byUrl.TryGetValue(canonicalUrl, out var sameUrl))
            return Record(text, about, _index.Cluster(sameUrl), searchable: false, new DedupOutput(article.Id, _ids[_index.Cluster(sameUrl)], _ids[sameUrl], DedupRelations.Duplicate, 1.0, "same URL"));
        if (canonicalUrl is not null) _byUrl[canonicalUrl] = ordinal;

        // The index keeps 64 bits of the content hash; the rule compares hashes for equality only.
        var fingerprint = text.For(article.Id, article.Outlet ?? "", article.Url ?? "", article.Title ?? "", article.Published ?? DateTimeOffset.UnixEpoch)
            with { ContentHash = HashKey(Fingerprints.ContentHashPrefix(text.ContentHash)), Story = story };
        if (text.ShingleCount < rule.MinShingles)
            return Record(text, about, ordinal, searchable: false, new DedupOutput(article.Id, article.Id, null, null, null, $"too short to compare ({text.WordCount} words)"));
        _candidates.Clear();
        var anchors = Fingerprints.Anchors(text.Shingles);
        _index.Candidates(text.Signature, anchors, _candidates);
        if (keys.Length > 0)
        {
            int found = _candidates.Count;
            _stories.Candidates(keys, article.Published, _candidates);
            for (int i = _candidates.Count - 1; i >= found; i--) if (_candidates.IndexOf(_candidates[i]) < i) _candidates.RemoveAt(i);
        }
        var decision = rule.Decide(fingerprint, _candidates.Select(Candidate).ToList());
        if (decision.DuplicateOf is not { } joined)
            return Record(text, about, ordinal, searchable: true, new DedupOutput(article.Id, article.Id, null, null, null, null), anchors);
        int joinedOrdinal = _ordinals[joined.ArticleId];
        bool sameText = joined.ContentHash == fingerprint.ContentHash;
        return Record(text, about, _index.Cluster(joinedOrdinal), searchable: !sameText,
            new DedupOutput(article.Id, joined.ClusterId, joined.ArticleId, decision.Relation, decision.Similarity, sameText ? "same text" : null), anchors);
    }

    /// <param name="anchors">The text's anchors, for a searchable article (one that is not is never found).</param>
    private DedupOutput Record(TextFingerprint text, About about, int cluster, bool searchable, DedupOutput output, uint[]? anchors = null)
    {
        int ordinal = _index.Add(text.Signature, Fingerprints.ContentHashPrefix(text.ContentHash), text.ShingleCount, text.Dates,
            anchors ?? [], cluster, searchable);
        _ordinals[output.Id] = ordinal;
        if (searchable) _spill.Add(text.Signature, text.Shingles, about.Story);
        else _spill.Add(null, null); // an article that is never a candidate is never compared
        if (searchable && cluster == ordinal) _stories.Add(ordinal, about.StoryKeys, about.Published); // only a story's first article is joined by its story
        _ids.Add(output.Id);
        _outletOf.Add(about.Outlet);
        return output;
    }

    /// <summary>What the batch keeps of the article being added besides its text: its story vector and keys (when it may join a story), its time and outlet.</summary>
    private readonly record struct About(StoryVector? Story, uint[] StoryKeys, DateTimeOffset? Published, int Outlet);

    /// <summary>A small number per outlet name (the batch keeps one per article, not the name); -1 for none.</summary>
    private int OutletId(string? outlet)
    {
        if (string.IsNullOrWhiteSpace(outlet)) return -1;
        if (!_outletIds.TryGetValue(outlet, out var id))
        {
            _outletIds[outlet] = id = _outlets.Count;
            _outlets.Add(outlet);
        }
        return id;
    }

    private DedupCandidate Candidate(int ordinal)
    {
        var (signature, shingles, story) = _spill.Get(ordinal) ?? throw new InvalidOperationException($"Article {_ids[ordinal]} is a candidate but was not searchable.");
        return new(_ids[ordinal], _ids[_index.Cluster(ordinal)], _outletOf[ordinal] < 0 ? "" : _outlets[_outletOf[ordinal]], "", signature, _index.ShingleCount(ordinal),
            HashKey(_index.ContentHash(ordinal)), _index.Dates(ordinal), shingles, story);
    }

    public void Dispose() => _spill.Dispose();

    private static string HashKey(ulong prefix) => prefix.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
