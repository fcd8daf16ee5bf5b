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

    /// <summary>The row-key prefix of anchor keys (<see cref="AnchorCandidates"/>), beside "h-" (content hash) and "b-" (bands).</summary>
    private const string AnchorPrefix = "a-";

    /// <summary>
    /// The row-key prefix of story keys (<see cref="StoryIndex"/>). A story key row is "s-{key}-{inverted time}-{article}",
    /// so one key's rows within the story window of a time are one range, newest first.
    /// </summary>
    private const string StoryPrefix = "s-";

    /// <summary>Candidates whose shingle sets are read for an exact comparison (one point read each, in parallel).</summary>
    private const int MaxShingleReads = 16;

    /// <summary>A binary property holds at most 64 KiB: longer texts keep no set and are compared by their signatures.</summary>
    private const int MaxStoredShingles = 64 * 1024 / sizeof(uint);

    /// <summary>
    /// Assignments waiting in one store that are decided and committed together (group commit). 16 concurrent
    /// invocations (the host's queue batch) fill a group; the head row holds the whole group, under 1.2 KB of gzipped
    /// JSON per article, so 32 stay far below the row's limit.
    /// </summary>
    internal const int MaxGroup = 32;

    /// <summary>
    /// DedupKeys partitions ("shard-0" …): an article's 17 hash and band key rows go round-robin over them, 5 or 4 each,
    /// and its anchors (about 10) by their value, so they are written in 4 transactions and read in 4 to 8 queries (up
    /// to 7 ranges each). Fewer shards would cut a request or two but
    /// put all of the index's writes on fewer partitions (Azure's target is about 2,000 entities/s per partition; at 100
    /// articles/s one partition would take 2,100). Changing it changes the layout: rows written before are not found.
    /// </summary>
    internal const int KeyShards = 4;

    /// <summary>
    /// Row-key ranges OR-ed into one candidate query (at most <see cref="RowKeyRanges.MaxRangesPerFilter"/>). Microsoft's
    /// table design guide says a filter that ORs row keys is served as a scan of the partition, not as range seeks: with 7
    /// a shard partition is scanned twice per assignment, cheap while the index is small (and on Azurite, which scans
    /// anyway) but growing with it. At 1 the 27 or so keys are as many range seeks in parallel (about 35 requests per
    /// assignment in all). Measure on a real account before the index grows large.
    /// </summary>
    private const int RangesPerQuery = RowKeyRanges.MaxRangesPerFilter;

    /// <summary>The largest page asked for (Azure Tables returns at most 1,000 entities per page).</summary>
    private const int MaxPage = 1000;

    /// <summary>An assignment decided and committed to the head row; its index rows may not be written yet.</summary>
    private sealed record Committed(ArticleFingerprint Article, string ClusterId, bool NewCluster, string? DuplicateOf, string? Relation, double? Similarity);

    /// <summary>What an article sees of the cluster it is in once its rows are written: the members before it, and when the cluster's first article was seen.</summary>
    private sealed record Joined(IReadOnlyList<OutletLink> Others, DateTimeOffset FirstSeenAt);

    /// <summary>The head row as read: the version, its ETag (null when there is no head yet) and the group committed last.</summary>
    private sealed record Head(long Version, ETag? ETag, IReadOnlyList<Committed> Last);

    /// <summary>An assignment waiting for its group.</summary>
    private sealed class Waiter(ArticleFingerprint fingerprint, Func<IReadOnlyList<DedupCandidate>, DedupDecision> decide)
    {
        public ArticleFingerprint Fingerprint { get; } = fingerprint;

        public Func<IReadOnlyList<DedupCandidate>, DedupDecision> Decide { get; } = decide;

        /// <summary>Its keys (<see cref="KeyPrefixes"/>), computed once: read for its candidates and compared with the group's other articles.</summary>
        public IReadOnlyList<(string Shard, string Prefix)> Keys { get; } = KeyPrefixes(fingerprint);

        /// <summary>Its story keys (<see cref="StoryKeyPrefixes"/>), read within the story window of its time.</summary>
        public IReadOnlyList<(string Shard, string Prefix)> StoryKeys { get; } = StoryKeyPrefixes(fingerprint);

        public TaskCompletionSource<DedupAssignment> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The head as this store last committed it, its rows written; null when unknown. Guarded by <see cref="_assignments"/>.</summary>
    private Head? _finished;

    /// <summary>Held by the caller that decides and commits the next group.</summary>
    private readonly SemaphoreSlim _assignments = new(1, 1);

    /// <summary>Assignments not yet taken into a group, in arrival order. Guarded by itself.</summary>
    private readonly List<Waiter> _waiting = [];

    public void Dispose() => _assignments.Dispose();

    /// <summary>
    /// Finds the candidates, decides and records the article, serialised by optimistic concurrency on one row, in a
    /// group with the assignments that wait in this store at the same time.
    /// </summary>
    /// <remarks>
    /// Tables has no transaction across partitions, and one assignment writes to many: the article's row, its cluster
    /// and its key rows (content hash, 16 LSH bands and its anchors). So the one DedupHead row is the commit point, and it holds
    /// the last committed group of assignments in full. Within one store, concurrent calls wait in a queue; the caller
    /// that gets the turn takes up to <see cref="MaxGroup"/> of them (one per article id) and for that group:
    /// <list type="number">
    /// <item>reads the head: version n, its ETag, the group committed at n. Skipped when this store committed n
    /// itself and wrote its rows (it kept the ETag the commit returned): if another worker committed since, step 4
    /// fails and the next attempt reads the head;</item>
    /// <item>unless this store committed n and wrote its rows, rolls that group forward: writes its rows again
    /// (upserts of the same values, so racing the worker that committed it is harmless). Each commit was rolled forward
    /// before the next could commit, so now the index holds every committed article;</item>
    /// <item>for every article at once: reads its article row and its candidates. An article already recorded gets its
    /// earlier assignment. The others are decided in arrival order by their own <c>decide</c>, each given its stored
    /// candidates and the group's earlier articles that share a key with it, so a group decides as the same articles
    /// one after another would;</item>
    /// <item>replaces the head with version n+1 and the group if its ETag is still the one read (inserts it when there
    /// was none). On 412 or 409 another worker committed first: back to 1, deciding again on the new index;</item>
    /// <item>writes the group's rows: clusters (one transaction per cluster) and key rows (one transaction per shard per
    /// 100 rows) at once, then the article rows, so an article row says its other rows are there; for articles that
    /// joined a cluster, reads the cluster's members meanwhile.</item>
    /// </list>
    /// Of two workers on one story, the second to commit has read the first's rows, so they share a cluster. A group of
    /// 16 costs about as many round trips as one article did, which is what lets one instance keep up with a queue
    /// batch: serialised one at a time, assignments took turns of five round trips each.
    /// <paramref name="decide"/> runs once per attempt and must be pure; when it throws, only its article fails.
    /// <para>DedupKeys layout (<see cref="KeyPrefixes"/>): partition "shard-{i}", row key "h-{16 hex}-{article}" (the
    /// first 64 bits of the SHA-256 of the content hash, so any hash fits a key; a collision only adds a candidate, which
    /// <paramref name="decide"/> compares in full), "b-{band key}-{article}", "a-{anchor key}-{article}" or, for a story's
    /// first article, "s-{story key}-{inverted time}-{article}". Candidates of one key are a row-key prefix, read as a
    /// range (an anchor's up to <see cref="AnchorCandidates.MaxPerAnchor"/> rows; a story key's rows within the story
    /// window, newest first, up to <see cref="StoryIndex.MaxPerKey"/>, whose story vectors are then read from their article rows);
    /// a query reads up to <see cref="RangesPerQuery"/> (7) ranges of one shard (<see cref="RowKeyRanges"/>), the queries
    /// in parallel. Then the shingle sets of the most alike candidates are read from their article rows (up to
    /// <see cref="MaxShingleReads"/>, in parallel). So an article alone costs, over one round trip each: its article
    /// row and 4 to 8 queries; the shingle sets when it has candidates; the commit; 4 key transactions and the cluster transaction (and
    /// the cluster read when joining); the article row. Rows of the earlier layout ("hash-…"/"band-…" partitions) are
    /// not read: nothing was deployed with it.</para>
    /// </remarks>
    public async Task<DedupAssignment> AssignAsync(ArticleFingerprint fingerprint, Func<IReadOnlyList<DedupCandidate>, DedupDecision> decide, CancellationToken cancellationToken = default)
    {
        Validate(fingerprint, decide);
        var waiter = new Waiter(fingerprint, decide);
        lock (_waiting) _waiting.Add(waiter);
        while (!waiter.Done.Task.IsCompleted)
        {
            try
            {
                await _assignments.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                lock (_waiting) _waiting.Remove(waiter); // still waiting: nobody assigns it; taken: it completes anyway
                throw;
            }
            try
            {
                if (waiter.Done.Task.IsCompleted) break;
                // Groups run to the end whoever asked: the callers waiting in them do not share this caller's token.
                await AssignGroupAsync(TakeGroup(), writeRows: true, CancellationToken.None);
            }
            finally
            {
                _assignments.Release();
            }
        }
        return await waiter.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Steps 1–4 of <see cref="AssignAsync"/> only, for one article, as a worker that stops after committing: for tests of the roll-forward.</summary>
    internal async Task CommitWithoutRowsAsync(ArticleFingerprint fingerprint, Func<IReadOnlyList<DedupCandidate>, DedupDecision> decide)
    {
        Validate(fingerprint, decide);
        var waiter = new Waiter(fingerprint, decide);
        await _assignments.WaitAsync();
        try { await AssignGroupAsync([waiter], writeRows: false, CancellationToken.None); }
        finally { _assignments.Release(); }
        await waiter.Done.Task;
    }

    private static void Validate(ArticleFingerprint fingerprint, Func<IReadOnlyList<DedupCandidate>, DedupDecision> decide)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(decide);
        if (fingerprint.Signature.Length != Fingerprints.SignatureLength)
            throw new ArgumentException($"Article {fingerprint.ArticleId}: the signature has {fingerprint.Signature.Length} values; {Fingerprints.SignatureLength} expected.", nameof(fingerprint));
        _ = TableKeys.Escape(fingerprint.ArticleId, "article id"); // a bad id fails before anything is committed
    }

    /// <summary>Up to <see cref="MaxGroup"/> waiting assignments, one per article id (a second one waits for the next group, where it finds the first recorded).</summary>
    private List<Waiter> TakeGroup()
    {
        lock (_waiting)
        {
            var group = new List<Waiter>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < _waiting.Count && group.Count < MaxGroup; i++)
                if (ids.Add(_waiting[i].Fingerprint.ArticleId)) group.Add(_waiting[i]);
            foreach (var waiter in group) _waiting.Remove(waiter);
            return group;
        }
    }

    /// <summary>Assigns the group (steps 1–5); completes every waiter in it, with its assignment or its error, and never throws.</summary>
    private async Task AssignGroupAsync(List<Waiter> group, bool writeRows, CancellationToken cancellationToken)
    {
        try
        {
            await AssignGroupCoreAsync(group, writeRows, cancellationToken);
        }
        catch (Exception e)
        {
            foreach (var waiter in group) waiter.Done.TrySetException(e);
        }
    }

    private async Task AssignGroupCoreAsync(List<Waiter> group, bool writeRows, CancellationToken cancellationToken)
    {
        var heads = await TableAsync(TableNames.DedupHead, cancellationToken);
        var finished = _finished;
        _finished = null; // known again only once this group is committed and written
        var pending = group;
        for (int attempt = 1; ; attempt++)
        {
            Head head;
            if (attempt == 1 && finished is not null) head = finished;
            else
            {
                head = await ReadHeadAsync(heads, cancellationToken);
                if (head.Last.Count > 0 && head.ETag != finished?.ETag) await WriteRowsAsync(head.Last, readMembers: false, cancellationToken);
            }

            var reads = pending.Select(w => (Recorded: ReadArticleRowAsync(w.Fingerprint.ArticleId, cancellationToken), Found: CandidatesWithShinglesAsync(w, cancellationToken))).ToList();
            await Task.WhenAll(reads.SelectMany(r => new Task[] { r.Recorded, r.Found }));

            var recorded = new List<Task>();
            var decided = new List<(Waiter Waiter, Committed Committed)>();
            for (int i = 0; i < pending.Count; i++)
            {
                var waiter = pending[i];
                if (await reads[i].Recorded is { } earlier)
                {
                    recorded.Add(CompleteAsync(waiter, () => ToAssignmentAsync(waiter.Fingerprint.ArticleId, earlier, cancellationToken)));
                    continue;
                }
                try
                {
                    decided.Add((waiter, Decide(waiter, [.. await reads[i].Found, .. GroupCandidates(waiter, decided)])));
                }
                catch (Exception e)
                {
                    waiter.Done.TrySetException(e);
                }
            }
            if (decided.Count == 0)
            {
                await Task.WhenAll(recorded);
                _finished = head;
                return;
            }

            var batch = decided.Select(d => d.Committed).ToList();
            var (won, etag) = await TryCommitAsync(heads, head, batch, cancellationToken);
            if (won)
            {
                // A worker that stops after committing (tests) writes no rows and so sees no members.
                var joined = writeRows ? await WriteRowsAsync(batch, readMembers: true, cancellationToken) : batch.Select(c => new Joined([], c.Article.SeenAt)).ToArray();
                if (writeRows && etag is not null) _finished = new Head(head.Version + 1, etag, batch);
                for (int i = 0; i < decided.Count; i++)
                {
                    var c = decided[i].Committed;
                    decided[i].Waiter.Done.TrySetResult(new DedupAssignment(c.ClusterId, c.NewCluster, c.DuplicateOf, c.Relation, c.Similarity, joined[i].Others, joined[i].FirstSeenAt));
                }
                await Task.WhenAll(recorded);
                return;
            }
            await Task.WhenAll(recorded);
            bool stale = ReferenceEquals(head, finished); // another worker committed since this store did: read the head at once
            finished = null;
            pending = decided.Select(d => d.Waiter).ToList();
            if (attempt >= MaxConflictRetries)
                throw new InvalidOperationException($"Articles {string.Join(", ", pending.Select(w => w.Fingerprint.ArticleId))}: other workers committed to the dedup index first {attempt} times in a row; try again later.");
            // Spread the retries of workers that lost together.
            if (!stale) await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * Math.Min(attempt, 20))), cancellationToken);
        }
    }

    private static async Task CompleteAsync(Waiter waiter, Func<Task<DedupAssignment>> assignment)
    {
        try { waiter.Done.TrySetResult(await assignment()); }
        catch (Exception e) { waiter.Done.TrySetException(e); }
    }

    /// <summary>The waiter's decision on the candidates as an assignment to commit; throws when decide does, or chooses a non-candidate.</summary>
    private static Committed Decide(Waiter waiter, List<DedupCandidate> candidates)
    {
        var f = waiter.Fingerprint;
        var decision = waiter.Decide(candidates);
        if (decision.DuplicateOf is { } chosen && !candidates.Any(c => c.ArticleId == chosen.ArticleId && c.ClusterId == chosen.ClusterId))
            throw new InvalidOperationException($"Article {f.ArticleId}: decide chose {chosen.ArticleId} (cluster {chosen.ClusterId}), which is not one of the candidates it was given.");
        return new Committed(f, decision.DuplicateOf?.ClusterId ?? f.ArticleId, decision.DuplicateOf is null,
            decision.DuplicateOf?.ArticleId, decision.Relation, decision.Similarity);
    }

    /// <summary>
    /// Articles decided earlier in this group that share a key (content hash, LSH band or anchor) with the waiter's, or a
    /// story key when they start a story seen within the story window of it, as the candidates their rows will be.
    /// </summary>
    private static IEnumerable<DedupCandidate> GroupCandidates(Waiter waiter, IEnumerable<(Waiter Waiter, Committed Committed)> earlier)
    {
        HashSet<string>? keys = null;
        foreach (var (other, c) in earlier)
        {
            keys ??= waiter.Keys.Concat(waiter.StoryKeys).Select(k => k.Prefix).ToHashSet(StringComparer.Ordinal);
            bool sameStory = c.NewCluster && (c.Article.SeenAt - waiter.Fingerprint.SeenAt).Duration() <= DedupRule.StoryWindow && other.StoryKeys.Any(k => keys.Contains(k.Prefix));
            if (sameStory || other.Keys.Any(k => keys.Contains(k.Prefix)))
                yield return new DedupCandidate(c.Article.ArticleId, c.ClusterId, c.Article.Outlet, c.Article.Url, c.Article.Signature, c.Article.ShingleCount, c.Article.ContentHash, c.Article.Dates,
                    c.Article.Shingles, c.Article.Story);
        }
    }

    private static async Task<Head> ReadHeadAsync(TableClient heads, CancellationToken cancellationToken)
    {
        var row = await heads.GetEntityIfExistsAsync<TableEntity>(HeadPartition, SingleRow, cancellationToken: cancellationToken);
        if (!row.HasValue) return new Head(0, null, []);
        var e = row.Value!;
        return new Head(Required(e.GetInt64("Version"), e, "Version"), e.ETag, PackedJson.Read<List<Committed>>(e, "Group", "the dedup head row"));
    }

    /// <summary>Commits the group on the head read: whether it won, and the head's new ETag when the service returned one.</summary>
    private static async Task<(bool Won, ETag? ETag)> TryCommitAsync(TableClient heads, Head head, IReadOnlyList<Committed> group, CancellationToken cancellationToken)
    {
        var row = new TableEntity(HeadPartition, SingleRow) { ["Version"] = head.Version + 1, ["Articles"] = group.Count };
        PackedJson.Write(row, "Group", group, $"the dedup group of {group.Count} articles");
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
    /// The article's keys in DedupKeys, in order: its content hash, its LSH bands, then its anchors. Each is a shard
    /// (partition) and a row-key prefix; the article's row is the prefix followed by its escaped id. A key is in the same
    /// shard for every article that has it: the hash and the bands by their place in the list (which is the same in every
    /// list), an anchor by its value (its place depends on the text).
    /// </summary>
    internal static IReadOnlyList<(string Shard, string Prefix)> KeyPrefixes(ArticleFingerprint f)
    {
        var hash = TableKeys.Hash(f.ContentHash)[..16];
        return Fingerprints.BandKeys(f.Signature).Select(band => "b-" + band + "-").Prepend("h-" + hash + "-").Select((prefix, i) => (Shard((uint)i), prefix))
            .Concat(Fingerprints.Anchors(f.Shingles).Select(anchor => (Shard(anchor / Fingerprints.AnchorRate), AnchorPrefix + AnchorCandidates.Key(anchor) + "-")))
            .ToList();
    }

    /// <summary>The article's story keys (<see cref="DedupRule.StoryKeys"/>), each in the shard its value picks.</summary>
    internal static IReadOnlyList<(string Shard, string Prefix)> StoryKeyPrefixes(ArticleFingerprint f) =>
        DedupRule.StoryKeys(f.Story, f.ShingleCount).Select(key => (Shard(key), StoryPrefix + key.ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + "-")).ToList();

    private static string Shard(uint i) => "shard-" + (i % KeyShards).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A time in row-key order newest first: 16 hex digits of long.MaxValue minus its Unix milliseconds.</summary>
    private static string Inverted(DateTimeOffset at) => (long.MaxValue - at.ToUnixTimeMilliseconds()).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The rows of one story key seen within the story window of <paramref name="at"/>.</summary>
    private static RowKeyRange StoryRange(string prefix, DateTimeOffset at) =>
        new(prefix + Inverted(at + DedupRule.StoryWindow), prefix + Inverted(at - DedupRule.StoryWindow) + "."); // '.' follows the '-' before the article

    /// <summary>
    /// Writes the rows of a committed group: clusters and key rows at once, then the article rows. Idempotent. When
    /// <paramref name="readMembers"/>, also reads the clusters joined and returns, per article, the members it sees
    /// (none for a new cluster; for a joiner, the cluster's others but the group's later articles) and the cluster's
    /// first-seen time, in group order.
    /// </summary>
    private async Task<Joined[]> WriteRowsAsync(IReadOnlyList<Committed> group, bool readMembers, CancellationToken cancellationToken)
    {
        var clusterRows = new List<TableTransactionAction>();
        var keyRows = new List<TableTransactionAction>();
        foreach (var committed in group)
        {
            var f = committed.Article;
            var articleKey = TableKeys.Escape(f.ArticleId, "article id");
            var clusterKey = TableKeys.Escape(committed.ClusterId, "cluster id");
            if (committed.NewCluster)
                clusterRows.Add(new(TableTransactionActionType.UpsertReplace,
                    new TableEntity(clusterKey, ClusterRow) { ["RepresentativeId"] = f.ArticleId, ["Title"] = f.Title, ["FirstSeenAt"] = f.SeenAt }));
            clusterRows.Add(new(TableTransactionActionType.UpsertReplace,
                new TableEntity(clusterKey, MemberRowPrefix + articleKey) { ["ArticleId"] = f.ArticleId, ["Outlet"] = f.Outlet, ["Url"] = f.Url, ["SeenAt"] = f.SeenAt }));
            var signature = Fingerprints.ToBytes(f.Signature);
            var prefixes = KeyPrefixes(f);
            int anchors = prefixes.Count(k => k.Prefix.StartsWith(AnchorPrefix, StringComparison.Ordinal));
            // A key row holds what the rule compares of a candidate, so finding it costs no article read.
            TableEntity KeyRow(string shard, string rowKey) => new(shard, rowKey)
            {
                ["ArticleId"] = f.ArticleId,
                ["ClusterId"] = committed.ClusterId,
                ["Outlet"] = f.Outlet,
                ["Url"] = f.Url,
                ["Signature"] = signature,
                ["ShingleCount"] = f.ShingleCount,
                ["ContentHash"] = f.ContentHash,
                ["Dates"] = (long)f.Dates,
            };
            // Merged, not replaced: a group rolled forward from the head row has no shingle sets (they are not in its
            // JSON), so it writes no anchor keys and no anchor count, and keeps those its own store wrote.
            keyRows.AddRange(prefixes.Select(key =>
            {
                var row = KeyRow(key.Shard, key.Prefix + articleKey);
                if (f.Shingles is not null) row["AnchorCount"] = anchors;
                return new TableTransactionAction(TableTransactionActionType.UpsertMerge, row);
            }));
            // Only a story's first article is joined by its story. A group rolled forward has no story vectors (not in
            // its JSON) and so writes none of these rows, as with anchors.
            if (committed.NewCluster)
                keyRows.AddRange(StoryKeyPrefixes(f).Select(key =>
                {
                    var row = KeyRow(key.Shard, key.Prefix + Inverted(f.SeenAt) + "-" + articleKey);
                    row["SeenAt"] = f.SeenAt;
                    return new TableTransactionAction(TableTransactionActionType.UpsertReplace, row);
                }));
        }
        var clusters = await TableAsync(TableNames.StoryClusters, cancellationToken);
        var keys = await TableAsync(TableNames.DedupKeys, cancellationToken);
        await Task.WhenAll(TableBatches.Split(clusterRows).Select(batch => clusters.SubmitTransactionAsync(batch, cancellationToken))
            .Concat(TableBatches.Split(keyRows).Select(batch => keys.SubmitTransactionAsync(batch, cancellationToken))));

        var articles = await TableAsync(TableNames.DedupArticles, cancellationToken);
        var articleWrites = group.Select(committed =>
        {
            var f = committed.Article;
            var article = new TableEntity(TableKeys.Escape(f.ArticleId, "article id"), SingleRow)
            {
                ["ArticleId"] = f.ArticleId,
                ["ClusterId"] = committed.ClusterId,
                ["Outlet"] = f.Outlet,
                ["Url"] = f.Url,
                ["ContentHash"] = f.ContentHash,
                ["ShingleCount"] = f.ShingleCount,
                ["SeenAt"] = f.SeenAt,
            };
            if (f.Shingles is { Length: > 0 and <= MaxStoredShingles } shingles) article["Shingles"] = Fingerprints.ShinglesToBytes(shingles);
            if (f.Story is { } story) article["Story"] = story.ToBytes(); // at most 24 KB (StoryVector.MaxTerms)
            SetHow(article, committed);
            return articles.UpsertEntityAsync(article, TableUpdateMode.Merge, cancellationToken); // merged: see the key rows
        });
        // The clusters joined were rolled forward before this commit and written just now, so their headers are there.
        var joined = readMembers
            ? group.Where(c => !c.NewCluster).Select(c => c.ClusterId).Distinct(StringComparer.Ordinal)
                .ToDictionary(id => id, id => GetClusterAsync(id, cancellationToken), StringComparer.Ordinal)
            : [];
        await Task.WhenAll(articleWrites.Concat<Task>(joined.Values));

        var seen = new Joined[group.Count];
        for (int i = 0; i < group.Count; i++)
        {
            var committed = group[i];
            if (committed.NewCluster || !readMembers) { seen[i] = new Joined([], committed.Article.SeenAt); continue; }
            var cluster = await joined[committed.ClusterId]
                          ?? throw new InvalidDataException($"Article {committed.Article.ArticleId} joined cluster {committed.ClusterId}, which has no '{ClusterRow}' row.");
            var later = group.Skip(i).Select(c => c.Article.ArticleId).ToHashSet(StringComparer.Ordinal); // itself and the group's later articles
            seen[i] = new Joined(cluster.Members.Where(m => !later.Contains(m.ArticleId)).ToList(), cluster.FirstSeenAt);
        }
        return seen;
    }

    /// <summary>
    /// The candidates, the <see cref="MaxShingleReads"/> most alike by their signatures with their shingle sets read from
    /// their article rows, so the rule compares them exactly (an article row written before the sets were kept, or
    /// not yet written by a worker that stopped, has none: the rule then estimates), and those found by story keys with
    /// their story vectors.
    /// </summary>
    private async Task<List<DedupCandidate>> CandidatesWithShinglesAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        var f = waiter.Fingerprint;
        var (candidates, byStory) = await CandidatesAsync(f, waiter.Keys, waiter.StoryKeys, cancellationToken);
        if (candidates.Count == 0) return candidates;
        var exact = f.Shingles is null ? [] : candidates.Where(c => c.ContentHash != f.ContentHash).OrderByDescending(c => DedupRule.EstimatedScore(f, c)).Take(MaxShingleReads)
            .Select(c => c.ArticleId);
        var articles = await TableAsync(TableNames.DedupArticles, cancellationToken);
        var reads = exact.Union(byStory, StringComparer.Ordinal)
            .Select(async id => (Id: id, Row: await articles.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(id, "article id"), SingleRow, ["Shingles", "Story"], cancellationToken)));
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        foreach (var (id, row) in await Task.WhenAll(reads))
            if (row.HasValue) rows[id] = row.Value!;
        return candidates.Select(c => rows.TryGetValue(c.ArticleId, out var row)
            ? c with
            {
                Shingles = row.GetBinary("Shingles") is { Length: > 0 } set ? Fingerprints.ShinglesFromBytes(set) : c.Shingles,
                Story = row.GetBinary("Story") is { Length: > 0 } story ? StoryVector.FromBytes(story) : null,
            }
            : c).ToList();
    }

    /// <summary>The candidates by hash, band and anchor keys, then the stories' first articles by story keys (those ids also returned apart).</summary>
    private async Task<(List<DedupCandidate> Candidates, List<string> ByStory)> CandidatesAsync(ArticleFingerprint f, IReadOnlyList<(string Shard, string Prefix)> prefixes,
        IReadOnlyList<(string Shard, string Prefix)> storyPrefixes, CancellationToken cancellationToken)
    {
        var keys = await TableAsync(TableNames.DedupKeys, cancellationToken);
        // Anchor keys are read up to MaxPerAnchor rows each (an anchor listed more often is boilerplate), story keys up to
        // StoryIndex.MaxPerKey within the story window.
        var all = prefixes.Select(key => (key.Shard, Range: RowKeyRange.Prefix(key.Prefix),
                Limit: key.Prefix.StartsWith(AnchorPrefix, StringComparison.Ordinal) ? AnchorCandidates.MaxPerAnchor : MaxCandidatesPerKey))
            .Concat(storyPrefixes.Select(key => (key.Shard, Range: StoryRange(key.Prefix, f.SeenAt), Limit: StoryIndex.MaxPerKey)))
            .ToList();
        var queries = all.Select((key, i) => (key.Shard, Index: i, key.Range, key.Limit))
            .GroupBy(k => k.Shard, StringComparer.Ordinal)
            .SelectMany(shard => shard.OrderBy(k => k.Range.From, StringComparer.Ordinal).Chunk(RangesPerQuery))
            .Select(async chunk => (Keys: chunk, Rows: await ReadRangesAsync(keys, chunk[0].Shard, chunk.Select(k => k.Range).ToList(), chunk.Select(k => k.Limit).ToList(), cancellationToken)));
        var byKey = new List<TableEntity>[all.Count];
        foreach (var (chunk, rows) in await Task.WhenAll(queries))
            for (int i = 0; i < chunk.Length; i++) byKey[chunk[i].Index] = rows[i];

        var seen = new HashSet<string>(StringComparer.Ordinal) { f.ArticleId };
        var candidates = new List<DedupCandidate>();
        var anchorKeys = Enumerable.Range(0, prefixes.Count).Where(i => prefixes[i].Prefix.StartsWith(AnchorPrefix, StringComparison.Ordinal)).ToHashSet();
        foreach (var row in Enumerable.Range(0, prefixes.Count).Where(i => !anchorKeys.Contains(i)).SelectMany(i => byKey[i]))
        {
            if (!seen.Add(Required(row.GetString("ArticleId"), row, "ArticleId"))) continue;
            candidates.Add(Candidate(row));
            if (candidates.Count == MaxCandidates) break;
        }
        if (candidates.Count < MaxCandidates)
        {
            var shared = anchorKeys.SelectMany(i => byKey[i]).GroupBy(row => Required(row.GetString("ArticleId"), row, "ArticleId"), StringComparer.Ordinal)
                .Where(g => !seen.Contains(g.Key))
                .Select(g => (Row: g.First(), Shared: g.Count(), Anchors: g.First().GetInt32("AnchorCount") ?? 0));
            var chosen = AnchorCandidates.Choose(shared, anchorKeys.Count, Comparer<TableEntity>.Create((x, y) => string.CompareOrdinal(x.GetString("ArticleId"), y.GetString("ArticleId"))));
            foreach (var row in chosen.Take(MaxCandidates - candidates.Count)) { seen.Add(row.GetString("ArticleId")!); candidates.Add(Candidate(row)); }
        }
        var byStory = StoryIndex.Choose(Enumerable.Range(prefixes.Count, storyPrefixes.Count).SelectMany(i => byKey[i])
                .GroupBy(row => Required(row.GetString("ArticleId"), row, "ArticleId"), StringComparer.Ordinal)
                .Where(g => g.Key != f.ArticleId)
                .Select(g => (Row: g.First(), Shared: g.Count(), Seen: (g.First().GetDateTimeOffset("SeenAt") ?? DateTimeOffset.MinValue).UtcTicks)),
            Comparer<TableEntity>.Create((x, y) => string.CompareOrdinal(x.GetString("ArticleId"), y.GetString("ArticleId"))));
        foreach (var row in byStory.Where(row => seen.Add(row.GetString("ArticleId")!))) candidates.Add(Candidate(row));
        return (candidates, byStory.Select(row => row.GetString("ArticleId")!).ToList());

        static DedupCandidate Candidate(TableEntity row) =>
            new(Required(row.GetString("ArticleId"), row, "ArticleId"), Required(row.GetString("ClusterId"), row, "ClusterId"), Required(row.GetString("Outlet"), row, "Outlet"),
                Required(row.GetString("Url"), row, "Url"), Fingerprints.FromBytes(row.GetBinary("Signature") ?? []), Required(row.GetInt32("ShingleCount"), row, "ShingleCount"),
                Required(row.GetString("ContentHash"), row, "ContentHash"), (uint)(row.GetInt64("Dates") ?? 0));
    }

    /// <summary>
    /// Up to <paramref name="limit"/> rows of each range (at most <see cref="RowKeyRanges.MaxRangesPerFilter"/>, ascending
    /// and disjoint) of one partition, in one query while they fit a page. Rows come in row-key order, so when a page
    /// ends the ranges before its last row are complete; the next query asks only for what is left of the others, and a
    /// range that reached its limit is not read further.
    /// </summary>
    internal static Task<List<TableEntity>[]> ReadRangesAsync(TableClient table, string partition, IReadOnlyList<RowKeyRange> ranges, int limit, CancellationToken cancellationToken) =>
        ReadRangesAsync(table, partition, ranges, ranges.Select(_ => limit).ToList(), cancellationToken);

    /// <summary>As above, with a limit per range (<paramref name="limits"/>, in the order of <paramref name="ranges"/>).</summary>
    internal static async Task<List<TableEntity>[]> ReadRangesAsync(TableClient table, string partition, IReadOnlyList<RowKeyRange> ranges, IReadOnlyList<int> limits, CancellationToken cancellationToken)
    {
        var rows = ranges.Select(_ => new List<TableEntity>()).ToArray();
        var pending = ranges.Select((range, i) => (Range: range, Index: i)).ToList();
        string? continuation = null;
        while (pending.Count > 0)
        {
            var filter = RowKeyRanges.Filter(partition, pending.Select(p => p.Range).ToList());
            int pageSize = Math.Min(MaxPage, pending.Sum(p => limits[p.Index]));
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
                        if (rows[index].Count < limits[index]) rows[index].Add(row);
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
                .Where(p => rows[p.Index].Count < limits[p.Index] && string.CompareOrdinal(p.Range.To, lastKey) > 0)
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
            cluster.Members.Where(m => m.ArticleId != articleId).ToList(), cluster.FirstSeenAt);
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
}
