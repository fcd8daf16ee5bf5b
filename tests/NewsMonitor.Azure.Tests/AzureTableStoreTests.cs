using Azure.Data.Tables;
using NewsMonitor.Azure.Storage;
using NewsMonitor.Dedup;
using NewsMonitor.Domain;
using NewsMonitor.Ports;
using NewsMonitor.Tests;
using NewsMonitor.Tests.Contracts;

namespace NewsMonitor.Azure.Tests;

/// <summary>The store contract against Azurite (each storage name is a table prefix), plus what only the Tables adapter does.</summary>
[Collection("Azurite")]
public sealed class AzureTableStoreTests(AzuriteFixture fixture) : StoreContract
{
    private TableServiceClient Service => new(fixture.Azurite.ConnectionString);

    protected override StorePorts Open(string storage)
    {
        var store = new AzureTableStore(Service, storage);
        return new StorePorts(store, store, store, store, store);
    }

    private static readonly DateTimeOffset T0 = new(2025, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Assign_AfterAWorkerStoppedBetweenCommitAndRows_RollsItsAssignmentForward()
    {
        var storage = NewStorage();
        var seed000 = File.ReadAllText(RepoPaths.Seed("000"));
        var a = Fingerprint("a", "vnexpress.net", seed000, T0);
        var b = Fingerprint("b", "baomoi.com", seed000, T0.AddMinutes(1));
        var rule = new DedupRule();
        // The first worker commits a, then stops before writing a's rows.
        await new AzureTableStore(Service, storage).CommitWithoutRowsAsync(a, c => rule.Decide(a, c));
        var index = new AzureTableStore(Service, storage);
        Assert.Null(await index.GetClusterAsync("a"));

        // The next worker finishes a's rows before it decides, so b is found to duplicate a.
        var assignment = await index.AssignAsync(b, c => rule.Decide(b, c));
        Assert.Equal(("a", "a", "duplicate"), (assignment.ClusterId, assignment.DuplicateOf, assignment.Relation));
        Assert.Equal(["a", "b"], (await index.GetClusterAsync("a"))!.Members.Select(m => m.ArticleId));
        // a's redelivered message finds a recorded as committed.
        var again = await index.AssignAsync(a, _ => throw new InvalidOperationException("decided again"));
        Assert.True(again.Representative);
    }

    [Fact]
    public async Task Assign_AnotherStoreRollingAGroupForward_KeepsTheShingleSetsAndAnchorsItsWriterStored()
    {
        var storage = NewStorage();
        var rule = new DedupRule();
        var a = Fingerprint("a", "vnexpress.net", File.ReadAllText(RepoPaths.Seed("000")), T0);
        var b = Fingerprint("b", "hochiminhcity.gov.vn", File.ReadAllText(RepoPaths.Seed("001")), T0.AddMinutes(1));
        await new AzureTableStore(Service, storage).AssignAsync(a, c => rule.Decide(a, c));
        // A second instance did not commit a's group, so it writes its rows again before deciding: from the head row,
        // which does not hold shingle sets. What a's own store wrote stays.
        IReadOnlyList<DedupCandidate> seen = [];
        await new AzureTableStore(Service, storage).AssignAsync(b, c => { seen = c; return rule.Decide(b, c); });
        Assert.Equal(a.Shingles, Assert.Single(seen).Shingles);
        var keys = Service.GetTableClient(storage + AzureTableStore.TableNames.DedupKeys);
        await foreach (var row in keys.QueryAsync<TableEntity>(filter: "ArticleId eq 'a'"))
            Assert.Equal(Fingerprints.Anchors(a.Shingles).Length, row.GetInt32("AnchorCount"));
    }

    [Fact]
    public async Task Assign_ItsOwnCommitNotYetWritten_IsFinishedByItsRedelivery()
    {
        var storage = NewStorage();
        var a = Fingerprint("a", "vnexpress.net", File.ReadAllText(RepoPaths.Seed("000")), T0);
        var rule = new DedupRule();
        await new AzureTableStore(Service, storage).CommitWithoutRowsAsync(a, c => rule.Decide(a, c));
        var assignment = await new AzureTableStore(Service, storage).AssignAsync(a, _ => throw new InvalidOperationException("decided again"));
        Assert.Equal(("a", true), (assignment.ClusterId, assignment.Representative));
    }

    [Fact]
    public async Task Assign_DecideChoosingANonCandidate_IsRefused()
    {
        var index = new AzureTableStore(Service, NewStorage());
        var a = Fingerprint("a", "vnexpress.net", File.ReadAllText(RepoPaths.Seed("000")), T0);
        var stranger = new DedupCandidate("x", "x", "o", "https://o/x", a.Signature, a.ShingleCount, a.ContentHash);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => index.AssignAsync(a, _ => new DedupDecision(stranger, "duplicate", 1)));
        Assert.Contains("not one of the candidates", e.Message, StringComparison.Ordinal);
        Assert.Null(await index.GetClusterAsync("x"));
    }

