using System.Buffers.Binary;
using Azure;
using Azure.Data.Tables;
using NewsMonitor.Dedup;
using NewsMonitor.Domain;
using NewsMonitor.Ports;

namespace NewsMonitor.Azure.Storage;

internal sealed partial class AzureTableStore
{
    private const string HeadPartition = "head";
    private const string ClusterRow = "cluster";
    private const string MemberRowPrefix = "member-";

    /// <summary>Candidates read per hash or band partition, and in all (500, as in the SQLite store): a partition that full holds boilerplate, not one story.</summary>
    private const int MaxCandidatesPerKey = 100;

    private const int MaxCandidates = 500;

    /// <summary>An assignment decided and committed to the head row; its index rows may not be written yet.</summary>
    private sealed record Committed(ArticleFingerprint Article, string ClusterId, bool NewCluster, string? DuplicateOf, string? Relation, double? Similarity);

    /// <summary>The head row as read: the version, its ETag (null when there is no head yet) and the last commit.</summary>
    private sealed record Head(long Version, ETag? ETag, Committed? Last);

    /// <summary>
    /// Finds the candidates, decides and records the article, serialised by optimistic concurrency on one row.
    /// </summary>
    /// <remarks>
    /// Tables has no transaction across partitions, and one assignment writes to many: the article's row, its cluster,
    /// its content-hash partition and its 42 LSH band partitions. So the one DedupHead row is the commit point, and it
    /// holds the last committed assignment in full:
    /// <list type="number">
    /// <item>read the head: version n, its ETag, the assignment committed at n;</item>
    /// <item>roll that assignment forward: write its rows unless its DedupArticles row, written last, shows they are
    /// there. Each commit was rolled forward before the next could commit, so now the index holds every committed
    /// article;</item>
    /// <item>if this article is recorded, return its earlier assignment;</item>
    /// <item>read the candidates from the hash and band partitions and ask <paramref name="decide"/>;</item>
    /// <item>replace the head with version n+1 and this assignment if its ETag is still the one read (insert it when
    /// there was none). On 412 or 409 another worker committed first: back to 1, deciding again on the new index;</item>
    /// <item>write this assignment's rows (upserts, so a worker that stops here is rolled forward by the next).</item>
    /// </list>
    /// Of two workers on one story, the second to commit has read the first's rows, so they share a cluster.
    /// <paramref name="decide"/> runs once per attempt and must be pure. Assignments commit one at a time (tens per
    /// second), far above the rate of new articles.
    /// </remarks>
    public async Task<DedupAssignment> AssignAsync(ArticleFingerprint fingerprint, Func<IReadOnlyList<DedupCandidate>, DedupDecision> decide, CancellationToken cancellationToken = default)
    {
        // Within one process assignments take turns: concurrent invocations (a queue batch) would otherwise all race for
        // the head row and retry each other out (measured: 16 at once took seconds each). Across instances the head's
        // ETag still decides.
        await _assignments.WaitAsync(cancellationToken);
        try { return (await AssignCoreAsync(fingerprint, decide, writeRows: true, cancellationToken))!; }
        finally { _assignments.Release(); }
    }

    private readonly SemaphoreSlim _assignments = new(1, 1);

    public void Dispose() => _assignments.Dispose();

    /// <summary>Steps 1–5 of <see cref="AssignAsync"/> only, as a worker that stops after committing: for tests of the roll-forward.</summary>
    internal Task<DedupAssignment?> CommitWithoutRowsAsync(ArticleFingerprint fingerprint, Func<IReadOnlyList<DedupCandidate>, DedupDecision> decide) =>
        AssignCoreAsync(fingerprint, decide, writeRows: false, CancellationToken.None);

