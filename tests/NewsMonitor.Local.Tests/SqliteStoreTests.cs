using NewsMonitor.Domain;
using NewsMonitor.Local.Storage;
using NewsMonitor.Tests.Contracts;

namespace NewsMonitor.Local.Tests;

/// <summary>The store contract against SQLite: one file per storage name, one <see cref="SqliteStore"/> per worker.</summary>
public sealed class SqliteStoreTests : StoreContract, IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    protected override StorePorts Open(string storage)
    {
        var store = new SqliteStore(Path.Combine(_dir.Path, storage + ".db"));
        return new StorePorts(store, store, store, store, store);
    }

    [Fact]
    public async Task Deliveries_ListsTheRecordsInTimeOrder()
    {
        var store = new SqliteStore(Path.Combine(_dir.Path, "db.sqlite"));
        var t0 = new DateTimeOffset(2025, 11, 1, 0, 0, 0, TimeSpan.Zero);
        await store.TryRecordAsync(new Delivery("digest:s1:2025-11-01", DeliveryKind.Digest, "s1", "digest", t0.AddHours(1), "email"));
        await store.TryRecordAsync(new Delivery("alert:s1:c1", DeliveryKind.Alert, "s1", "alert", t0, "email"));
        Assert.Equal(["alert:s1:c1", "digest:s1:2025-11-01"], store.Deliveries().Select(d => d.Key));
        Assert.Equal(DeliveryKind.Digest, store.Deliveries()[1].Kind);
    }
}