    [Fact]
    public async Task Assign_OneArticle_WritesItsKeyRowsToTheShardsInOneTransactionEach()
    {
        var storage = NewStorage();
        var a = Fingerprint("a/1", "vnexpress.net", File.ReadAllText(RepoPaths.Seed("000")), T0);
        await Open(storage).Dedup.AssignAsync(a, _ => new DedupDecision(null, null, null));
        var rows = new List<TableEntity>();
        await foreach (var row in Service.GetTableClient(storage + AzureTableStore.TableNames.DedupKeys).QueryAsync<TableEntity>())
            rows.Add(row);
        Assert.Equal(1 + Fingerprints.Bands + Fingerprints.Anchors(a.Shingles).Length, rows.Count); // content hash, bands, anchors
        Assert.Equal(Fingerprints.Anchors(a.Shingles).Length, rows.Count(r => r.RowKey.StartsWith("a-", StringComparison.Ordinal)));
        Assert.Equal(AzureTableStore.KeyShards, rows.Select(r => r.PartitionKey).Distinct().Count());
        Assert.All(rows.GroupBy(r => r.PartitionKey), shard => Assert.InRange(shard.Count(), 1, TableBatches.MaxOperations));
        Assert.All(rows, r => Assert.EndsWith("-a%2F1", r.RowKey, StringComparison.Ordinal));
        Assert.Single(rows, r => r.RowKey.StartsWith("h-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Assign_InOneStore_TakesAFewRequestsNotOnePerKey()
    {
        var counter = new RequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter, global::Azure.Core.HttpPipelinePosition.PerRetry);
        var index = new AzureTableStore(new TableServiceClient(fixture.Azurite.ConnectionString, options), NewStorage());
        var rule = new DedupRule();
        var a = Fingerprint("a", "vnexpress.net", File.ReadAllText(RepoPaths.Seed("000")), T0);
        var b = Fingerprint("b", "hochiminhcity.gov.vn", File.ReadAllText(RepoPaths.Seed("001")), T0.AddMinutes(1));
        var c = Fingerprint("c", "baochinhphu.vn", File.ReadAllText(RepoPaths.Seed("004")), T0.AddMinutes(2));
        await index.AssignAsync(a, f => rule.Decide(a, f)); // creates the tables
        counter.Reset();
        Assert.False((await index.AssignAsync(b, f => rule.Decide(b, f))).Representative);
        // Article row and the candidate queries (content hash, bands and anchors: per shard, one query per 7 keys); the
        // candidate's shingle set; commit; 4 key transactions, cluster transaction, article row, cluster read.
        static int Queries(ArticleFingerprint f) => AzureTableStore.KeyPrefixes(f).GroupBy(k => k.Shard)
            .Sum(shard => (shard.Count() + RowKeyRanges.MaxRangesPerFilter - 1) / RowKeyRanges.MaxRangesPerFilter);
        Assert.InRange(Queries(b), AzureTableStore.KeyShards, 2 * AzureTableStore.KeyShards);
        Assert.Equal(1 + Queries(b) + 1 + 1 + AzureTableStore.KeyShards + 3, counter.Count);
        counter.Reset();
        Assert.True((await index.AssignAsync(c, f => rule.Decide(c, f))).Representative);
        Assert.Equal(1 + Queries(c) + 1 + AzureTableStore.KeyShards + 2, counter.Count);
    }

    [Fact]
    public async Task Assign_SixteenAtOnceInOneStore_AreCommittedInGroups()
    {
        var counter = new RequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter, global::Azure.Core.HttpPipelinePosition.PerRetry);
        var index = new AzureTableStore(new TableServiceClient(fixture.Azurite.ConnectionString, options), NewStorage());
        var rule = new DedupRule();
        var warm = Fingerprint("warm", "vnexpress.net", File.ReadAllText(RepoPaths.Seed("002")), T0);
        await index.AssignAsync(warm, f => rule.Decide(warm, f)); // creates the tables
        var seeds = new[] { "000", "001", "003", "004" }.Select(s => File.ReadAllText(RepoPaths.Seed(s))).ToList();
        // Four outlets each print seeds 000, 001 (a near duplicate of 000), 003 and 004: two stories, three clusters.
        var articles = Enumerable.Range(0, 16).Select(i => Fingerprint($"g{i:d2}", $"outlet{i / 4}.vn", seeds[i % 4], T0.AddMinutes(i))).ToList();
        counter.Reset();
        using var start = new ManualResetEventSlim();
        var workers = articles.Select(f => Task.Run(async () => { start.Wait(); return await index.AssignAsync(f, c => rule.Decide(f, c)); })).ToList();
        start.Set();
        var results = await Task.WhenAll(workers);

        Assert.Equal(3, results.Select(r => r.ClusterId).Distinct().Count());
        Assert.Equal(results[0].ClusterId, results[1].ClusterId); // 000 and 001
        Assert.Equal(3, results.Count(r => r.Representative));
        // One at a time this takes 16 × 15 requests or more; a group shares its commit and its row transactions.
        Assert.InRange(counter.Count, 16 * 5, 16 * 11);
        foreach (var id in results.Select(r => r.ClusterId).Distinct())
            Assert.Equal(results.Count(r => r.ClusterId == id), (await index.GetClusterAsync(id))!.Members.Count);
    }

    [Fact]
    public async Task Assign_ADecideThatThrows_FailsOnlyItsOwnArticle()
    {
        var index = new AzureTableStore(Service, NewStorage());
        var rule = new DedupRule();
        var a = Fingerprint("a", "vnexpress.net", File.ReadAllText(RepoPaths.Seed("000")), T0);
        var b = Fingerprint("b", "baomoi.com", File.ReadAllText(RepoPaths.Seed("000")), T0.AddMinutes(1));
        await index.AssignAsync(Fingerprint("warm", "x.vn", File.ReadAllText(RepoPaths.Seed("002")), T0), _ => new DedupDecision(null, null, null));
        using var start = new ManualResetEventSlim();
        var failing = Task.Run(async () => { start.Wait(); return await index.AssignAsync(a, _ => throw new InvalidDataException("broken rule")); });
        var fine = Task.Run(async () => { start.Wait(); return await index.AssignAsync(b, c => rule.Decide(b, c)); });
        start.Set();
        await Assert.ThrowsAsync<InvalidDataException>(() => failing);
        Assert.True((await fine).Representative); // a was never recorded, so b starts the story
        Assert.Null(await index.GetClusterAsync("a"));
    }

    [Fact]
    public async Task ReadRanges_ARangeFullerThanItsLimit_StopsThereAndStillReadsTheOthers()
    {
        var table = Service.GetTableClient(NewStorage() + "Ranges");
        await table.CreateAsync();
        var rows = Enumerable.Range(0, 50).Select(i => $"a-{i:d2}").Concat(Enumerable.Range(0, 5).Select(i => $"b-{i}")).Concat(Enumerable.Range(0, 3).Select(i => $"c-{i}"));
        foreach (var batch in TableBatches.Split(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", r)))))
            await table.SubmitTransactionAsync(batch);
        await table.AddEntityAsync(new TableEntity("q", "b-9"));

        // Pages of 10 × 3 = 30 rows: the first is all a-, so b- and c- come from a second query.
        var read = await AzureTableStore.ReadRangesAsync(table, "p", [RowKeyRange.Prefix("a-"), RowKeyRange.Prefix("b-"), RowKeyRange.Prefix("c-")], 10, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"a-{i:d2}"), read[0].Select(r => r.RowKey));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"b-{i}"), read[1].Select(r => r.RowKey));
        Assert.Equal(3, read[2].Count);
    }