    private async Task<DedupAssignment?> AssignCoreAsync(ArticleFingerprint fingerprint, Func<IReadOnlyList<DedupCandidate>, DedupDecision> decide, bool writeRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(decide);
        if (fingerprint.Signature.Length != Fingerprints.SignatureLength)
            throw new ArgumentException($"Article {fingerprint.ArticleId}: the signature has {fingerprint.Signature.Length} values; {Fingerprints.SignatureLength} expected.", nameof(fingerprint));
        _ = TableKeys.Escape(fingerprint.ArticleId, "article id"); // a bad id fails before anything is committed
        var heads = await TableAsync(TableNames.DedupHead, cancellationToken);
        for (int attempt = 1; ; attempt++)
        {
            var head = await ReadHeadAsync(heads, cancellationToken);
            if (head.Last is { } last && !await IsRecordedAsync(last.Article.ArticleId, cancellationToken))
                await WriteRowsAsync(last, cancellationToken);
            if (await ReadAssignmentAsync(fingerprint.ArticleId, cancellationToken) is { } earlier) return earlier;

            var candidates = await CandidatesAsync(fingerprint, cancellationToken);
            var decision = decide(candidates);
            if (decision.DuplicateOf is { } chosen && !candidates.Any(c => c.ArticleId == chosen.ArticleId && c.ClusterId == chosen.ClusterId))
                throw new InvalidOperationException($"Article {fingerprint.ArticleId}: decide chose {chosen.ArticleId} (cluster {chosen.ClusterId}), which is not one of the candidates it was given.");
            var committed = new Committed(fingerprint, decision.DuplicateOf?.ClusterId ?? fingerprint.ArticleId, decision.DuplicateOf is null,
                decision.DuplicateOf?.ArticleId, decision.Relation, decision.Similarity);
            if (await TryCommitAsync(heads, head, committed, cancellationToken))
            {
                if (!writeRows) return null;
                await WriteRowsAsync(committed, cancellationToken);
                return await ReadAssignmentAsync(fingerprint.ArticleId, cancellationToken)
                       ?? throw new InvalidOperationException($"Article {fingerprint.ArticleId} was recorded but its row cannot be read back.");
            }
            if (attempt >= MaxConflictRetries)
                throw new InvalidOperationException($"Article {fingerprint.ArticleId}: other workers committed to the dedup index first {attempt} times in a row; try again later.");
            // Spread the retries of workers that lost together.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * Math.Min(attempt, 20))), cancellationToken);
        }
    }

    private static async Task<Head> ReadHeadAsync(TableClient heads, CancellationToken cancellationToken)
    {
        var row = await heads.GetEntityIfExistsAsync<TableEntity>(HeadPartition, SingleRow, cancellationToken: cancellationToken);
        if (!row.HasValue) return new Head(0, null, null);
        var e = row.Value!;
        var fingerprint = new ArticleFingerprint(Required(e.GetString("ArticleId"), e, "ArticleId"), Required(e.GetString("Outlet"), e, "Outlet"),
            Required(e.GetString("Url"), e, "Url"), Required(e.GetString("Title"), e, "Title"), Required(e.GetString("ContentHash"), e, "ContentHash"),
            ToSignature(e.GetBinary("Signature") ?? []), Required(e.GetInt32("ShingleCount"), e, "ShingleCount"), Required(e.GetDateTimeOffset("SeenAt"), e, "SeenAt"));
        var last = new Committed(fingerprint, Required(e.GetString("ClusterId"), e, "ClusterId"), Required(e.GetBoolean("NewCluster"), e, "NewCluster"),
            e.GetString("DuplicateOf"), e.GetString("Relation"), e.GetDouble("Similarity"));
        return new Head(Required(e.GetInt64("Version"), e, "Version"), e.ETag, last);
    }

