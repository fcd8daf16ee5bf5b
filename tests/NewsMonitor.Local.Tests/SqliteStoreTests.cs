using NewsMonitor.Dedup;
using NewsMonitor.Domain;
using NewsMonitor.Local.Storage;
using NewsMonitor.Ports;
using NewsMonitor.Tests;
using NewsMonitor.Text;

namespace NewsMonitor.Local.Tests;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ArticleFingerprint Fingerprint(string id, string outlet, string text)
    {
        var key = VietnameseText.MatchKey(text);
        var shingles = Fingerprints.Shingles(key);
        return new ArticleFingerprint(id, outlet, $"https://{outlet}/{id}", id, Fingerprints.ContentHash(key), Fingerprints.MinHash(shingles), shingles.Count, DateTimeOffset.UnixEpoch.AddMinutes(id.Length));
    }

    [Fact]
    public async Task Assign_TwoWorkersRaceOnOneStory_OneCluster()
    {
        var dbFile = System.IO.Path.Combine(_dir.Path, "db.sqlite");
        var a = Fingerprint("a000", "vnexpress.net", File.ReadAllText(RepoPaths.Seed("000")));
        var b = Fingerprint("b001", "hochiminhcity.gov.vn", File.ReadAllText(RepoPaths.Seed("001")));
        for (int round = 0; round < 10; round++)
        {
            // Two store instances (two workers) on one file, released together.
            var file = dbFile + round;
            var s1 = new SqliteStore(file);
            var s2 = new SqliteStore(file);
            using var start = new ManualResetEventSlim();
            var rule = new DedupRule();
            var t1 = Task.Run(() => { start.Wait(); return s1.AssignAsync(a, c => rule.Decide(a, c)); });
            var t2 = Task.Run(() => { start.Wait(); return s2.AssignAsync(b, c => rule.Decide(b, c)); });
            start.Set();
            var results = await Task.WhenAll(t1, t2);
            Assert.Equal(results[0].ClusterId, results[1].ClusterId);
            Assert.Single(results, r => r.Representative);
            var cluster = await s1.GetClusterAsync(results[0].ClusterId);
            Assert.Equal(2, cluster!.Members.Count);
        }
    }

    [Fact]
    public async Task Ledger_SecondRecord_IsRefused_AndReleaseAllowsRetry()
    {
        var store = new SqliteStore(System.IO.Path.Combine(_dir.Path, "db.sqlite"));
        var d = new Delivery("alert:s:c", DeliveryKind.Alert, "s", "subject", DateTimeOffset.UnixEpoch, "email");
        Assert.True(await store.TryRecordAsync(d));
        Assert.False(await store.TryRecordAsync(d));
        Assert.True(await store.ContainsAsync(d.Key));
        await store.ReleaseAsync(d.Key);
        Assert.True(await store.TryRecordAsync(d));
    }

    [Fact]
    public async Task Summaries_QueryByFirstSeenWindow()
    {
        var store = new SqliteStore(System.IO.Path.Combine(_dir.Path, "db.sqlite"));
        var t0 = new DateTimeOffset(2025, 11, 1, 0, 0, 0, TimeSpan.Zero);
        await store.UpsertAsync(Sample("1", t0, true), t0);
        await store.UpsertAsync(Sample("2", t0.AddHours(2), false), t0.AddHours(2));
        await store.UpsertAsync(Sample("3", t0.AddHours(1), true), t0.AddHours(30)); // fetched early, indexed late
        await store.UpsertAsync(Sample("1", t0, true), t0.AddHours(40)); // upsert is idempotent and keeps the first index time
        var relevant = await store.QueryIndexedAsync(t0, t0.AddHours(24), relevantOnly: true);
        Assert.Equal(["1"], relevant.Select(s => s.Id));
        Assert.Equal(2, (await store.QueryIndexedAsync(t0, t0.AddHours(24), relevantOnly: false)).Count);
        Assert.True(await store.IsIndexedAsync("3"));
        Assert.False(await store.IsIndexedAsync("4"));
    }

    [Fact]
    public async Task SeenUrlsAndFeedState_RoundTrip()
    {
        var store = new SqliteStore(System.IO.Path.Combine(_dir.Path, "db.sqlite"));
        Assert.False(await store.IsSeenAsync("https://a/1"));
        await store.MarkSeenAsync("https://a/1", "id1", DateTimeOffset.UnixEpoch);
        await store.MarkSeenAsync("https://a/1", "id1", DateTimeOffset.UnixEpoch);
        Assert.True(await store.IsSeenAsync("https://a/1"));
        await store.SetFeedStateAsync(new FeedState("src", "\"etag\"", "Thu, 30 Oct 2025 07:00:00 GMT", DateTimeOffset.UnixEpoch));
        Assert.Equal("\"etag\"", (await store.GetFeedStateAsync("src"))!.ETag);
    }

    internal static StructuredSummary Sample(string id, DateTimeOffset seen, bool relevant) => new()
    {
        Id = id, Url = $"https://example.vn/{id}", Outlet = "X", Title = "T" + id, FirstSeenAt = seen, Relevant = relevant, RelevanceScore = relevant ? 0.8 : 0.1,
        PartnerCountries = [], CountriesMentioned = [], Sectors = [], EventTypes = [], Localities = [], People = [], Organizations = [], Amounts = [], Summary = [],
        Cluster = new ClusterRef(id, true, []), WordCount = 100, ContentHash = "h" + id,
    };
}
