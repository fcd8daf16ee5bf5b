using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using NewsMonitor.Domain;
using NewsMonitor.Ports;

namespace NewsMonitor.Azure.Storage;

/// <summary>
/// The state ports on Azure Tables: seen URLs and feed state, the dedup index and story clusters, the summary index,
/// subscriptions and the delivery ledger. Each table is created on first use (once per store). Thread-safe, and
/// several instances (workers, Functions instances) may share the tables: the writes that must not race are
/// conditional (insert that fails on conflict, update if the ETag still matches) and retried.
/// </summary>
/// <remarks>
/// <para>Tables (<see cref="TableNames"/>), with their keys; ids are escaped by <see cref="TableKeys.Escape"/>,
/// URLs hashed by <see cref="TableKeys.Hash"/>:</para>
/// <list type="table">
/// <item><term>FeedState</term><description>source id | "" : conditional-GET validators and last fetch time.</description></item>
/// <item><term>SeenUrls</term><description>first two hex digits of the URL's SHA-256 | the SHA-256 : article id, when seen, the URL for people reading the table.</description></item>
/// <item><term>DedupHead</term><description>"head" | "" : the commit point of the dedup index (see <see cref="AssignAsync"/>).</description></item>
/// <item><term>DedupArticles</term><description>article id | "" : the article's cluster and how it joined.</description></item>
/// <item><term>DedupKeys</term><description>"shard-0" to "shard-3" | "h-{64 bits of the content hash's SHA-256}-{article id}" or "b-{LSH band key}-{article id}" : the candidate's fingerprint (layout in <see cref="AssignAsync"/>).</description></item>
/// <item><term>StoryClusters</term><description>cluster id | "cluster" (representative, title, first seen) or "member-{article id}".</description></item>
/// <item><term>Summaries</term><description>UTC day of the first index time | article id : index time, relevance and the summary (gzipped JSON, <see cref="PackedJson"/>).</description></item>
/// <item><term>SummaryIndexTimes</term><description>article id | "" : the first index time, kept by every later upsert.</description></item>
/// <item><term>Subscriptions</term><description>subscription id | "" : the email address and the subscription (gzipped JSON).</description></item>
/// <item><term>Deliveries</term><description>ledger key | "" : the delivery record; inserted only if absent. And
/// "~subscription:" subscription | kind:ticks:ledger key : an empty index row per delivery, to count a subscription's
/// deliveries since a time.</description></item>
/// <item><term>DigestWindows</term><description>subscription id | "" : the end of the last digest's window.</description></item>
/// </list>
/// <para>Times are stored as DateTime properties, except the index time, which is Int64 milliseconds since 1970 so that
/// windows of any width can be filtered.</para>
/// </remarks>
internal sealed partial class AzureTableStore : IFetchStateStore, IDedupIndex, ISummaryIndex, ISubscriptionStore, IDeliveryLedger, IDisposable
{
    public static class TableNames
    {
        public const string FeedState = nameof(FeedState);
        public const string SeenUrls = nameof(SeenUrls);
        public const string DedupHead = nameof(DedupHead);
        public const string DedupArticles = nameof(DedupArticles);
        public const string DedupKeys = nameof(DedupKeys);
        public const string StoryClusters = nameof(StoryClusters);
        public const string Summaries = nameof(Summaries);
        public const string SummaryIndexTimes = nameof(SummaryIndexTimes);
        public const string Subscriptions = nameof(Subscriptions);
        public const string Deliveries = nameof(Deliveries);
        public const string DigestWindows = nameof(DigestWindows);

        public static readonly IReadOnlyList<string> All =
            [FeedState, SeenUrls, DedupHead, DedupArticles, DedupKeys, StoryClusters, Summaries, SummaryIndexTimes, Subscriptions, Deliveries, DigestWindows];
    }

    /// <summary>The row key of tables with one row per partition.</summary>
    private const string SingleRow = "";

    /// <summary>A URL kept in a row for people reading the table is cut to this length (the key is its hash).</summary>
    private const int MaxDisplayedUrl = 2048;

    private readonly TableServiceClient _service;
    private readonly string _prefix;
    private readonly ConcurrentDictionary<string, Task<TableClient>> _tables = new(StringComparer.Ordinal);