    private static async Task<bool> TryCommitAsync(TableClient heads, Head head, Committed committed, CancellationToken cancellationToken)
    {
        var f = committed.Article;
        var row = new TableEntity(HeadPartition, SingleRow)
        {
            ["Version"] = head.Version + 1,
            ["ArticleId"] = f.ArticleId,
            ["Outlet"] = f.Outlet,
            ["Url"] = f.Url,
            ["Title"] = f.Title,
            ["ContentHash"] = f.ContentHash,
            ["Signature"] = ToBytes(f.Signature),
            ["ShingleCount"] = f.ShingleCount,
            ["SeenAt"] = f.SeenAt,
            ["ClusterId"] = committed.ClusterId,
            ["NewCluster"] = committed.NewCluster,
        };
        SetHow(row, committed);
        try
        {
            if (head.ETag is { } etag) await heads.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, cancellationToken);
            else await heads.AddEntityAsync(row, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (IsConflict(e))
        {
            return false;
        }
    }

    private static void SetHow(TableEntity row, Committed committed)
    {
        if (committed.DuplicateOf is not null) row["DuplicateOf"] = committed.DuplicateOf;
        if (committed.Relation is not null) row["Relation"] = committed.Relation;
        if (committed.Similarity is { } similarity) row["Similarity"] = similarity;
    }

    /// <summary>The partitions of DedupKeys an article is listed in: its content hash and its LSH bands.</summary>
    private static IEnumerable<string> KeyPartitions(ArticleFingerprint f) =>
        Fingerprints.BandKeys(f.Signature).Select(band => "band-" + band).Prepend("hash-" + TableKeys.Escape(f.ContentHash, "content hash"));

    /// <summary>Writes the rows of a committed assignment: cluster, then candidate keys, then the article row that says they are all there. Idempotent.</summary>
    private async Task WriteRowsAsync(Committed committed, CancellationToken cancellationToken)
    {
        var f = committed.Article;
        var articleKey = TableKeys.Escape(f.ArticleId, "article id");
        var clusterKey = TableKeys.Escape(committed.ClusterId, "cluster id");

        var clusterRows = new List<TableTransactionAction>();
        if (committed.NewCluster)
            clusterRows.Add(new(TableTransactionActionType.UpsertReplace,
                new TableEntity(clusterKey, ClusterRow) { ["RepresentativeId"] = f.ArticleId, ["Title"] = f.Title, ["FirstSeenAt"] = f.SeenAt }));
        clusterRows.Add(new(TableTransactionActionType.UpsertReplace,
            new TableEntity(clusterKey, MemberRowPrefix + articleKey) { ["ArticleId"] = f.ArticleId, ["Outlet"] = f.Outlet, ["Url"] = f.Url, ["SeenAt"] = f.SeenAt }));
        var clusters = await TableAsync(TableNames.StoryClusters, cancellationToken);
        await clusters.SubmitTransactionAsync(clusterRows, cancellationToken); // one partition: header and first member together

        var keys = await TableAsync(TableNames.DedupKeys, cancellationToken);
        var signature = ToBytes(f.Signature);
        await Task.WhenAll(KeyPartitions(f).Select(partition => keys.UpsertEntityAsync(new TableEntity(partition, articleKey)
        {
            ["ArticleId"] = f.ArticleId,
            ["ClusterId"] = committed.ClusterId,
            ["Outlet"] = f.Outlet,
            ["Url"] = f.Url,
            ["Signature"] = signature,
            ["ShingleCount"] = f.ShingleCount,
            ["ContentHash"] = f.ContentHash,
        }, TableUpdateMode.Replace, cancellationToken)));

        var article = new TableEntity(articleKey, SingleRow)
        {
            ["ArticleId"] = f.ArticleId,
            ["ClusterId"] = committed.ClusterId,
            ["Outlet"] = f.Outlet,
            ["Url"] = f.Url,
            ["ContentHash"] = f.ContentHash,
            ["ShingleCount"] = f.ShingleCount,
            ["SeenAt"] = f.SeenAt,
        };
        SetHow(article, committed);
        var articles = await TableAsync(TableNames.DedupArticles, cancellationToken);
        await articles.UpsertEntityAsync(article, TableUpdateMode.Replace, cancellationToken);
    }

    private async Task<bool> IsRecordedAsync(string articleId, CancellationToken cancellationToken)
    {
        var articles = await TableAsync(TableNames.DedupArticles, cancellationToken);
        return (await articles.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(articleId, "article id"), SingleRow, ["PartitionKey"], cancellationToken)).HasValue;
    }

