using NewsMonitor.Domain;
using NewsMonitor.Ports;

namespace NewsMonitor.Dedup;

/// <summary>
/// The dedup index in memory: an <see cref="LshIndex"/> and a <see cref="StoryIndex"/> (stories' first articles, within
/// <see cref="DedupRule.StoryWindow"/> of each other) plus each article's id, outlet, URL, signature, shingle set and
/// story vector and each cluster's members, for tests, benchmarks, evaluation and batch tools. Thread-safe: assignments are
/// serialised by a lock, so concurrent callers see one cluster per story.
/// </summary>
public sealed class InMemoryDedupIndex(int capacity = 1024) : IDedupIndex
{
    private sealed record Article(string Id, string Outlet, string Url, string ContentHash, ushort[] Signature, uint[]? Shingles, StoryVector? Story, DateTimeOffset SeenAt, string? DuplicateOf, string? Relation, double? Similarity);

    private sealed record Cluster(string Title, DateTimeOffset FirstSeen, List<int> Members);

    private readonly Lock _lock = new();
    private readonly LshIndex _index = new(capacity);
    private readonly StoryIndex _stories = new(DedupRule.StoryWindow);
    private readonly List<Article> _articles = new(capacity);
    private readonly Dictionary<string, int> _ordinals = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Cluster> _clusters = [];
    private readonly List<int> _candidates = [];

    /// <summary>The shortest text worth indexing for search (see <see cref="DedupRule.MinShingles"/>).</summary>
    public int MinShingles { get; init; } = new DedupRule().MinShingles;

    public int Count { get { lock (_lock) return _articles.Count; } }

    public Task<DedupAssignment> AssignAsync(ArticleFingerprint fingerprint, Func<IReadOnlyList<DedupCandidate>, DedupDecision> decide, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        lock (_lock)
        {
            if (_ordinals.TryGetValue(fingerprint.ArticleId, out var known)) return Task.FromResult(Assignment(known));
            _candidates.Clear();
            var anchors = fingerprint.Shingles is { } shingles ? Fingerprints.Anchors(shingles) : [];
            _index.Candidates(fingerprint.Signature, anchors, _candidates);
            var keys = DedupRule.StoryKeys(fingerprint.Story, fingerprint.ShingleCount);
            _stories.Candidates(keys, fingerprint.SeenAt, _candidates);
            var candidates = _candidates.Distinct().Select(Candidate).ToList();
            var decision = decide(candidates);
            int ordinal = _index.Count;
            int cluster = decision.DuplicateOf is { } joined ? _index.Cluster(_ordinals[joined.ArticleId]) : ordinal;
            bool exactCopy = candidates.Any(c => c.ContentHash == fingerprint.ContentHash);
            _index.Add(fingerprint.Signature, Fingerprints.ContentHashPrefix(fingerprint.ContentHash), fingerprint.ShingleCount, fingerprint.Dates, anchors, cluster,
                searchable: fingerprint.ShingleCount >= MinShingles && !exactCopy);
            _articles.Add(new Article(fingerprint.ArticleId, fingerprint.Outlet, fingerprint.Url, fingerprint.ContentHash, fingerprint.Signature, fingerprint.Shingles,
                fingerprint.Story, fingerprint.SeenAt, decision.DuplicateOf?.ArticleId, decision.Relation, decision.Similarity));
            _ordinals[fingerprint.ArticleId] = ordinal;
            if (cluster == ordinal)
            {
                _clusters[ordinal] = new Cluster(fingerprint.Title, fingerprint.SeenAt, []);
                _stories.Add(ordinal, keys, fingerprint.SeenAt); // only a story's first article is joined by its story
            }
            _clusters[cluster].Members.Add(ordinal);
            return Task.FromResult(Assignment(ordinal));
        }
    }

    private DedupCandidate Candidate(int ordinal)
    {
        var a = _articles[ordinal];
        return new DedupCandidate(a.Id, _articles[_index.Cluster(ordinal)].Id, a.Outlet, a.Url, a.Signature, _index.ShingleCount(ordinal), a.ContentHash, _index.Dates(ordinal), a.Shingles, a.Story);
    }

    private DedupAssignment Assignment(int ordinal)
    {
        var a = _articles[ordinal];
        int cluster = _index.Cluster(ordinal);
        var others = _clusters[cluster].Members.Where(m => m != ordinal).Select(Link).ToList();
        return new DedupAssignment(_articles[cluster].Id, cluster == ordinal, a.DuplicateOf, a.Relation, a.Similarity, others, _clusters[cluster].FirstSeen);
    }

    private OutletLink Link(int ordinal) => new(_articles[ordinal].Outlet, _articles[ordinal].Url, _articles[ordinal].Id);

    public Task<StoryCluster?> GetClusterAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_ordinals.TryGetValue(clusterId, out var ordinal) || !_clusters.TryGetValue(ordinal, out var c)) return Task.FromResult<StoryCluster?>(null);
            return Task.FromResult<StoryCluster?>(new StoryCluster(clusterId, clusterId, c.Title, c.FirstSeen, c.Members.Select(Link).ToList()));
        }
    }
}
