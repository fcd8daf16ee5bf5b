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

    /// <summary>Candidates read per hash or band key, and in all (500, as in the SQLite store): a key that full holds boilerplate, not one story.</summary>
    private const int MaxCandidatesPerKey = 100;

    private const int MaxCandidates = 500;

    /// <summary>
    /// DedupKeys partitions ("shard-0" …): an article's 43 key rows go round-robin over them, 11 or 10 each, so they are
    /// written in 4 transactions and read in 8 queries (up to 7 ranges each). Fewer shards would cut a request or two but
    /// put all of the index's writes on fewer partitions (Azure's target is about 2,000 entities/s per partition; at 100
    /// articles/s one partition would take 4,300). Changing it changes the layout: rows written before are not found.
    /// </summary>
    internal const int KeyShards = 4;

    /// <summary>
    /// Row-key ranges OR-ed into one candidate query (at most <see cref="RowKeyRanges.MaxRangesPerFilter"/>). Microsoft's
    /// table design guide says a filter that ORs row keys is served as a scan of the partition, not as range seeks: with 7
    /// a shard partition is scanned twice per assignment, cheap while the index is small (and on Azurite, which scans
    /// anyway) but growing with it. At 1 the 43 keys are 43 range seeks in parallel (about 51 requests per assignment in
    /// all). Measure on a real account before the index grows large.
    /// </summary>
    private const int RangesPerQuery = RowKeyRanges.MaxRangesPerFilter;

    /// <summary>The largest page asked for (Azure Tables returns at most 1,000 entities per page).</summary>
    private const int MaxPage = 1000;

    /// <summary>An assignment decided and committed to the head row; its index rows may not be written yet.</summary>
    private sealed record Committed(ArticleFingerprint Article, string ClusterId, bool NewCluster, string? DuplicateOf, string? Relation, double? Similarity);

    /// <summary>The head row as read: the version, its ETag (null when there is no head yet) and the last commit.</summary>
    private sealed record Head(long Version, ETag? ETag, Committed? Last);

    /// <summary>The head as this store last committed it, its rows written; null when unknown. Guarded by <see cref="_assignments"/>.</summary>
    private Head? _finished;

    /// <summary>
    /// Finds the candidates, decides and records the article, serialised by optimistic concurrency on one row.
    /// </summary>
    /// <remarks>
    /// Tables has no transaction across partitions, and one assignment writes to many: the article's row, its cluster
    /// and its 43 key rows (content hash and 42 LSH bands). So the one DedupHead row is the commit point, and it holds
    /// the last committed assignment in full:
    /// <list type="number">
    /// <item>read the head: version n, its ETag, the assignment committed at n. Skipped when this store committed n
    /// itself and wrote its rows (it kept the ETag the commit returned): if another worker committed since, step 4
    /// fails and the next attempt reads the head;</item>
    /// <item>unless this store committed n and wrote its rows, roll that assignment forward: write its rows again
    /// (upserts of the same values, so racing the worker that committed it is harmless). Each commit was rolled forward
    /// before the next could commit, so now the index holds every committed article;</item>
    /// <item>at once: if this article is recorded, return its earlier assignment; read the candidates (below) and ask
    /// <paramref name="decide"/>;</item>
    /// <item>replace the head with version n+1 and this assignment if its ETag is still the one read (insert it when
    /// there was none). On 412 or 409 another worker committed first: back to 1, deciding again on the new index;</item>
    /// <item>write this assignment's rows, all at once: the cluster (one transaction), the key rows (one transaction per
    /// shard) and the article row; for an article joining a cluster, read the cluster's members meanwhile.</item>
    /// </list>
    /// Of two workers on one story, the second to commit has read the first's rows, so they share a cluster.
    /// <paramref name="decide"/> runs once per attempt and must be pure.
    /// <para>DedupKeys layout: partition "shard-{i}" for the i-th of the article's keys modulo <see cref="KeyShards"/>,
    /// row key "h-{16 hex}-{article}" (the first 64 bits of the SHA-256 of the content hash, so any hash fits a key; a
    /// collision only adds a candidate, which <paramref name="decide"/> compares in full) or "b-{band key}-{article}".
    /// Candidates of one key are a row-key prefix, read as a range; a query reads up to <see cref="RangesPerQuery"/> (7)
    /// ranges of one shard (<see cref="RowKeyRanges"/>), the 8 queries in parallel. So a first assignment costs, over one round trip each:
    /// the article's row and 8 queries; the commit; 4 key transactions, the cluster transaction and the article row (and
    /// the cluster read when joining): 16 or 17 requests, where the layout of one partition per key took about 94. Rows
    /// of that earlier layout ("hash-…"/"band-…" partitions) are not read: nothing was deployed with it.</para>
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

    /// <summary>Steps 1–4 of <see cref="AssignAsync"/> only, as a worker that stops after committing: for tests of the roll-forward.</summary>
    internal async Task<DedupAssignment?> CommitWithoutRowsAsync(ArticleFingerprint fingerprint, Func<IReadOnlyList<DedupCandidate>, DedupDecision> decide)
    {
        await _assignments.WaitAsync();
        try { return await AssignCoreAsync(fingerprint, decide, writeRows: false, CancellationToken.None); }
        finally { _assignments.Release(); }
    }

    private async Task<DedupAssignment?> AssignCoreAsync(ArticleFingerprint fingerprint, Func<IReadOnlyList<DedupCandidate>, DedupDecision> decide, bool writeRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(decide);
        if (fingerprint.Signature.Length != Fingerprints.SignatureLength)
            throw new ArgumentException($"Article {fingerprint.ArticleId}: the signature has {fingerprint.Signature.Length} values; {Fingerprints.SignatureLength} expected.", nameof(fingerprint));
        _ = TableKeys.Escape(fingerprint.ArticleId, "article id"); // a bad id fails before anything is committed
        var heads = await TableAsync(TableNames.DedupHead, cancellationToken);
        var finished = _finished;
        _finished = null; // known again only once this assignment is committed and written
        for (int attempt = 1; ; attempt++)
        {
            Head head;
            if (attempt == 1 && finished is not null) head = finished;
            else
            {
                head = await ReadHeadAsync(heads, cancellationToken);
                if (head.Last is { } last && head.ETag != finished?.ETag) await WriteRowsAsync(last, joinedMembers: false, cancellationToken);
            }

            var recorded = ReadArticleRowAsync(fingerprint.ArticleId, cancellationToken);
            var found = CandidatesAsync(fingerprint, cancellationToken);
            await Task.WhenAll(recorded, found);
            if (await recorded is { } earlier)
            {
                _finished = head;
                return await ToAssignmentAsync(fingerprint.ArticleId, earlier, cancellationToken);
            }

            var candidates = await found;
            var decision = decide(candidates);
            if (decision.DuplicateOf is { } chosen && !candidates.Any(c => c.ArticleId == chosen.ArticleId && c.ClusterId == chosen.ClusterId))
                throw new InvalidOperationException($"Article {fingerprint.ArticleId}: decide chose {chosen.ArticleId} (cluster {chosen.ClusterId}), which is not one of the candidates it was given.");
            var committed = new Committed(fingerprint, decision.DuplicateOf?.ClusterId ?? fingerprint.ArticleId, decision.DuplicateOf is null,
                decision.DuplicateOf?.ArticleId, decision.Relation, decision.Similarity);
            var (won, etag) = await TryCommitAsync(heads, head, committed, cancellationToken);
            if (won)
            {
                if (!writeRows) return null;
                var others = await WriteRowsAsync(committed, joinedMembers: !committed.NewCluster, cancellationToken);
                if (etag is not null) _finished = new Head(head.Version + 1, etag, committed);
                return new DedupAssignment(committed.ClusterId, committed.NewCluster, committed.DuplicateOf, committed.Relation, committed.Similarity, others);
            }
            bool stale = ReferenceEquals(head, finished); // another worker committed since this store did: read the head at once
            finished = null;
            if (attempt >= MaxConflictRetries)
                throw new InvalidOperationException($"Article {fingerprint.ArticleId}: other workers committed to the dedup index first {attempt} times in a row; try again later.");
            // Spread the retries of workers that lost together.
            if (!stale) await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * Math.Min(attempt, 20))), cancellationToken);
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

    /// <summary>Commits the assignment on the head read: whether it won, and the head's new ETag when the service returned one.</summary>
    private static async Task<(bool Won, ETag? ETag)> TryCommitAsync(TableClient heads, Head head, Committed committed, CancellationToken cancellationToken)
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
            var response = head.ETag is { } etag
                ? await heads.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, cancellationToken)
                : await heads.AddEntityAsync(row, cancellationToken);
            // Without an ETag in the response the next assignment reads the head (ETag.All would match anything).
            return (true, response.Headers.ETag is { } committedETag && committedETag != ETag.All ? committedETag : null);
        }
        catch (RequestFailedException e) when (IsConflict(e))
        {
            return (false, null);
        }
    }

    private static void SetHow(TableEntity row, Committed committed)
    {
        if (committed.DuplicateOf is not null) row["DuplicateOf"] = committed.DuplicateOf;
        if (committed.Relation is not null) row["Relation"] = committed.Relation;
        if (committed.Similarity is { } similarity) row["Similarity"] = similarity;
    }

    /// <summary>
    /// The article's keys in DedupKeys, in order: its content hash, then its 42 LSH bands. Each is a shard (partition)
    /// and a row-key prefix; the article's row is the prefix followed by its escaped id.
    /// </summary>
    internal static IReadOnlyList<(string Shard, string Prefix)> KeyPrefixes(ArticleFingerprint f)
    {
        var hash = TableKeys.Hash(f.ContentHash)[..16];
        return Fingerprints.BandKeys(f.Signature).Select(band => "b-" + band + "-").Prepend("h-" + hash + "-")
            .Select((prefix, i) => ("shard-" + (i % KeyShards).ToString(System.Globalization.CultureInfo.InvariantCulture), prefix)).ToList();
    }

    /// <summary>
    /// Writes the rows of a committed assignment, all at once: cluster, key rows and article row. Idempotent. When
    /// <paramref name="joinedMembers"/>, also reads the cluster it joined and returns its other members.
    /// </summary>
    private async Task<IReadOnlyList<OutletLink>> WriteRowsAsync(Committed committed, bool joinedMembers, CancellationToken cancellationToken)
    {
        var f = committed.Article;
        var articleKey = TableKeys.Escape(f.ArticleId, "article id");
        var clusterKey = TableKeys.Escape(committed.ClusterId, "cluster id");
        var writes = new List<Task>();

        var clusterRows = new List<TableTransactionAction>();
        if (committed.NewCluster)
            clusterRows.Add(new(TableTransactionActionType.UpsertReplace,
                new TableEntity(clusterKey, ClusterRow) { ["RepresentativeId"] = f.ArticleId, ["Title"] = f.Title, ["FirstSeenAt"] = f.SeenAt }));
        clusterRows.Add(new(TableTransactionActionType.UpsertReplace,
            new TableEntity(clusterKey, MemberRowPrefix + articleKey) { ["ArticleId"] = f.ArticleId, ["Outlet"] = f.Outlet, ["Url"] = f.Url, ["SeenAt"] = f.SeenAt }));
        var clusters = await TableAsync(TableNames.StoryClusters, cancellationToken);
        writes.Add(clusters.SubmitTransactionAsync(clusterRows, cancellationToken)); // one partition: header and first member together

        var keys = await TableAsync(TableNames.DedupKeys, cancellationToken);
        var signature = ToBytes(f.Signature);
        var keyRows = KeyPrefixes(f).Select(key => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(key.Shard, key.Prefix + articleKey)
        {
            ["ArticleId"] = f.ArticleId,
            ["ClusterId"] = committed.ClusterId,
            ["Outlet"] = f.Outlet,
            ["Url"] = f.Url,
            ["Signature"] = signature,
            ["ShingleCount"] = f.ShingleCount,
            ["ContentHash"] = f.ContentHash,
        }));
        writes.AddRange(TableBatches.Split(keyRows).Select(batch => keys.SubmitTransactionAsync(batch, cancellationToken)));

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
        writes.Add(articles.UpsertEntityAsync(article, TableUpdateMode.Replace, cancellationToken));

        // The cluster joined was rolled forward before this commit, so its header is there; this member is left out.
        var members = joinedMembers ? GetClusterAsync(committed.ClusterId, cancellationToken) : Task.FromResult<StoryCluster?>(null);
        writes.Add(members);
        await Task.WhenAll(writes);
        if (!joinedMembers) return [];
        var cluster = await members ?? throw new InvalidDataException($"Article {f.ArticleId} joined cluster {committed.ClusterId}, which has no '{ClusterRow}' row.");
        return cluster.Members.Where(m => m.ArticleId != f.ArticleId).ToList();
    }

    private async Task<List<DedupCandidate>> CandidatesAsync(ArticleFingerprint f, CancellationToken cancellationToken)
    {
        var keys = await TableAsync(TableNames.DedupKeys, cancellationToken);
        var prefixes = KeyPrefixes(f);
        var queries = prefixes.Select((key, i) => (key.Shard, Index: i, Range: RowKeyRange.Prefix(key.Prefix)))
            .GroupBy(k => k.Shard, StringComparer.Ordinal)
            .SelectMany(shard => shard.Chunk(RangesPerQuery))
            .Select(async chunk => (Keys: chunk, Rows: await ReadRangesAsync(keys, chunk[0].Shard, chunk.Select(k => k.Range).ToList(), MaxCandidatesPerKey, cancellationToken)));
        var byKey = new List<TableEntity>[prefixes.Count];
        foreach (var (chunk, rows) in await Task.WhenAll(queries))
            for (int i = 0; i < chunk.Length; i++) byKey[chunk[i].Index] = rows[i];

        var seen = new HashSet<string>(StringComparer.Ordinal) { f.ArticleId };
        var candidates = new List<DedupCandidate>();
        foreach (var row in byKey.SelectMany(rows => rows))
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

    /// <summary>
    /// Up to <paramref name="limit"/> rows of each range (at most <see cref="RowKeyRanges.MaxRangesPerFilter"/>, ascending
    /// and disjoint) of one partition, in one query while they fit a page. Rows come in row-key order, so when a page
    /// ends the ranges before its last row are complete; the next query asks only for what is left of the others, and a
    /// range that reached its limit is not read further.
    /// </summary>
    internal static async Task<List<TableEntity>[]> ReadRangesAsync(TableClient table, string partition, IReadOnlyList<RowKeyRange> ranges, int limit, CancellationToken cancellationToken)
    {
        var rows = ranges.Select(_ => new List<TableEntity>()).ToArray();
        var pending = ranges.Select((range, i) => (Range: range, Index: i)).ToList();
        string? continuation = null;
        while (pending.Count > 0)
        {
            var filter = RowKeyRanges.Filter(partition, pending.Select(p => p.Range).ToList());
            int pageSize = Math.Min(MaxPage, limit * pending.Count);
            Page<TableEntity>? page = null;
            await foreach (var first in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuation, pageSize))
            {
                page = first;
                break;
            }
            if (page is null) break;
            foreach (var row in page.Values)
                foreach (var (range, index) in pending)
                    if (range.Contains(row.RowKey))
                    {
                        if (rows[index].Count < limit) rows[index].Add(row);
                        break;
                    }
            if (page.ContinuationToken is null) break;
            if (page.Values.Count == 0)
            {
                continuation = page.ContinuationToken; // an empty page (the service may return one at a time limit): go on
                continue;
            }
            continuation = null;
            var lastKey = page.Values[^1].RowKey;
            pending = pending
                .Where(p => rows[p.Index].Count < limit && string.CompareOrdinal(p.Range.To, lastKey) > 0)
                .Select(p => p.Range.Contains(lastKey) ? (p.Range with { From = lastKey, FromExclusive = true }, p.Index) : p)
                .ToList();
        }
        return rows;
    }

    /// <summary>The article's DedupArticles row, or null when it is not recorded.</summary>
    private async Task<TableEntity?> ReadArticleRowAsync(string articleId, CancellationToken cancellationToken)
    {
        var articles = await TableAsync(TableNames.DedupArticles, cancellationToken);
        var row = await articles.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(articleId, "article id"), SingleRow, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    private async Task<DedupAssignment> ToAssignmentAsync(string articleId, TableEntity e, CancellationToken cancellationToken)
    {
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
