using System.Text;
using NewsMonitor.Ports;

namespace NewsMonitor.Tests.Contracts;

/// <summary>
/// What every <see cref="IBlobStore"/> promises. A subclass per adapter supplies the store; each test writes to its own
/// freshly named container, so one store (one storage account) can serve every test.
/// </summary>
public abstract class BlobStoreContract
{
    /// <summary>The store under test. Two calls may return the same store.</summary>
    protected abstract IBlobStore Store { get; }

    /// <summary>A container name no other test uses (valid in Azure and as a folder name).</summary>
    protected static string NewContainer() => "t" + Guid.NewGuid().ToString("N")[..20];

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public async Task Write_ThenRead_ReturnsTheSameBytes()
    {
        var path = NewContainer() + "/raw/bài-viết 1.json";
        var content = Bytes("{\"title\":\"Việt Nam – Vương quốc Anh\"}");
        Assert.True(await Store.WriteAsync(path, content));
        Assert.Equal(content, await Store.ReadAsync(path));
        Assert.True(await Store.ExistsAsync(path));
    }

    [Fact]
    public async Task Write_EmptyContent_IsABlob()
    {
        var path = NewContainer() + "/empty.json";
        Assert.True(await Store.WriteAsync(path, []));
        Assert.Equal(Array.Empty<byte>(), await Store.ReadAsync(path));
        Assert.True(await Store.ExistsAsync(path));
    }

    [Fact]
    public async Task Read_MissingBlobOrContainer_IsNull()
    {
        var container = NewContainer();
        Assert.Null(await Store.ReadAsync(container + "/a.json"));
        Assert.False(await Store.ExistsAsync(container + "/a.json"));
        await Store.WriteAsync(container + "/a/b.json", Bytes("b"));
        Assert.Null(await Store.ReadAsync(container + "/b.json"));
        Assert.Null(await Store.ReadAsync(container + "/a")); // a name prefix is not a blob
        Assert.False(await Store.ExistsAsync(container + "/a"));
    }

    [Fact]
    public async Task Write_ToAnExistingPath_KeepsTheFirstBlobAndReturnsFalse()
    {
        var path = NewContainer() + "/raw.json";
        Assert.True(await Store.WriteAsync(path, Bytes("first")));
        Assert.False(await Store.WriteAsync(path, Bytes("second, longer")));
        Assert.False(await Store.WriteAsync(path, []));
        Assert.Equal(Bytes("first"), await Store.ReadAsync(path));
        Assert.Single(await ListAsync(path));
    }

    [Fact]
    public async Task Write_ConcurrentToOnePath_ExactlyOneCreatesAndItsBytesAreKept()
    {
        var path = NewContainer() + "/race.json";
        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return (i, Created: await Store.WriteAsync(path, Bytes($"writer {i}")));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(writers);
        var winner = Assert.Single(results, r => r.Created);
        Assert.Equal(Bytes($"writer {winner.i}"), await Store.ReadAsync(path));
        Assert.Equal([path], await ListAsync(path));
    }

    [Fact]
    public async Task List_ByPrefix_ReturnsThePathsStartingWithIt()
    {
        var container = NewContainer();
        var other = NewContainer();
        string[] paths = [$"{container}/a.json", $"{container}/ab.json", $"{container}/a/b.json", $"{container}/a/c/d.json", $"{container}/b.json", $"{container}/thời-sự.json"];
        foreach (var p in paths) Assert.True(await Store.WriteAsync(p, Bytes(p)));
        await Store.WriteAsync($"{other}/a.json", Bytes("other container"));

        Assert.Equal(paths.Order(StringComparer.Ordinal), await ListAsync(container + "/"));
        Assert.Equal([$"{container}/a.json", $"{container}/a/b.json", $"{container}/a/c/d.json", $"{container}/ab.json"], await ListAsync(container + "/a"));
        Assert.Equal([$"{container}/a/b.json", $"{container}/a/c/d.json"], await ListAsync(container + "/a/"));
        Assert.Equal([$"{container}/thời-sự.json"], await ListAsync(container + "/thời"));
        Assert.Empty(await ListAsync(container + "/z"));
        Assert.Empty(await ListAsync(NewContainer() + "/"));
    }

    [Theory]
    [InlineData("no-container.json")]
    [InlineData("raw/")]
    [InlineData("Raw/a.json")]
    [InlineData("ra/a.json")]
    [InlineData("../a.json")]
    [InlineData("raw/../a.json")]
    [InlineData("raw/a//b.json")]
    [InlineData("raw/a\\b.json")]
    [InlineData("raw/a\u0001.json")]
    public async Task Paths_BreakingTheRules_AreRefusedWithArgumentException(string path)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(path, [1]));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAsync(path));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ExistsAsync(path));
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("")]
    [InlineData("RAW/")]
    [InlineData("raw/../")]
    public async Task List_PrefixWithoutAContainer_IsRefusedWithArgumentException(string prefix) =>
        await Assert.ThrowsAsync<ArgumentException>(() => ListAsync(prefix));

    private async Task<List<string>> ListAsync(string prefix)
    {
        var list = new List<string>();
        await foreach (var p in Store.ListAsync(prefix)) list.Add(p);
        list.Sort(StringComparer.Ordinal);
        return list;
    }
}
