using NewsMonitor.Local.Storage;
using NewsMonitor.Ports;
using NewsMonitor.Tests.Contracts;

namespace NewsMonitor.Local.Tests;

public sealed class FileBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly FileBlobStore _store;

    public FileBlobStoreTests() => _store = new FileBlobStore(_dir.Path);

    protected override IBlobStore Store => _store;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Write_LeavesNoTemporaryFile_AndTheBlobIsAFileUnderTheRoot()
    {
        Assert.True(await _store.WriteAsync("raw/a.json", [1, 2, 3]));
        Assert.False(await _store.WriteAsync("raw/a.json", [4]));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(Path.Combine(_dir.Path, "raw", "a.json")));
        Assert.Equal([Path.Combine(_dir.Path, "raw", "a.json")], Directory.GetFiles(_dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Write_OverAFileSomeoneElsePutThere_KeepsIt()
    {
        Directory.CreateDirectory(Path.Combine(_dir.Path, "raw"));
        File.WriteAllText(Path.Combine(_dir.Path, "raw", "a.json"), "from an earlier run");
        Assert.False(await _store.WriteAsync("raw/a.json", [1]));
        Assert.Equal("from an earlier run", File.ReadAllText(Path.Combine(_dir.Path, "raw", "a.json")));
    }
}
