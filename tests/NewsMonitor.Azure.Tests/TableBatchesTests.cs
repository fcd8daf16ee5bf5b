using Azure.Data.Tables;
using NewsMonitor.Azure.Storage;

namespace NewsMonitor.Azure.Tests;

public sealed class TableBatchesTests
{
    private static TableTransactionAction Upsert(string partition, string row) => new(TableTransactionActionType.UpsertReplace, new TableEntity(partition, row));

    [Fact]
    public void Split_ActionsOfSeveralPartitions_GivesOneTransactionPerPartitionInOrder()
    {
        var batches = TableBatches.Split([Upsert("p1", "a"), Upsert("p0", "a"), Upsert("p1", "b")]);
        Assert.Equal([["p1/a", "p1/b"], ["p0/a"]], batches.Select(b => b.Select(a => a.Entity.PartitionKey + "/" + a.Entity.RowKey).ToList()).ToList());
    }

    [Fact]
    public void Split_MoreThanAHundredInOnePartition_CutsAtAHundred()
    {
        var batches = TableBatches.Split(Enumerable.Range(0, 250).Select(i => Upsert("p", $"r{i:d3}")));
        Assert.Equal([100, 100, 50], batches.Select(b => b.Count));
        Assert.All(batches, b => Assert.InRange(b.Count, 1, TableBatches.MaxOperations));
    }

    [Fact]
    public void Split_SameRowTwice_IsRefused() =>
        Assert.Throws<ArgumentException>(() => TableBatches.Split([Upsert("p", "a"), Upsert("q", "a"), Upsert("p", "a")]));
}
