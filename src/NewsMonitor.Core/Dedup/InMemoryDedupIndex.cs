using NewsMonitor.Domain;
using NewsMonitor.Ports;

namespace NewsMonitor.Dedup;

/// <summary>
/// The dedup index in memory (LSH bands in dictionaries), for benchmarks, evaluation and batch tools.
/// Thread-safe: assignments are serialised by a lock, so concurrent callers see one cluster per story.
/// </summary>
public sealed class InMemoryDedupIndex : IDedupIndex
{
    private sealed record Entry(DedupCandidate Candidate, DateTimeOffset SeenAt, string? DuplicateOf, string? Relation, double? Similarity);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _articles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _byHash = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _byBand = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Representative, string Title, DateTimeOffset FirstSeen, List<string> Members)> _clusters = new(StringComparer.Ordinal);

    public int Count { get { lock (_lock) return _articles.Count; } }

    public Task<DedupAssignment> AssignAsync(ArticleFingerprint fingerprint, Func<IReadOnlyList<DedupCandidate>, DedupDecision> decide, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_articles.ContainsKey(fingerprint.ArticleId)) return Task.FromResult(Assignment(fingerprint.ArticleId));
            var bands = Fingerprints.BandKeys(fingerprint.Signature).ToList();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            if (_byHash.TryGetValue(fingerprint.ContentHash, out var same)) ids.UnionWith(same);
            foreach (var b in bands) if (_byBand.TryGetValue(b, out var list)) ids.UnionWith(list);
            var candidates = ids.Select(id => _articles[id].Candidate).ToList();
            var decision = decide(candidates);
            var clusterId = decision.DuplicateOf?.ClusterId ?? fingerprint.ArticleId;
            if (decision.DuplicateOf is null) _clusters[clusterId] = (fingerprint.ArticleId, fingerprint.Title, fingerprint.SeenAt, []);
            _clusters[clusterId].Members.Add(fingerprint.ArticleId);
            var candidate = new DedupCandidate(fingerprint.ArticleId, clusterId, fingerprint.Outlet, fingerprint.Url, fingerprint.Signature, fingerprint.ShingleCount, fingerprint.ContentHash);
            _articles[fingerprint.ArticleId] = new Entry(candidate, fingerprint.SeenAt, decision.DuplicateOf?.ArticleId, decision.Relation, decision.Similarity);
            Add(_byHash, fingerprint.ContentHash, fingerprint.ArticleId);
            foreach (var b in bands) Add(_byBand, b, fingerprint.ArticleId);
            return Task.FromResult(Assignment(fingerprint.ArticleId));
        }
    }

    private static void Add(Dictionary<string, List<string>> map, string key, string id)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(id);
    }

    private DedupAssignment Assignment(string articleId)
    {
        var e = _articles[articleId];
        var cluster = _clusters[e.Candidate.ClusterId];
        var others = cluster.Members.Where(m => m != articleId).Select(m => _articles[m].Candidate).Select(c => new OutletLink(c.Outlet, c.Url, c.ArticleId)).ToList();
        return new DedupAssignment(e.Candidate.ClusterId, cluster.Representative == articleId, e.DuplicateOf, e.Relation, e.Similarity, others);
    }

    public Task<StoryCluster?> GetClusterAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_clusters.TryGetValue(clusterId, out var c)) return Task.FromResult<StoryCluster?>(null);
            var members = c.Members.Select(m => _articles[m].Candidate).Select(x => new OutletLink(x.Outlet, x.Url, x.ArticleId)).ToList();
            return Task.FromResult<StoryCluster?>(new StoryCluster(clusterId, c.Representative, c.Title, c.FirstSeen, members));
        }
    }
}
