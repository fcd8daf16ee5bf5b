using NewsMonitor.Domain;

namespace NewsMonitor.Ports;

/// <summary>
/// Raw and structured blobs addressed as <c>container/name</c> (see <see cref="BlobPath"/>). Blobs are written once:
/// a redelivered message never rewrites or duplicates a blob. Paths that break <see cref="BlobPath"/>'s rules throw
/// <see cref="ArgumentException"/>.
/// </summary>
public interface IBlobStore
{
    /// <summary>The blob's bytes, or null when there is no blob at the path (or no such container).</summary>
    Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Paths of the blobs whose path starts with <paramref name="prefix"/>, in no particular order. The prefix names a
    /// container and a start of the name: <c>raw/</c> lists the container, <c>raw/2025</c> the names starting with 2025.
    /// </summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a blob once: creates it when the path is free, and keeps an existing blob unchanged without error.
    /// Atomic: readers see the whole blob or none, and of concurrent writers to one path exactly one creates it.
    /// </summary>
    /// <returns>True when this call created the blob; false when a blob was already at the path (it is kept).</returns>
    Task<bool> WriteAsync(string path, byte[] content, CancellationToken cancellationToken = default);
}

/// <summary>
/// A blob path <c>container/name</c>, checked by the rules every <see cref="IBlobStore"/> applies: the container is
/// an Azure container name (3–63 lowercase letters, digits and single hyphens, starting and ending with a letter or
/// digit); the name is 1–1024 characters of '/'-separated segments, none empty, <c>.</c> or <c>..</c>, without
/// backslashes or control characters (so a file store cannot be led outside its folder).
/// </summary>
public readonly record struct BlobPath(string Container, string Name)
{
    public const int MaxNameLength = 1024;

    public override string ToString() => Container + "/" + Name;

    /// <summary>Splits and checks a path; throws <see cref="ArgumentException"/> naming the rule it breaks.</summary>
    public static BlobPath Parse(string path)
    {
        var (container, name) = Split(path, nameof(path));
        CheckName(path, name, allowEmpty: false, nameof(path));
        return new BlobPath(container, name);
    }

    /// <summary>
    /// Splits and checks a listing prefix <c>container/</c> or <c>container/start-of-name</c>; the start of the name may be
    /// empty or end in '/'. Throws <see cref="ArgumentException"/> naming the rule it breaks.
    /// </summary>
    public static BlobPath ParsePrefix(string prefix)
    {
        var (container, name) = Split(prefix, nameof(prefix));
        CheckName(prefix, name.EndsWith('/') ? name[..^1] : name, allowEmpty: true, nameof(prefix));
        return new BlobPath(container, name);
    }

    private static (string Container, string Name) Split(string path, string parameter)
    {
        ArgumentNullException.ThrowIfNull(path, parameter);
        int slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) throw new ArgumentException($"Blob path '{path}' must be 'container/name'.", parameter);
        var container = path[..slash];
        if (!IsContainerName(container))
            throw new ArgumentException($"Blob path '{path}': '{container}' is not a container name (3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit).", parameter);
        return (container, path[(slash + 1)..]);
    }

    private static void CheckName(string path, string name, bool allowEmpty, string parameter)
    {
        if (name.Length == 0)
        {
            if (allowEmpty) return;
            throw new ArgumentException($"Blob path '{path}' has no name after the container.", parameter);
        }
        if (name.Length > MaxNameLength) throw new ArgumentException($"Blob path '{path[..40]}…' has a name of {name.Length} characters; at most {MaxNameLength}.", parameter);
        if (name.Any(c => c == '\\' || char.IsControl(c))) throw new ArgumentException($"Blob path '{path}' contains a backslash or a control character.", parameter);
        if (name.Split('/').Any(s => s is "" or "." or ".."))
            throw new ArgumentException($"Blob path '{path}' has an empty, '.' or '..' segment.", parameter);
    }

    private static bool IsContainerName(string s) =>
        s.Length is >= 3 and <= 63
        && s.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && s[0] != '-' && s[^1] != '-' && !s.Contains("--", StringComparison.Ordinal);
}

/// <summary>Conditional-GET state of a feed.</summary>
public sealed record FeedState(string SourceId, string? ETag, string? LastModified, DateTimeOffset LastFetchedAt);

/// <summary>Seen URLs and feed state (ETag, Last-Modified).</summary>
public interface IFetchStateStore
{
    Task<FeedState?> GetFeedStateAsync(string sourceId, CancellationToken cancellationToken = default);

    Task SetFeedStateAsync(FeedState state, CancellationToken cancellationToken = default);

    Task<bool> IsSeenAsync(string canonicalUrl, CancellationToken cancellationToken = default);

