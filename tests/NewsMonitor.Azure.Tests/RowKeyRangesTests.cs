using NewsMonitor.Azure.Storage;

namespace NewsMonitor.Azure.Tests;

public sealed class RowKeyRangesTests
{
    [Fact]
    public void Filters_FortyThreeRanges_AreSevenFiltersOfAtMostFifteenComparisons()
    {
        var ranges = Enumerable.Range(0, 43).Select(i => RowKeyRange.Prefix($"b-{i:x2}-")).ToList();
        var filters = RowKeyRanges.Filters("shard-0", ranges);
        Assert.Equal(7, filters.Count);
        Assert.All(filters, f => Assert.InRange(RowKeyRanges.CountComparisons(f), 3, RowKeyRanges.MaxComparisons));
        Assert.Equal(1 + 2 * 7, RowKeyRanges.CountComparisons(filters[0]));
    }

    [Fact]
    public void Filter_QuotesKeys_AndItsComparisonsAreCountedOutsideQuotes()
    {
        var filter = RowKeyRanges.Filter("it's", [RowKeyRange.Prefix("o'eq lt-"), new RowKeyRange("a", "b", FromExclusive: true)]);
        Assert.Equal("PartitionKey eq 'it''s' and ((RowKey ge 'o''eq lt-' and RowKey lt 'o''eq lt.') or (RowKey gt 'a' and RowKey lt 'b'))", filter);
        Assert.Equal(5, RowKeyRanges.CountComparisons(filter));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public void Filter_NoRangeOrMoreThanSeven_IsRefused(int count) =>
        Assert.Throws<ArgumentException>(() => RowKeyRanges.Filter("p", Enumerable.Range(0, count).Select(i => RowKeyRange.Prefix($"k{i}-")).ToList()));

    [Theory]
    [InlineData("b-01-", true)]
    [InlineData("b-01-article/x", true)]
    [InlineData("b-01-\uffff", true)]
    [InlineData("b-01", false)]
    [InlineData("b-01.", false)]
    [InlineData("b-010", false)]
    [InlineData("b-00-a", false)]
    public void Prefix_ContainsExactlyTheKeysThatStartWithIt(string rowKey, bool inside) =>
        Assert.Equal(inside, RowKeyRange.Prefix("b-01-").Contains(rowKey));

    [Fact]
    public void FromExclusive_LeavesOutItsLowerBound()
    {
        var range = new RowKeyRange("m", "n", FromExclusive: true);
        Assert.False(range.Contains("m"));
        Assert.True(range.Contains("m0"));
    }
}
