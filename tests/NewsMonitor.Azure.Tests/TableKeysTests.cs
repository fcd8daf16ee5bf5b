using NewsMonitor.Azure.Storage;

namespace NewsMonitor.Azure.Tests;

public sealed class TableKeysTests
{
    [Theory]
    [InlineData("abc-123_xyz:Đà Nẵng", "abc-123_xyz:Đà Nẵng")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a%2Fb", "a%252Fb")]
    [InlineData("q?h#b\\", "q%3Fh%23b%5C")]
    [InlineData("tab\tnul\0del\u007f\u009f", "tab%09nul%00del%7F%9F")]
    [InlineData("😀 pair", "😀 pair")]
    [InlineData("", "")]
    public void Escape_ReplacesWhatTablesForbidsAndPercent(string value, string key) =>
        Assert.Equal(key, TableKeys.Escape(value, "id"));

    [Fact]
    public void Escape_UnpairedSurrogates_AreEscaped() => // not in InlineData: xunit cannot serialise them
        Assert.Equal("lone %uD800 high %uDC00", TableKeys.Escape("lone \ud800 high \udc00", "id"));

    [Fact]
    public void Escape_KeepsDistinctValuesDistinct()
    {
        string[] values = ["a/b", "a%2Fb", "a%2fb", "a%252Fb", "a\\b", "a%5Cb"];
        Assert.Equal(values.Length, values.Select(v => TableKeys.Escape(v, "id")).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Escape_TooLong_NamesWhatItWas()
    {
        var e = Assert.Throws<ArgumentException>(() => TableKeys.Escape(new string('#', 200), "source id"));
        Assert.Contains("source id", e.Message, StringComparison.Ordinal);
        Assert.Equal(TableKeys.MaxLength, TableKeys.Escape(new string('x', TableKeys.MaxLength), "id").Length);
    }

    [Fact]
    public void Hash_OfAUrl_Is64HexDigitsWithATwoDigitPartition()
    {
        var hash = TableKeys.Hash("https://báo.vn/a?b#c");
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash[..2], TableKeys.HashPartition(hash));
        Assert.NotEqual(hash, TableKeys.Hash("https://báo.vn/a?b#d"));
    }
}
