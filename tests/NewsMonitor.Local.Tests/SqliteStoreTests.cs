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

    [Fact]
    public async Task AnIndexWrittenBeforeDatesWereKept_GainsTheColumn_AndItsArticlesNameNoDays()
    {
        var path = Path.Combine(_dir.Path, "old.db");
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE dedup_articles (article_id TEXT PRIMARY KEY, cluster_id TEXT NOT NULL, outlet TEXT NOT NULL, url TEXT NOT NULL,
                    content_hash TEXT NOT NULL, signature BLOB NOT NULL, shingles INTEGER NOT NULL, seen_at INTEGER NOT NULL,
                    duplicate_of TEXT, relation TEXT, similarity REAL);
                CREATE TABLE clusters (id TEXT PRIMARY KEY, representative_id TEXT NOT NULL, title TEXT NOT NULL, first_seen INTEGER NOT NULL);
                """;
            cmd.ExecuteNonQuery();
            cmd.CommandText = "INSERT INTO dedup_articles VALUES ('old', 'old', 'o.vn', 'https://o.vn/old', 'h', $sig, 100, 0, NULL, NULL, NULL); INSERT INTO clusters VALUES ('old', 'old', 't', 0)";
            cmd.Parameters.AddWithValue("$sig", NewsMonitor.Dedup.Fingerprints.ToBytes(new ushort[NewsMonitor.Dedup.Fingerprints.SignatureLength]));
            cmd.ExecuteNonQuery();
        }
        var store = new SqliteStore(path);
        var f = NewsMonitor.Dedup.Fingerprints.Compute("Hạn chót nộp hồ sơ là ngày 30/12 tại văn phòng của trường ở Hà Nội và TP.HCM, thí sinh cần mang theo bản gốc.")
            .For("new", "n.vn", "https://n.vn/new", "t", DateTimeOffset.UnixEpoch);
        IReadOnlyList<NewsMonitor.Ports.DedupCandidate> seen = [];
        await store.AssignAsync(f, c => { seen = c; return NewsMonitor.Ports.DedupDecision.None; });
        await store.AssignAsync(f with { ArticleId = "again" }, c => { seen = c; return NewsMonitor.Ports.DedupDecision.None; });
        Assert.Equal(f.Dates, Assert.Single(seen).Dates); // written and read back through the added column
    }
}
