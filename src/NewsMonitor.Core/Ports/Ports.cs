using NewsMonitor.Domain;

namespace NewsMonitor.Ports;

/// <summary>Raw and structured blobs addressed as <c>container/name</c>.</summary>
public interface IBlobStore
{
    Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Paths of the blobs under a prefix such as <c>raw/</c>, in no particular order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Writes a blob, replacing any blob at the same path.</summary>
    Task WriteAsync(string path, byte[] content, CancellationToken cancellationToken = default);
}

/// <summary>Conditional-GET state of a feed.</summary>
public sealed record FeedState(string SourceId, string? ETag, string? LastModified, DateTimeOffset LastFetchedAt);

/// <summary>Seen URLs and feed state (ETag, Last-Modified).</summary>
public interface IFetchStateStore
{
    Task<FeedState?> GetFeedStateAsync(string sourceId, CancellationToken cancellationToken = default);

    Task SetFeedStateAsync(FeedState state, CancellationToken cancellationToken = default);

    Task<bool> IsSeenAsync(string canonicalUrl, CancellationToken cancellationToken = default);

    Task MarkSeenAsync(string canonicalUrl, string articleId, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>A candidate already in the index that may duplicate a new article.</summary>
public sealed record DedupCandidate(string ArticleId, string ClusterId, string Outlet, string Url, ulong[] Signature, int ShingleCount, string ContentHash);

/// <summary>The fingerprint of a new article.</summary>
public sealed record ArticleFingerprint(string ArticleId, string Outlet, string Url, string Title, string ContentHash, ulong[] Signature, int ShingleCount, DateTimeOffset SeenAt);

/// <summary>What the dedup rule decided for a new article, given the candidates.</summary>
/// <param name="DuplicateOf">The candidate it duplicates, or null when it starts a new story.</param>
/// <param name="Relation"><c>duplicate</c> or <c>near_duplicate</c>, or null.</param>
public sealed record DedupDecision(DedupCandidate? DuplicateOf, string? Relation, double? Similarity);

/// <summary>The result of assigning an article: its cluster and the cluster's other members.</summary>
public sealed record DedupAssignment(string ClusterId, bool Representative, string? DuplicateOf, string? Relation, double? Similarity, IReadOnlyList<OutletLink> OtherMembers);

/// <summary>Exact-hash and near-duplicate index plus story clusters.</summary>
public interface IDedupIndex
{
    /// <summary>
    /// Atomically: finds candidates (same content hash, or sharing an LSH band), asks <paramref name="decide"/>,
    /// and records the article in the decided cluster. Two concurrent calls for the same story yield one cluster.
    /// Calling it again for an article already recorded returns the earlier assignment.
    /// </summary>
    Task<DedupAssignment> AssignAsync(ArticleFingerprint fingerprint, Func<IReadOnlyList<DedupCandidate>, DedupDecision> decide, CancellationToken cancellationToken = default);

    Task<StoryCluster?> GetClusterAsync(string clusterId, CancellationToken cancellationToken = default);
}

/// <summary>Query rows of stored summaries.</summary>
public interface ISummaryIndex
{
    /// <summary>Indexes a summary; <paramref name="indexedAt"/> is kept from the first upsert (digests select by it).</summary>
    Task UpsertAsync(StructuredSummary summary, DateTimeOffset indexedAt, CancellationToken cancellationToken = default);

    Task<bool> IsIndexedAsync(string articleId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Summaries first indexed in [<paramref name="from"/>, <paramref name="to"/>). Selecting by index time, not fetch
    /// time, means a story fetched before a digest but indexed after it goes into the next digest instead of none.
    /// </summary>
    Task<IReadOnlyList<StructuredSummary>> QueryIndexedAsync(DateTimeOffset from, DateTimeOffset to, bool relevantOnly, CancellationToken cancellationToken = default);
}

public interface ISubscriptionStore
{
    Task UpsertAsync(Subscription subscription, CancellationToken cancellationToken = default);

    Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>Idempotency of alerts and digests: one record per key.</summary>
public interface IDeliveryLedger
{
    /// <summary>Records a delivery; returns false (and changes nothing) when the key is already recorded.</summary>
    Task<bool> TryRecordAsync(Delivery delivery, CancellationToken cancellationToken = default);

    Task<bool> ContainsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Removes a record whose send failed, so a retry may send it.</summary>
    Task ReleaseAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The window end of the subscription's last digest, if any.</summary>
    Task<DateTimeOffset?> LastDigestWindowEndAsync(string subscriptionId, CancellationToken cancellationToken = default);

    Task SetDigestWindowEndAsync(string subscriptionId, DateTimeOffset windowEnd, CancellationToken cancellationToken = default);
}

public interface IEmailSender
{
    /// <summary>Sends one message; throws when the message could not be handed over.</summary>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