    /// <param name="tablePrefix">Put before every table name (letters and digits, starting with a letter), so that
    /// several stores can share one account; empty in production.</param>
    public AzureTableStore(TableServiceClient service, string tablePrefix = "")
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(tablePrefix);
        int longest = TableNames.All.Max(n => n.Length);
        if (tablePrefix.Length > 0 && (!char.IsAsciiLetter(tablePrefix[0]) || !tablePrefix.All(char.IsAsciiLetterOrDigit) || tablePrefix.Length + longest > 63))
            throw new ArgumentException($"Table prefix '{tablePrefix}' must be letters and digits, start with a letter and be at most {63 - longest} characters (table names are at most 63).", nameof(tablePrefix));
        _service = service;
        _prefix = tablePrefix;
    }

    /// <summary>The client of a table, created in the account on first use.</summary>
    private async Task<TableClient> TableAsync(string name, CancellationToken cancellationToken)
    {
        var created = _tables.GetOrAdd(name, CreateTableAsync);
        try
        {
            return await created.WaitAsync(cancellationToken);
        }
        catch when (created.IsFaulted || created.IsCanceled)
        {
            _tables.TryRemove(KeyValuePair.Create(name, created)); // the next call tries again
            throw;
        }
    }

    private async Task<TableClient> CreateTableAsync(string name)
    {
        var table = _service.GetTableClient(_prefix + name);
        await table.CreateIfNotExistsAsync(CancellationToken.None);
        return table;
    }

    private static bool IsConflict(RequestFailedException e) => e.Status is 409 or 412;

    // ------------------------------------------------------------ fetch state

    public async Task<FeedState?> GetFeedStateAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(TableNames.FeedState, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(sourceId, "source id"), SingleRow, cancellationToken: cancellationToken);
        if (!row.HasValue) return null;
        var e = row.Value!;
        return new FeedState(sourceId, e.GetString("FeedETag"), e.GetString("FeedLastModified"), Required(e.GetDateTimeOffset("LastFetchedAt"), e, "LastFetchedAt"));
    }

    public async Task SetFeedStateAsync(FeedState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var row = new TableEntity(TableKeys.Escape(state.SourceId, "source id"), SingleRow) { ["LastFetchedAt"] = state.LastFetchedAt };
        // Property names other than ETag: that one is the entity's own version in the SDK.
        if (state.ETag is not null) row["FeedETag"] = state.ETag;
        if (state.LastModified is not null) row["FeedLastModified"] = state.LastModified;
        var table = await TableAsync(TableNames.FeedState, cancellationToken);
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> IsSeenAsync(string canonicalUrl, CancellationToken cancellationToken = default)
    {
        var hash = TableKeys.Hash(canonicalUrl);
        var table = await TableAsync(TableNames.SeenUrls, cancellationToken);
        return (await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.HashPartition(hash), hash, ["PartitionKey"], cancellationToken)).HasValue;
    }

    public async Task MarkSeenAsync(string canonicalUrl, string articleId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var hash = TableKeys.Hash(canonicalUrl);
        var table = await TableAsync(TableNames.SeenUrls, cancellationToken);
        var row = new TableEntity(TableKeys.HashPartition(hash), hash)
        {
            ["Url"] = canonicalUrl.Length <= MaxDisplayedUrl ? canonicalUrl : canonicalUrl[..MaxDisplayedUrl],
            ["ArticleId"] = articleId,
            ["SeenAt"] = at,
        };
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Seen already: the first record is kept.
        }
    }

    // ------------------------------------------------------------ subscriptions

    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(TableNames.Subscriptions, cancellationToken);
        await table.DeleteEntityAsync(TableKeys.Escape(id, "subscription id"), SingleRow, ETag.All, cancellationToken); // 404 is not an error here
    }

    public async Task UpsertAsync(Subscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var row = new TableEntity(TableKeys.Escape(subscription.Id, "subscription id"), SingleRow) { ["Email"] = subscription.Email };
        PackedJson.Write(row, "Json", subscription, $"subscription {subscription.Id}");
        var table = await TableAsync(TableNames.Subscriptions, cancellationToken);
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(TableNames.Subscriptions, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(id, "subscription id"), SingleRow, cancellationToken: cancellationToken);
        return row.HasValue ? PackedJson.Read<Subscription>(row.Value!, "Json", $"subscription {id}") : null;
    }

    /// <summary>Every subscription, ordered by id (ordinal). Reads the whole table: subscriptions are few.</summary>
    public async Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(TableNames.Subscriptions, cancellationToken);
        var list = new List<Subscription>();
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
            list.Add(PackedJson.Read<Subscription>(row, "Json", $"subscription row '{row.PartitionKey}'"));
        list.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return list;
    }

    // ------------------------------------------------------------ delivery ledger

    /// <summary>An insert that fails with 409 Conflict when the key is recorded: of racing workers exactly one wins.</summary>
    public async Task<bool> TryRecordAsync(Delivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var row = new TableEntity(TableKeys.Escape(delivery.Key, "delivery key"), SingleRow)
        {
            ["Kind"] = delivery.Kind.ToString(),
            ["SubscriptionId"] = delivery.SubscriptionId,
            ["Subject"] = delivery.Subject,
            ["At"] = delivery.At,
            ["Channel"] = delivery.Channel,
        };
        var table = await TableAsync(TableNames.Deliveries, cancellationToken);
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
        // The subscription's index row, for counting its deliveries by time. Written after the record: if this write
        // fails the record stands and the delivery goes ahead; the hour's count is one short (the cap lets one more
        // through), never a lost delivery.
        try
        {
            await table.UpsertEntityAsync(new TableEntity(BySubscription(delivery.SubscriptionId), ByTime(delivery.Kind, delivery.At, delivery.Key)), TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException)
        {
        }
        return true;
    }

    public async Task<int> CountSinceAsync(string subscriptionId, DeliveryKind kind, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(TableNames.Deliveries, cancellationToken);
        string partition = BySubscription(subscriptionId), from = ByTime(kind, since, ""), to = kind + ";"; // ';' follows ':'
        int n = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}"),
                           select: ["RowKey"], cancellationToken: cancellationToken))
            n++;
        return n;
    }

    /// <summary>The partition of a subscription's index rows in Deliveries; ledger keys start with a letter, never '~'.</summary>
    private static string BySubscription(string subscriptionId) => "~subscription:" + TableKeys.Escape(subscriptionId, "subscription id");

    /// <summary>An index row's key: kind, then time (sortable ticks), then the ledger key.</summary>
    private static string ByTime(DeliveryKind kind, DateTimeOffset at, string key) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{kind}:{at.UtcTicks:D19}:{TableKeys.Escape(key, "delivery key")}");

    public async Task<bool> ContainsAsync(string key, CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(TableNames.Deliveries, cancellationToken);
        return (await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(key, "delivery key"), SingleRow, ["PartitionKey"], cancellationToken)).HasValue;
    }

    public async Task ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(TableNames.Deliveries, cancellationToken);
        var partition = TableKeys.Escape(key, "delivery key");
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, SingleRow, ["Kind", "SubscriptionId", "At"], cancellationToken);
        if (row.HasValue && Enum.TryParse<DeliveryKind>(row.Value!.GetString("Kind"), out var kind) && row.Value.GetString("SubscriptionId") is { } subscription && row.Value.GetDateTimeOffset("At") is { } at)
            await table.DeleteEntityAsync(BySubscription(subscription), ByTime(kind, at, key), ETag.All, cancellationToken);
        await table.DeleteEntityAsync(partition, SingleRow, ETag.All, cancellationToken); // 404 is not an error here
    }

    public async Task<DateTimeOffset?> LastDigestWindowEndAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(TableNames.DigestWindows, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(subscriptionId, "subscription id"), SingleRow, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetDateTimeOffset("WindowEnd") : null;
    }

    /// <summary>Moves the window end forward only (a late redelivery of an older digest leaves it): read, then insert or update on the ETag read, retried on conflict.</summary>
    public async Task SetDigestWindowEndAsync(string subscriptionId, DateTimeOffset windowEnd, CancellationToken cancellationToken = default)
    {
        var key = TableKeys.Escape(subscriptionId, "subscription id");
        var table = await TableAsync(TableNames.DigestWindows, cancellationToken);
        var row = new TableEntity(key, SingleRow) { ["WindowEnd"] = windowEnd };
        for (int attempt = 1; ; attempt++)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(key, SingleRow, cancellationToken: cancellationToken);
            try
            {
                if (!current.HasValue) await table.AddEntityAsync(row, cancellationToken);
                else if (current.Value!.GetDateTimeOffset("WindowEnd") >= windowEnd) return;
                else await table.UpdateEntityAsync(row, current.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (IsConflict(e) && attempt < MaxConflictRetries)
            {
                // Another worker wrote in between: read again.
            }
        }
    }

    /// <summary>Attempts of a conditional write before the conflict is left to the caller (the host retries the message).</summary>
    private const int MaxConflictRetries = 50;

    // ------------------------------------------------------------ rows

    private static T Required<T>(T? value, TableEntity row, string property) where T : struct =>
        value ?? throw new InvalidDataException($"Row '{row.PartitionKey}'/'{row.RowKey}' has no {property}.");

    private static string Required(string? value, TableEntity row, string property) =>
        value ?? throw new InvalidDataException($"Row '{row.PartitionKey}'/'{row.RowKey}' has no {property}.");
}
