using Azure.Data.Tables;

namespace NewsMonitor.Azure.Storage;

/// <summary>Row keys from <see cref="From"/> (inclusive, or exclusive when <see cref="FromExclusive"/>) to <see cref="To"/> (exclusive), compared ordinally.</summary>
internal sealed record RowKeyRange(string From, string To, bool FromExclusive = false)
{
    /// <summary>Every row key that starts with <paramref name="prefix"/> (non-empty; its last character below U+FFFF).</summary>
    public static RowKeyRange Prefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (prefix[^1] == char.MaxValue) throw new ArgumentException($"The prefix '{prefix}' ends in U+FFFF, which has no successor.", nameof(prefix));
        return new RowKeyRange(prefix, prefix[..^1] + (char)(prefix[^1] + 1));
    }

    public bool Contains(string rowKey)
    {
        int from = string.CompareOrdinal(rowKey, From);
        return (FromExclusive ? from > 0 : from >= 0) && string.CompareOrdinal(rowKey, To) < 0;
    }
}

/// <summary>
/// OData filters that read several row-key ranges of one partition per query. Azure Tables allows at most
/// <see cref="MaxComparisons"/> comparisons in a filter: the partition takes one and each range two, so a query holds
/// up to <see cref="MaxRangesPerFilter"/> ranges.
/// </summary>
internal static class RowKeyRanges
{
    public const int MaxComparisons = 15;

    public const int MaxRangesPerFilter = (MaxComparisons - 1) / 2;

    /// <summary>
    /// One filter per run of up to <see cref="MaxRangesPerFilter"/> ranges, in order:
    /// <c>PartitionKey eq 'p' and ((RowKey ge 'a' and RowKey lt 'b') or …)</c>, keys quoted safely.
    /// </summary>
    public static IReadOnlyList<string> Filters(string partitionKey, IEnumerable<RowKeyRange> ranges) =>
        ranges.Chunk(MaxRangesPerFilter).Select(chunk => Filter(partitionKey, chunk)).ToList();

    /// <summary>One filter for up to <see cref="MaxRangesPerFilter"/> ranges; throws <see cref="ArgumentException"/> for none or more.</summary>
    public static string Filter(string partitionKey, IReadOnlyCollection<RowKeyRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(ranges);
        if (ranges.Count is 0 or > MaxRangesPerFilter)
            throw new ArgumentException($"A filter reads 1 to {MaxRangesPerFilter} ranges ({MaxComparisons} comparisons at most); {ranges.Count} given.", nameof(ranges));
        var clauses = ranges.Select(r => "(" + (r.FromExclusive
            ? TableClient.CreateQueryFilter($"RowKey gt {r.From} and RowKey lt {r.To}")
            : TableClient.CreateQueryFilter($"RowKey ge {r.From} and RowKey lt {r.To}")) + ")");
        return TableKeys.PartitionFilter(partitionKey) + " and (" + string.Join(" or ", clauses) + ")";
    }

    /// <summary>The comparisons in a filter built here (for tests): every eq, ge, gt, le, lt and ne outside quotes.</summary>
    internal static int CountComparisons(string filter)
    {
        int count = 0;
        bool quoted = false;
        var word = new System.Text.StringBuilder();
        foreach (char c in filter + " ")
        {
            if (c == '\'') { quoted = !quoted; word.Clear(); continue; }
            if (quoted) continue;
            if (char.IsAsciiLetter(c)) { word.Append(c); continue; }
            if (word.ToString() is "eq" or "ge" or "gt" or "le" or "lt" or "ne") count++;
            word.Clear();
        }
        return count;
    }
}