    [Fact]
    public async Task Tables_HaveTheDocumentedNamesAfterThePrefix()
    {
        var storage = NewStorage();
        var ports = Open(storage);
        await ports.FetchState.IsSeenAsync("https://a.vn/");
        await ports.Dedup.AssignAsync(Fingerprint("a", "o", "một hai ba bốn năm sáu", T0), _ => new DedupDecision(null, null, null));
        await ports.Summaries.IsIndexedAsync("a");
        await ports.Summaries.QueryIndexedAsync(T0, T0.AddDays(1), relevantOnly: false);
        await ports.Subscriptions.ListAsync();
        await ports.Ledger.ContainsAsync("k");
        await ports.Ledger.LastDigestWindowEndAsync("s");
        await ports.FetchState.GetFeedStateAsync("f");
        var names = new List<string>();
        await foreach (var table in Service.QueryAsync(TableClient.CreateQueryFilter($"TableName ge {storage} and TableName lt {storage + "~"}")))
            names.Add(table.Name[storage.Length..]);
        Assert.Equal(AzureTableStore.TableNames.All.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Summaries_LargerThanOneProperty_AreSpreadOverNumberedProperties()
    {
        var storage = NewStorage();
        var big = Summary("big", T0, true, lines: LargeText(600_000));
        await Open(storage).Summaries.UpsertAsync(big, T0);
        var row = (await Service.GetTableClient(storage + AzureTableStore.TableNames.Summaries).GetEntityAsync<TableEntity>("2025-11-01", "big")).Value;
        Assert.NotNull(row.GetBinary("Json1"));
        Assert.Equal(T0.ToUnixTimeMilliseconds(), row.GetInt64("IndexedAtMs"));
        Assert.Equal(Json.ToText(big), Json.ToText(Assert.Single(await Open(storage).Summaries.QueryIndexedAsync(T0, T0.AddDays(1), relevantOnly: true))));
    }

    [Fact]
    public async Task Summaries_TooLargeForARow_AreRefusedNamingTheSummary()
    {
        var index = Open(NewStorage()).Summaries;
        var noise = new Random(3);
        var huge = Summary("huge", T0, true, lines: Enumerable.Range(0, 40).Select(_ => Convert.ToHexString(Enumerable.Range(0, 40_000).Select(_ => (byte)noise.Next(256)).ToArray())).ToList());
        var e = await Assert.ThrowsAsync<ArgumentException>(() => index.UpsertAsync(huge, T0));
        Assert.Contains("summary huge", e.Message, StringComparison.Ordinal);
        Assert.False(await index.IsIndexedAsync("huge"));
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("a-b")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij")]
    public void Constructor_BadTablePrefix_IsRefused(string prefix) =>
        Assert.Throws<ArgumentException>(() => new AzureTableStore(Service, prefix));

    [Fact]
    public async Task Keys_LongerThanATableKeyHolds_AreRefusedWithTheirName()
    {
        var ledger = Open(NewStorage()).Ledger;
        var e = await Assert.ThrowsAsync<ArgumentException>(() => ledger.TryRecordAsync(new Delivery(new string('k', 300) + new string('/', 100), DeliveryKind.Alert, "s", "x", T0, "email")));
        Assert.Contains("delivery key", e.Message, StringComparison.Ordinal);
    }
}