    /// <summary>Records a URL as seen; marking it again keeps the first record. URLs are compared exactly (ordinal).</summary>
    Task MarkSeenAsync(string canonicalUrl, string articleId, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>A candidate already in the index that may duplicate a new article.</summary>
/// <param name="Signature">The MinHash signature (<see cref="Dedup.Fingerprints"/>).</param>
/// <param name="Dates">The days its text names (<see cref="Dedup.DateMentions"/>); 0 for none, or from an index written before they were kept.</param>
/// <param name="Shingles">Its sorted shingle hashes (<see cref="Dedup.TextFingerprint.Shingles"/>) when the index keeps them; else the rule estimates from the signature.</param>
/// <param name="Story">Its story vector (<see cref="Dedup.StoryVectors"/>), for a candidate found by its story keys; null when the index did not read it.</param>
public sealed record DedupCandidate(string ArticleId, string ClusterId, string Outlet, string Url, ushort[] Signature, int ShingleCount, string ContentHash, uint Dates = 0, uint[]? Shingles = null,
    Dedup.StoryVector? Story = null);

/// <summary>The fingerprint of a new article (<see cref="Dedup.Fingerprints.Compute"/> gives the hash, signature and shingle count).</summary>
/// <param name="Dates">The days its text names (<see cref="Dedup.DateMentions"/>).</param>
/// <param name="Shingles">Its sorted shingle hashes (<see cref="Dedup.TextFingerprint.Shingles"/>), for an exact comparison with candidates; indexes keep them apart from the fingerprint (never in JSON).</param>
/// <param name="Story">Its story vector (<see cref="Dedup.StoryVectors.Compute"/>), to find and compare reports of the same event; kept apart like the shingles.</param>
public sealed record ArticleFingerprint(string ArticleId, string Outlet, string Url, string Title, string ContentHash, ushort[] Signature, int ShingleCount, DateTimeOffset SeenAt, uint Dates = 0,
    [property: System.Text.Json.Serialization.JsonIgnore] uint[]? Shingles = null,
    [property: System.Text.Json.Serialization.JsonIgnore] Dedup.StoryVector? Story = null);

/// <summary>What the dedup rule decided for a new article, given the candidates.</summary>
/// <param name="DuplicateOf">The candidate it joins, or null when it starts a new story.</param>
/// <param name="Relation"><see cref="Dedup.DedupRelations.Duplicate"/> or <see cref="Dedup.DedupRelations.SameStory"/>, or null.</param>
/// <param name="Similarity">The similarity that decided it: 1 for the same text, the Jaccard similarity or containment for a duplicate, the story vectors' cosine for a report of the same story.</param>
public sealed record DedupDecision(DedupCandidate? DuplicateOf, string? Relation, double? Similarity)
{
    /// <summary>A new story.</summary>
    public static readonly DedupDecision None = new(null, null, null);
}

/// <summary>The result of assigning an article: its cluster, the cluster's other members and when its first article was seen.</summary>
public sealed record DedupAssignment(string ClusterId, bool Representative, string? DuplicateOf, string? Relation, double? Similarity, IReadOnlyList<OutletLink> OtherMembers, DateTimeOffset ClusterFirstSeenAt);

/// <summary>Exact-hash and near-duplicate index plus story clusters.</summary>
public interface IDedupIndex
{
    /// <summary>
    /// Atomically: finds candidates (same content hash, sharing an LSH band or anchors, or, within
    /// <see cref="Dedup.DedupRule.StoryWindow"/> of its time, story keys with their story vectors), asks <paramref name="decide"/>,
    /// and records the article in the decided cluster. Two concurrent calls for the same story yield one cluster.
    /// Calling it again for an article already recorded returns the earlier assignment without asking <paramref name="decide"/>.
    /// <paramref name="decide"/> may run more than once (again when another worker recorded first), so it must be pure.
    /// </summary>
    Task<DedupAssignment> AssignAsync(ArticleFingerprint fingerprint, Func<IReadOnlyList<DedupCandidate>, DedupDecision> decide, CancellationToken cancellationToken = default);

    Task<StoryCluster?> GetClusterAsync(string clusterId, CancellationToken cancellationToken = default);
}

/// <summary>Query rows of stored summaries.</summary>
public interface ISummaryIndex
{
    /// <summary>Indexes a summary, replacing an earlier upsert's content; <paramref name="indexedAt"/> is kept from the first upsert (digests select by it).</summary>
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

    /// <summary>Every subscription, ordered by id (ordinal).</summary>
    Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the subscription (an unsubscribe keeps nothing of the address); removing one that is not there does nothing.</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>Idempotency of alerts and digests: one record per key.</summary>
public interface IDeliveryLedger
{
    /// <summary>Records a delivery; returns false (and changes nothing) when the key is already recorded.</summary>
    Task<bool> TryRecordAsync(Delivery delivery, CancellationToken cancellationToken = default);

    Task<bool> ContainsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>How many deliveries of <paramref name="kind"/> the subscription has had since <paramref name="since"/> (inclusive): for the cap on alerts per hour.</summary>
    Task<int> CountSinceAsync(string subscriptionId, DeliveryKind kind, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Removes a record whose send failed, so a retry may send it. Removing a key that is not recorded does nothing.</summary>
    Task ReleaseAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The window end of the subscription's last digest, if any.</summary>
    Task<DateTimeOffset?> LastDigestWindowEndAsync(string subscriptionId, CancellationToken cancellationToken = default);

    /// <summary>Moves the window end forward; an end earlier than the recorded one (a late redelivery) is ignored.</summary>
    Task SetDigestWindowEndAsync(string subscriptionId, DateTimeOffset windowEnd, CancellationToken cancellationToken = default);
}

public interface IEmailSender
{
    /// <summary>Sends one message; throws when the message could not be handed over.</summary>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
