using System.Globalization;
using Azure;
using Azure.Data.Tables;
using NewsMonitor.Domain;

namespace NewsMonitor.Azure.Storage;

internal sealed partial class AzureTableStore
{
    /// <summary>
    /// Pins the first index time (an insert into SummaryIndexTimes that fails on conflict; the earlier time is read back),
    /// then writes the summary row under that time's UTC day, replacing the content of an earlier upsert. A worker that
    /// stops between the two leaves the summary unindexed (<see cref="IsIndexedAsync"/> is false), and the redelivered
    /// message finishes it with the pinned time.
    /// </summary>
    public async Task UpsertAsync(StructuredSummary summary, DateTimeOffset indexedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var key = TableKeys.Escape(summary.Id, "article id");
        var row = new TableEntity { RowKey = key, ["Relevant"] = summary.Relevant };
        PackedJson.Write(row, "Json", summary, $"summary {summary.Id}");

        var times = await TableAsync(TableNames.SummaryIndexTimes, cancellationToken);
        long first = indexedAt.ToUnixTimeMilliseconds();
        try
        {
            await times.AddEntityAsync(new TableEntity(key, SingleRow) { ["IndexedAtMs"] = first }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var pinned = (await times.GetEntityAsync<TableEntity>(key, SingleRow, cancellationToken: cancellationToken)).Value;
            first = Required(pinned.GetInt64("IndexedAtMs"), pinned, "IndexedAtMs");
        }
        row.PartitionKey = Day(first);
        row["IndexedAtMs"] = first;
        var summaries = await TableAsync(TableNames.Summaries, cancellationToken);
        await summaries.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> IsIndexedAsync(string articleId, CancellationToken cancellationToken = default)
    {
        var key = TableKeys.Escape(articleId, "article id");
        var times = await TableAsync(TableNames.SummaryIndexTimes, cancellationToken);
        var pinned = await times.GetEntityIfExistsAsync<TableEntity>(key, SingleRow, cancellationToken: cancellationToken);
        if (!pinned.HasValue) return false;
        var day = Day(Required(pinned.Value!.GetInt64("IndexedAtMs"), pinned.Value, "IndexedAtMs"));
        var summaries = await TableAsync(TableNames.Summaries, cancellationToken);
        return (await summaries.GetEntityIfExistsAsync<TableEntity>(day, key, ["PartitionKey"], cancellationToken)).HasValue;
    }

    /// <summary>One query over the day partitions of the window, filtered on the index time; ordered by first-seen time, then id.</summary>
    public async Task<IReadOnlyList<StructuredSummary>> QueryIndexedAsync(DateTimeOffset from, DateTimeOffset to, bool relevantOnly, CancellationToken cancellationToken = default)
    {
        if (from >= to) return [];
        long fromMs = from.ToUnixTimeMilliseconds(), toMs = to.ToUnixTimeMilliseconds();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {Day(fromMs)} and PartitionKey le {Day(toMs)} and IndexedAtMs ge {fromMs} and IndexedAtMs lt {toMs}");
        if (relevantOnly) filter += " and Relevant eq true";
        var summaries = await TableAsync(TableNames.Summaries, cancellationToken);
        var list = new List<StructuredSummary>();
        await foreach (var row in summaries.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            list.Add(PackedJson.Read<StructuredSummary>(row, "Json", $"summary row '{row.PartitionKey}'/'{row.RowKey}'"));
        return list.OrderBy(s => s.FirstSeenAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The partition of an index time: its UTC day, <c>yyyy-MM-dd</c>, which sorts as the days do.</summary>
    private static string Day(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
