using Azure.Data.Tables;

namespace NewsMonitor.Azure.Storage;

/// <summary>
/// Entity-group transactions within the limits of Azure Tables: one partition per transaction, at most
/// <see cref="MaxOperations"/> operations, each entity at most once.
/// </summary>
internal static class TableBatches
{
    /// <summary>Operations a transaction may hold (Azure Tables refuses more; the 4 MiB payload limit is the caller's, far off for dedup rows of about 1.3 KB).</summary>
    public const int MaxOperations = 100;

    /// <summary>
    /// The actions as transactions: grouped by partition key (partitions in order of first appearance, actions in their
    /// order) and cut into runs of at most <see cref="MaxOperations"/>. Throws <see cref="ArgumentException"/> when one
    /// row appears twice, which a transaction refuses.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<TableTransactionAction>> Split(IEnumerable<TableTransactionAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var partitions = new Dictionary<string, List<TableTransactionAction>>(StringComparer.Ordinal);
        var order = new List<List<TableTransactionAction>>();
        var rows = new HashSet<(string, string)>();
        foreach (var action in actions)
        {
            var (partition, row) = (action.Entity.PartitionKey, action.Entity.RowKey);
            if (!rows.Add((partition, row)))
                throw new ArgumentException($"Row '{partition}'/'{row}' appears twice; a transaction holds each entity once.", nameof(actions));
            if (!partitions.TryGetValue(partition, out var list))
            {
                partitions.Add(partition, list = []);
                order.Add(list);
            }
            list.Add(action);
        }
        return order.SelectMany(list => list.Chunk(MaxOperations)).Select(chunk => (IReadOnlyList<TableTransactionAction>)chunk).ToList();
    }
}
