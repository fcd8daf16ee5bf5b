using System.Globalization;
using Microsoft.Data.Sqlite;
using NewsMonitor.Domain;
using NewsMonitor.Ports;

namespace NewsMonitor.Local.Storage;

/// <summary>
/// All embedded state in one SQLite file: seen URLs and feed state, the dedup index and story clusters, the
/// summary index, subscriptions and the delivery ledger. Thread-safe: each call opens a pooled connection;
/// writes that must be atomic run in an immediate transaction (WAL mode, busy timeout), so several processes
/// may share the file too.
/// </summary>
public sealed class SqliteStore : IFetchStateStore, IDedupIndex, ISummaryIndex, ISubscriptionStore, IDeliveryLedger
{
    private readonly string _connectionString;

    public string Path { get; }

    public SqliteStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var c = Open();
        Execute(c, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS seen_urls (url TEXT PRIMARY KEY, article_id TEXT NOT NULL, seen_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS feed_state (source_id TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, fetched_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS dedup_articles (article_id TEXT PRIMARY KEY, cluster_id TEXT NOT NULL, outlet TEXT NOT NULL, url TEXT NOT NULL,
                content_hash TEXT NOT NULL, signature BLOB NOT NULL, shingles INTEGER NOT NULL, seen_at INTEGER NOT NULL,
                duplicate_of TEXT, relation TEXT, similarity REAL, dates INTEGER NOT NULL DEFAULT 0, shingle_set BLOB, anchors INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX IF NOT EXISTS ix_dedup_hash ON dedup_articles(content_hash);
            CREATE INDEX IF NOT EXISTS ix_dedup_cluster ON dedup_articles(cluster_id, seen_at);
            CREATE TABLE IF NOT EXISTS dedup_bands (band TEXT NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (band, article_id)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS dedup_stories (story_key INTEGER NOT NULL, seen_at INTEGER NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (story_key, seen_at, article_id)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS clusters (id TEXT PRIMARY KEY, representative_id TEXT NOT NULL, title TEXT NOT NULL, first_seen INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS summaries (id TEXT PRIMARY KEY, first_seen INTEGER NOT NULL, indexed_at INTEGER NOT NULL, day TEXT NOT NULL,
                cluster_id TEXT NOT NULL, relevant INTEGER NOT NULL, json TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_summaries_indexed ON summaries(indexed_at);
            CREATE TABLE IF NOT EXISTS summary_tags (id TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (id, kind, value)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS ix_tags ON summary_tags(kind, value);
            CREATE TABLE IF NOT EXISTS subscriptions (id TEXT PRIMARY KEY, json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS deliveries (key TEXT PRIMARY KEY, kind TEXT NOT NULL, subscription_id TEXT NOT NULL, subject TEXT NOT NULL, at INTEGER NOT NULL, channel TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS deliveries_by_subscription ON deliveries (subscription_id, kind, at);
            CREATE TABLE IF NOT EXISTS digest_windows (subscription_id TEXT PRIMARY KEY, window_end INTEGER NOT NULL);
            """);
        // An index written before the named days, shingle sets and anchors were kept gains the columns; its articles
        // count as naming no day, are compared by their signatures and are found by their bands only.
        foreach (var (column, definition) in new[] { ("dates", "INTEGER NOT NULL DEFAULT 0"), ("shingle_set", "BLOB"), ("anchors", "INTEGER NOT NULL DEFAULT 0"), ("story", "BLOB") })
            if (Scalar(c, null, "SELECT 1 FROM pragma_table_info('dedup_articles') WHERE name = $n", ("$n", column)) is null)
                Execute(c, $"ALTER TABLE dedup_articles ADD COLUMN {column} {definition}");
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    private static void Execute(SqliteConnection c, string sql, params (string Name, object? Value)[] args) => Execute(c, null, sql, args);

    private static void Execute(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, tx, sql, args);
        cmd.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection c, string sql, params (string Name, object? Value)[] args) => Command(c, null, sql, args);

    /// <summary>A command with its parameters, enlisted in <paramref name="tx"/> (Microsoft.Data.Sqlite requires it while one is open).</summary>
    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    // ------------------------------------------------------------ fetch state

    public Task<FeedState?> GetFeedStateAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        using var cmd = Command(c, "SELECT etag, last_modified, fetched_at FROM feed_state WHERE source_id = $id", ("$id", sourceId));
        using var r = cmd.ExecuteReader();
        FeedState? state = r.Read() ? new FeedState(sourceId, r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), FromMs(r.GetInt64(2))) : null;
        return Task.FromResult(state);
    }

    public Task SetFeedStateAsync(FeedState state, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        Execute(c, "INSERT INTO feed_state VALUES ($id, $etag, $lm, $at) ON CONFLICT(source_id) DO UPDATE SET etag = $etag, last_modified = $lm, fetched_at = $at",
            ("$id", state.SourceId), ("$etag", state.ETag), ("$lm", state.LastModified), ("$at", Ms(state.LastFetchedAt)));
        return Task.CompletedTask;
    }

    public Task<bool> IsSeenAsync(string canonicalUrl, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        using var cmd = Command(c, "SELECT 1 FROM seen_urls WHERE url = $u", ("$u", canonicalUrl));
        return Task.FromResult(cmd.ExecuteScalar() is not null);
    }

    public Task MarkSeenAsync(string canonicalUrl, string articleId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        Execute(c, "INSERT OR IGNORE INTO seen_urls VALUES ($u, $id, $at)", ("$u", canonicalUrl), ("$id", articleId), ("$at", Ms(at)));
        return Task.CompletedTask;
    }

    // ------------------------------------------------------------ dedup and clusters

    public Task<DedupAssignment> AssignAsync(ArticleFingerprint fingerprint, Func<IReadOnlyList<DedupCandidate>, DedupDecision> decide, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        using var tx = c.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: one writer decides at a time
        var existing = ReadAssignment(c, tx, fingerprint.ArticleId);
        if (existing is not null) { tx.Commit(); return Task.FromResult(existing); }

        var bands = Dedup.Fingerprints.BandKeys(fingerprint.Signature).ToList();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        using (var cmd = Command(c, tx, "SELECT article_id FROM dedup_articles WHERE content_hash = $h LIMIT 20", ("$h", fingerprint.ContentHash)))
        {
            using var r = cmd.ExecuteReader();
            while (r.Read()) ids.Add(r.GetString(0));
        }
        using (var cmd = c.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = $"SELECT DISTINCT article_id FROM dedup_bands WHERE band IN ({string.Join(',', bands.Select((_, i) => "$b" + i))}) LIMIT 500";
            for (int i = 0; i < bands.Count; i++) cmd.Parameters.AddWithValue("$b" + i, bands[i]);
            using var r = cmd.ExecuteReader();
            while (r.Read()) ids.Add(r.GetString(0));
        }
        // Articles that share anchors only: at most MaxPerAnchor listed per anchor, chosen by how many they share.
        var anchors = fingerprint.Shingles is { } shingles ? Dedup.Fingerprints.Anchors(shingles) : [];
        var shared = new Dictionary<string, int>(StringComparer.Ordinal);
        var listed = new List<string>();
        foreach (var anchor in anchors)
        {
            var key = Dedup.AnchorCandidates.Key(anchor);
            using var cmd = Command(c, tx, "SELECT article_id FROM dedup_bands WHERE band = $a LIMIT $n", ("$a", key), ("$n", Dedup.AnchorCandidates.MaxPerAnchor));
            using var r = cmd.ExecuteReader();
            int rows = 0;
            for (; r.Read(); rows++) shared[r.GetString(0)] = shared.GetValueOrDefault(r.GetString(0)) + 1;
            if (rows < Dedup.AnchorCandidates.MaxPerAnchor) listed.Add(key); // more is boilerplate: not listed again
        }
        var byAnchors = shared.Where(s => !ids.Contains(s.Key) && s.Key != fingerprint.ArticleId)
            .Select(s => (s.Key, s.Value, Convert.ToInt32(Scalar(c, tx, "SELECT anchors FROM dedup_articles WHERE article_id = $id", ("$id", s.Key)) ?? 0, System.Globalization.CultureInfo.InvariantCulture)));
        ids.UnionWith(Dedup.AnchorCandidates.Choose(byAnchors, anchors.Length, StringComparer.Ordinal));

        // Stories' first articles listed under its story keys, seen within the story window of it.
        var storyKeys = Dedup.DedupRule.StoryKeys(fingerprint.Story, fingerprint.ShingleCount);
        var byStory = new Dictionary<string, (int Shared, long Seen)>(StringComparer.Ordinal);
        long at = Ms(fingerprint.SeenAt), window = (long)Dedup.DedupRule.StoryWindow.TotalMilliseconds;
        foreach (var key in storyKeys)
        {
            using var cmd = Command(c, tx, "SELECT article_id, seen_at FROM dedup_stories WHERE story_key = $k AND seen_at BETWEEN $from AND $to ORDER BY seen_at DESC LIMIT $n",
                ("$k", (long)key), ("$from", at - window), ("$to", at + window), ("$n", Dedup.StoryIndex.MaxPerKey));
            using var r = cmd.ExecuteReader();
            while (r.Read()) byStory[r.GetString(0)] = (byStory.GetValueOrDefault(r.GetString(0)).Shared + 1, r.GetInt64(1));
        }
        ids.UnionWith(Dedup.StoryIndex.Choose(byStory.Where(s => s.Key != fingerprint.ArticleId).Select(s => (s.Key, s.Value.Shared, s.Value.Seen)), StringComparer.Ordinal));

        var candidates = new List<DedupCandidate>();
        foreach (var id in ids)
        {
            using var cmd = Command(c, tx, "SELECT cluster_id, outlet, url, signature, shingles, content_hash, dates, shingle_set, story FROM dedup_articles WHERE article_id = $id", ("$id", id));
            using var r = cmd.ExecuteReader();
            if (r.Read())
                candidates.Add(new DedupCandidate(id, r.GetString(0), r.GetString(1), r.GetString(2), Dedup.Fingerprints.FromBytes((byte[])r[3]), r.GetInt32(4), r.GetString(5), (uint)r.GetInt64(6),
                    r.IsDBNull(7) ? null : Dedup.Fingerprints.ShinglesFromBytes((byte[])r[7]), r.IsDBNull(8) ? null : Dedup.StoryVector.FromBytes((byte[])r[8])));
        }
        var decision = decide(candidates);
        var clusterId = decision.DuplicateOf?.ClusterId ?? fingerprint.ArticleId;
        if (decision.DuplicateOf is null)
            Execute(c, tx, "INSERT INTO clusters VALUES ($id, $rep, $title, $at)", ("$id", clusterId), ("$rep", fingerprint.ArticleId), ("$title", fingerprint.Title), ("$at", Ms(fingerprint.SeenAt)));
        Execute(c, tx, "INSERT INTO dedup_articles (article_id, cluster_id, outlet, url, content_hash, signature, shingles, seen_at, duplicate_of, relation, similarity, dates, shingle_set, anchors, story) "
            + "VALUES ($id, $cluster, $outlet, $url, $hash, $sig, $n, $at, $dup, $rel, $sim, $dates, $shingles, $anchors, $story)",
            ("$id", fingerprint.ArticleId), ("$cluster", clusterId), ("$outlet", fingerprint.Outlet), ("$url", fingerprint.Url), ("$hash", fingerprint.ContentHash),
            ("$sig", Dedup.Fingerprints.ToBytes(fingerprint.Signature)), ("$n", fingerprint.ShingleCount), ("$at", Ms(fingerprint.SeenAt)),
            ("$dup", decision.DuplicateOf?.ArticleId), ("$rel", decision.Relation), ("$sim", decision.Similarity), ("$dates", (long)fingerprint.Dates),
            ("$shingles", fingerprint.Shingles is { } set ? Dedup.Fingerprints.ShinglesToBytes(set) : null), ("$anchors", anchors.Length), ("$story", fingerprint.Story?.ToBytes()));
        foreach (var band in bands.Concat(listed))
            Execute(c, tx, "INSERT OR IGNORE INTO dedup_bands VALUES ($b, $id)", ("$b", band), ("$id", fingerprint.ArticleId));
        if (decision.DuplicateOf is null) // only a story's first article is joined by its story
            foreach (var key in storyKeys)
                Execute(c, tx, "INSERT OR IGNORE INTO dedup_stories VALUES ($k, $at, $id)", ("$k", (long)key), ("$at", at), ("$id", fingerprint.ArticleId));
        var assignment = ReadAssignment(c, tx, fingerprint.ArticleId)!;
        tx.Commit();
        return Task.FromResult(assignment);
    }

    private static DedupAssignment? ReadAssignment(SqliteConnection c, SqliteTransaction tx, string articleId)
    {
        string clusterId; string? dup, rel; double? sim;
        using (var cmd = Command(c, tx, "SELECT cluster_id, duplicate_of, relation, similarity FROM dedup_articles WHERE article_id = $id", ("$id", articleId)))
        {
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            clusterId = r.GetString(0);
            dup = r.IsDBNull(1) ? null : r.GetString(1);
            rel = r.IsDBNull(2) ? null : r.GetString(2);
            sim = r.IsDBNull(3) ? null : r.GetDouble(3);
        }
        var members = Members(c, tx, clusterId);
        using var header = Command(c, tx, "SELECT representative_id, first_seen FROM clusters WHERE id = $id", ("$id", clusterId));
        using var h = header.ExecuteReader();
        if (!h.Read()) throw new InvalidDataException($"Article {articleId} is in cluster {clusterId}, which has no row in clusters.");
        return new DedupAssignment(clusterId, h.GetString(0) == articleId, dup, rel, sim, members.Where(m => m.ArticleId != articleId).ToList(), FromMs(h.GetInt64(1)));
    }

    private static object? Scalar(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, tx, sql, args);
        return cmd.ExecuteScalar();
    }

    private static List<OutletLink> Members(SqliteConnection c, SqliteTransaction? tx, string clusterId)
    {
        using var cmd = Command(c, tx, "SELECT outlet, url, article_id FROM dedup_articles WHERE cluster_id = $c ORDER BY seen_at, article_id", ("$c", clusterId));
        using var r = cmd.ExecuteReader();
        var list = new List<OutletLink>();
        while (r.Read()) list.Add(new OutletLink(r.GetString(0), r.GetString(1), r.GetString(2)));
        return list;
    }

    public Task<StoryCluster?> GetClusterAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        using var cmd = Command(c, "SELECT representative_id, title, first_seen FROM clusters WHERE id = $id", ("$id", clusterId));
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return Task.FromResult<StoryCluster?>(null);
        var cluster = new StoryCluster(clusterId, r.GetString(0), r.GetString(1), FromMs(r.GetInt64(2)), Members(c, null, clusterId));
        return Task.FromResult<StoryCluster?>(cluster);
    }

    // ------------------------------------------------------------ summaries

    public Task UpsertAsync(StructuredSummary summary, DateTimeOffset indexedAt, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        var day = summary.FirstSeenAt.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Execute(c, tx, """
            INSERT INTO summaries VALUES ($id, $seen, $indexed, $day, $cluster, $rel, $json)
            ON CONFLICT(id) DO UPDATE SET first_seen = $seen, day = $day, cluster_id = $cluster, relevant = $rel, json = $json
            """, ("$id", summary.Id), ("$seen", Ms(summary.FirstSeenAt)), ("$indexed", Ms(indexedAt)), ("$day", day), ("$cluster", summary.Cluster.Id), ("$rel", summary.Relevant ? 1 : 0), ("$json", Json.ToText(summary)));
        Execute(c, tx, "DELETE FROM summary_tags WHERE id = $id", ("$id", summary.Id));
        foreach (var s in summary.Sectors) Execute(c, tx, "INSERT OR IGNORE INTO summary_tags VALUES ($id, 'sector', $v)", ("$id", summary.Id), ("$v", s.Id));
        foreach (var p in summary.PartnerCountries) Execute(c, tx, "INSERT OR IGNORE INTO summary_tags VALUES ($id, 'country', $v)", ("$id", summary.Id), ("$v", p.Code));
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<bool> IsIndexedAsync(string articleId, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        return Task.FromResult(Scalar(c, null, "SELECT 1 FROM summaries WHERE id = $id", ("$id", articleId)) is not null);
    }

    public Task<IReadOnlyList<StructuredSummary>> QueryIndexedAsync(DateTimeOffset from, DateTimeOffset to, bool relevantOnly, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        using var cmd = Command(c, "SELECT id, json FROM summaries WHERE indexed_at >= $from AND indexed_at < $to AND ($all = 1 OR relevant = 1) ORDER BY first_seen, id",
            ("$from", Ms(from)), ("$to", Ms(to)), ("$all", relevantOnly ? 0 : 1));
        using var r = cmd.ExecuteReader();
        var list = new List<StructuredSummary>();
        while (r.Read()) list.Add(Json.Read<StructuredSummary>(System.Text.Encoding.UTF8.GetBytes(r.GetString(1)), $"summary {r.GetString(0)} in {Path}"));
        return Task.FromResult<IReadOnlyList<StructuredSummary>>(list);
    }

    // ------------------------------------------------------------ subscriptions

    public Task UpsertAsync(Subscription subscription, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        Execute(c, "INSERT INTO subscriptions VALUES ($id, $json) ON CONFLICT(id) DO UPDATE SET json = $json", ("$id", subscription.Id), ("$json", Json.ToText(subscription)));
        return Task.CompletedTask;
    }

    public Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        var json = Scalar(c, null, "SELECT json FROM subscriptions WHERE id = $id", ("$id", id)) as string;
        return Task.FromResult(json is null ? null : Json.Read<Subscription>(System.Text.Encoding.UTF8.GetBytes(json), $"subscription {id}"));
    }

    public Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var c = Open();
        using var cmd = Command(c, "SELECT id, json FROM subscriptions ORDER BY id");
        using var r = cmd.ExecuteReader();
        var list = new List<Subscription>();
        while (r.Read()) list.Add(Json.Read<Subscription>(System.Text.Encoding.UTF8.GetBytes(r.GetString(1)), $"subscription {r.GetString(0)}"));
        return Task.FromResult<IReadOnlyList<Subscription>>(list);
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        Execute(c, "DELETE FROM subscriptions WHERE id = $id", ("$id", id));
        return Task.CompletedTask;
    }

    // ------------------------------------------------------------ delivery ledger

    public Task<bool> TryRecordAsync(Delivery delivery, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        using var cmd = Command(c, "INSERT OR IGNORE INTO deliveries VALUES ($k, $kind, $sub, $subject, $at, $ch)",
            ("$k", delivery.Key), ("$kind", delivery.Kind.ToString()), ("$sub", delivery.SubscriptionId), ("$subject", delivery.Subject), ("$at", Ms(delivery.At)), ("$ch", delivery.Channel));
        return Task.FromResult(cmd.ExecuteNonQuery() == 1);
    }

    public Task<int> CountSinceAsync(string subscriptionId, DeliveryKind kind, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        var n = Scalar(c, null, "SELECT COUNT(*) FROM deliveries WHERE subscription_id = $sub AND kind = $kind AND at >= $at",
            ("$sub", subscriptionId), ("$kind", kind.ToString()), ("$at", Ms(since)));
        return Task.FromResult(Convert.ToInt32(n, System.Globalization.CultureInfo.InvariantCulture));
    }

    public Task<bool> ContainsAsync(string key, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        return Task.FromResult(Scalar(c, null, "SELECT 1 FROM deliveries WHERE key = $k", ("$k", key)) is not null);
    }

    public Task ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        Execute(c, "DELETE FROM deliveries WHERE key = $k", ("$k", key));
        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> LastDigestWindowEndAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        var v = Scalar(c, null, "SELECT window_end FROM digest_windows WHERE subscription_id = $s", ("$s", subscriptionId));
        return Task.FromResult<DateTimeOffset?>(v is long ms ? FromMs(ms) : null);
    }

    public Task SetDigestWindowEndAsync(string subscriptionId, DateTimeOffset windowEnd, CancellationToken cancellationToken = default)
    {
        using var c = Open();
        Execute(c, "INSERT INTO digest_windows VALUES ($s, $w) ON CONFLICT(subscription_id) DO UPDATE SET window_end = max(window_end, $w)", ("$s", subscriptionId), ("$w", Ms(windowEnd)));
        return Task.CompletedTask;
    }

    /// <summary>Counts of deliveries by kind, for reports and tests.</summary>
    public IReadOnlyList<Delivery> Deliveries()
    {
        using var c = Open();
        using var cmd = Command(c, "SELECT key, kind, subscription_id, subject, at, channel FROM deliveries ORDER BY at, key");
        using var r = cmd.ExecuteReader();
        var list = new List<Delivery>();
        while (r.Read()) list.Add(new Delivery(r.GetString(0), Enum.Parse<DeliveryKind>(r.GetString(1)), r.GetString(2), r.GetString(3), FromMs(r.GetInt64(4)), r.GetString(5)));
        return list;
    }
}