    private async Task<List<DedupCandidate>> CandidatesAsync(ArticleFingerprint f, CancellationToken cancellationToken)
    {
        var keys = await TableAsync(TableNames.DedupKeys, cancellationToken);
        var partitions = await Task.WhenAll(KeyPartitions(f).Select(partition => ReadPartitionAsync(keys, partition, MaxCandidatesPerKey, cancellationToken)));
        var seen = new HashSet<string>(StringComparer.Ordinal) { f.ArticleId };
        var candidates = new List<DedupCandidate>();
        foreach (var row in partitions.SelectMany(rows => rows))
        {
            var id = Required(row.GetString("ArticleId"), row, "ArticleId");
            if (!seen.Add(id)) continue;
            candidates.Add(new DedupCandidate(id, Required(row.GetString("ClusterId"), row, "ClusterId"), Required(row.GetString("Outlet"), row, "Outlet"),
                Required(row.GetString("Url"), row, "Url"), ToSignature(row.GetBinary("Signature") ?? []), Required(row.GetInt32("ShingleCount"), row, "ShingleCount"),
                Required(row.GetString("ContentHash"), row, "ContentHash")));
            if (candidates.Count == MaxCandidates) break;
        }
        return candidates;
    }

    private static async Task<List<TableEntity>> ReadPartitionAsync(TableClient table, string partition, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableKeys.PartitionFilter(partition), maxPerPage: limit, cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count == limit) break;
        }
        return rows;
    }

    private async Task<DedupAssignment?> ReadAssignmentAsync(string articleId, CancellationToken cancellationToken)
    {
        var articles = await TableAsync(TableNames.DedupArticles, cancellationToken);
        var row = await articles.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(articleId, "article id"), SingleRow, cancellationToken: cancellationToken);
        if (!row.HasValue) return null;
        var e = row.Value!;
        var clusterId = Required(e.GetString("ClusterId"), e, "ClusterId");
        var cluster = await GetClusterAsync(clusterId, cancellationToken)
                      ?? throw new InvalidDataException($"Article {articleId} is in cluster {clusterId}, which has no '{ClusterRow}' row.");
        return new DedupAssignment(clusterId, cluster.RepresentativeId == articleId, e.GetString("DuplicateOf"), e.GetString("Relation"), e.GetDouble("Similarity"),
            cluster.Members.Where(m => m.ArticleId != articleId).ToList());
    }

    /// <summary>The cluster's row and its members (by first-seen time, then id), from its one partition; null when there is no such cluster.</summary>
    public async Task<StoryCluster?> GetClusterAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        var clusters = await TableAsync(TableNames.StoryClusters, cancellationToken);
        TableEntity? header = null;
        var members = new List<(DateTimeOffset SeenAt, OutletLink Link)>();
        await foreach (var row in clusters.QueryAsync<TableEntity>(TableKeys.PartitionFilter(TableKeys.Escape(clusterId, "cluster id")), cancellationToken: cancellationToken))
        {
            if (row.RowKey == ClusterRow) header = row;
            else members.Add((Required(row.GetDateTimeOffset("SeenAt"), row, "SeenAt"),
                new OutletLink(Required(row.GetString("Outlet"), row, "Outlet"), Required(row.GetString("Url"), row, "Url"), Required(row.GetString("ArticleId"), row, "ArticleId"))));
        }
        if (header is null) return null;
        return new StoryCluster(clusterId, Required(header.GetString("RepresentativeId"), header, "RepresentativeId"), Required(header.GetString("Title"), header, "Title"),
            Required(header.GetDateTimeOffset("FirstSeenAt"), header, "FirstSeenAt"),
            members.OrderBy(m => m.SeenAt).ThenBy(m => m.Link.ArticleId, StringComparer.Ordinal).Select(m => m.Link).ToList());
    }

    /// <summary>A signature as bytes, little-endian, so every host reads it alike (126 values, 1,008 bytes).</summary>
    private static byte[] ToBytes(ulong[] signature)
    {
        var bytes = new byte[signature.Length * sizeof(ulong)];
        for (int i = 0; i < signature.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)), signature[i]);
        return bytes;
    }

    private static ulong[] ToSignature(byte[] bytes)
    {
        var signature = new ulong[bytes.Length / sizeof(ulong)];
        for (int i = 0; i < signature.Length; i++) signature[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)));
        return signature;
    }
}
