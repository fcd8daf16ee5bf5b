using NewsMonitor.Dedup;
using NewsMonitor.Domain;
using NewsMonitor.Ports;

namespace NewsMonitor.Tests.Contracts;

/// <summary>The state ports of one adapter, opened on one storage (a SQLite file, a set of tables).</summary>
public sealed record StorePorts(IFetchStateStore FetchState, IDedupIndex Dedup, ISummaryIndex Summaries, ISubscriptionStore Subscriptions, IDeliveryLedger Ledger);

/// <summary>
/// What every adapter of the state ports promises: seen URLs and feed state, the dedup index and story clusters, the
/// summary index, subscriptions and the delivery ledger. A subclass per adapter opens the stores; every test uses
/// storage of its own, so tests never see each other's rows.
/// </summary>
public abstract class StoreContract
{
    /// <summary>
    /// Opens the stores on the storage named <paramref name="storage"/> (a letter then letters and digits, at most 13
    /// characters). Two calls with one name are two workers sharing that storage.
    /// </summary>
    protected abstract StorePorts Open(string storage);

    protected static string NewStorage() => "s" + Guid.NewGuid().ToString("N")[..12];

    private StorePorts OpenNew() => Open(NewStorage());

    private static readonly DateTimeOffset T0 = new(2025, 11, 1, 0, 0, 0, TimeSpan.Zero);

    // ------------------------------------------------------------ fetch state

    [Fact]
    public async Task FeedState_Unknown_IsNull() =>
        Assert.Null(await OpenNew().FetchState.GetFeedStateAsync("vnexpress"));

    [Fact]
    public async Task FeedState_Set_RoundTripsAndASecondSetReplacesIt()
    {
        var state = OpenNew().FetchState;
        var first = new FeedState("vnexpress", "\"v1\"", "Sat, 01 Nov 2025 00:00:00 GMT", T0);
        await state.SetFeedStateAsync(first);
        Assert.Equal(first, await state.GetFeedStateAsync("vnexpress"));
        var second = new FeedState("vnexpress", null, null, T0.AddMinutes(15));
        await state.SetFeedStateAsync(second);
        Assert.Equal(second, await state.GetFeedStateAsync("vnexpress"));
    }

    [Fact]
    public async Task FeedState_SourceIdsWithReservedCharacters_AreKeptApart()
    {
        var state = OpenNew().FetchState;
        string[] ids = ["nguồn/tin", "nguồn%2Ftin", "nguồn%2ftin", "a?b#c\\d", "tab\tid", "%"];
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            await state.SetFeedStateAsync(new FeedState(id, $"\"{i}\"", null, T0.AddSeconds(i)));
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            Assert.Equal(new FeedState(id, $"\"{i}\"", null, T0.AddSeconds(i)), await state.GetFeedStateAsync(id));
        Assert.Null(await state.GetFeedStateAsync("nguồn"));
    }

    /// <summary>URLs are keys: reserved characters of Azure Tables keys, escapes, Vietnamese and a very long one.</summary>
    public static readonly TheoryData<string> Urls = new()
    {
        "https://vnexpress.net/thoi-su/viet-nam-anh-4800000.html",
        "https://báo.vn/thời-sự/bài-viết?id=1&lang=vi#đầu-trang",
        "https://a.vn/b\\c?d=e#f",
        "https://a.vn/100%25/x",
        "https://a.vn/100%/x",
        "https://a.vn/tab\there",
        "https://a.vn/" + new string('x', 3000),
    };

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task SeenUrls_MarkSeen_ThenIsSeen_OnlyForThatUrl(string url)
    {
        var state = OpenNew().FetchState;
        Assert.False(await state.IsSeenAsync(url));
        await state.MarkSeenAsync(url, "id1", T0);
        await state.MarkSeenAsync(url, "id2", T0.AddHours(1)); // marking again is harmless
        Assert.True(await state.IsSeenAsync(url));
        Assert.False(await state.IsSeenAsync(url + "/"));
        Assert.False(await state.IsSeenAsync(url[..^1]));
        Assert.False(await state.IsSeenAsync(url.ToUpperInvariant()));
    }

    [Fact]
    public async Task SeenUrls_EscapedAndUnescapedForms_AreDifferentUrls()
    {
        var state = OpenNew().FetchState;
        await state.MarkSeenAsync("https://a.vn/x/y", "id", T0);
        Assert.False(await state.IsSeenAsync("https://a.vn/x%2Fy"));
        Assert.False(await state.IsSeenAsync("https:%2F%2Fa.vn%2Fx%2Fy"));
    }

    // ------------------------------------------------------------ dedup and clusters

    private static readonly string Seed000 = File.ReadAllText(RepoPaths.Seed("000"));
    private static readonly string Seed001 = File.ReadAllText(RepoPaths.Seed("001"));
    private static readonly string Seed004 = File.ReadAllText(RepoPaths.Seed("004"));
    private static readonly DedupRule Rule = new();

    protected static ArticleFingerprint Fingerprint(string id, string outlet, string text, DateTimeOffset seenAt, string? title = null)
        => Fingerprints.Compute(text).For(id, outlet, $"https://{outlet}/{Uri.EscapeDataString(id)}", title ?? "Tiêu đề " + id, seenAt);

    private static Task<DedupAssignment> AssignAsync(IDedupIndex index, ArticleFingerprint f) => index.AssignAsync(f, c => Rule.Decide(f, c));

    [Fact]
    public async Task Assign_FirstArticle_StartsAClusterItRepresents()
    {
        var dedup = OpenNew().Dedup;
        var a = Fingerprint("a000", "vnexpress.net", Seed000, T0);
        var assignment = await AssignAsync(dedup, a);
        Assert.Equal("a000", assignment.ClusterId);
        Assert.True(assignment.Representative);
        Assert.Null(assignment.DuplicateOf);
        Assert.Null(assignment.Relation);
        Assert.Null(assignment.Similarity);
        Assert.Empty(assignment.OtherMembers);
        var cluster = await dedup.GetClusterAsync("a000");
        Assert.NotNull(cluster);
        Assert.Equal(("a000", "a000", a.Title, T0), (cluster.Id, cluster.RepresentativeId, cluster.Title, cluster.FirstSeenAt));
        Assert.Equal([new OutletLink("vnexpress.net", a.Url, "a000")], cluster.Members);
    }

    [Fact]
    public async Task Assign_SameStoryFromAnotherOutlet_JoinsTheFirstCluster()
    {
        var dedup = OpenNew().Dedup;
        // Ids with characters that table keys forbid: the adapters must escape them.
        var a = Fingerprint("vnexpress/000?#", "vnexpress.net", Seed000, T0);
        var b = Fingerprint("hcmc%2F001\\", "hochiminhcity.gov.vn", Seed001, T0.AddMinutes(5));
        Assert.Equal(T0, (await AssignAsync(dedup, a)).ClusterFirstSeenAt);
        var assignment = await AssignAsync(dedup, b);
        Assert.Equal(a.ArticleId, assignment.ClusterId);
        Assert.Equal(T0, assignment.ClusterFirstSeenAt); // the story's first article, not this one
        Assert.Equal(assignment, await AssignAsync(dedup, b) with { OtherMembers = assignment.OtherMembers }); // asked again: the same, first-seen time too
        Assert.False(assignment.Representative);
        Assert.Equal(a.ArticleId, assignment.DuplicateOf);
        Assert.Equal("duplicate", assignment.Relation);
        Assert.InRange(assignment.Similarity!.Value, 0.4, 1.0);
        Assert.Equal([new OutletLink(a.Outlet, a.Url, a.ArticleId)], assignment.OtherMembers);
        var cluster = await dedup.GetClusterAsync(a.ArticleId);
        Assert.Equal(a.ArticleId, cluster!.RepresentativeId);
        Assert.Equal([new OutletLink(a.Outlet, a.Url, a.ArticleId), new OutletLink(b.Outlet, b.Url, b.ArticleId)], cluster.Members);
        Assert.Null(await dedup.GetClusterAsync(b.ArticleId));
    }

    [Fact]
    public async Task Assign_IdenticalText_IsAnExactDuplicate()
    {
        var dedup = OpenNew().Dedup;
        await AssignAsync(dedup, Fingerprint("a", "vnexpress.net", Seed000, T0));
        var copy = await AssignAsync(dedup, Fingerprint("b", "baomoi.com", Seed000, T0.AddMinutes(1)));
        Assert.Equal(("a", "a", "duplicate", 1.0), (copy.ClusterId, copy.DuplicateOf, copy.Relation, copy.Similarity));
    }

    [Fact]
    public async Task Assign_GivesDecideTheStoredCandidates()
    {
        var dedup = OpenNew().Dedup;
        var a = Fingerprint("a", "vnexpress.net", Seed000, T0);
        await AssignAsync(dedup, a);
        var b = Fingerprint("b", "hochiminhcity.gov.vn", Seed001, T0.AddMinutes(1));
        IReadOnlyList<DedupCandidate> seen = [];
        await dedup.AssignAsync(b, c => { seen = c; return Rule.Decide(b, c); });
        var candidate = Assert.Single(seen);
        Assert.Equal(("a", "a", a.Outlet, a.Url, a.ShingleCount, a.ContentHash), (candidate.ArticleId, candidate.ClusterId, candidate.Outlet, candidate.Url, candidate.ShingleCount, candidate.ContentHash));
        Assert.NotEqual(0u, a.Dates); // the seed names 30/10
        Assert.Equal(a.Dates, candidate.Dates);
        Assert.Equal(a.Shingles, candidate.Shingles); // kept, so the rule compares the texts exactly
        Assert.Equal(a.Signature, candidate.Signature);
    }

    [Fact]
    public async Task Assign_AReportReprintedInsideALongRoundUp_IsFoundByItsAnchors_AndComparedExactly()
    {
        var dedup = OpenNew().Dedup;
        // Seed 004 among twenty corpus articles: too little of the round-up for any band to agree (checked below).
        var roundUp = Fingerprint("roundup", "baomoi.com", string.Join('\n', CorpusSample.Bodies(20).Prepend(Seed004)), T0);
        var report = Fingerprint("report", "vnexpress.net", Seed004, T0.AddMinutes(1));
        var (jaccard, containment) = Fingerprints.Similarity(report.Shingles!, roundUp.Shingles!);
        Assert.True(jaccard < 0.2 && containment > 0.95, $"J {jaccard:0.00}, C {containment:0.00}");
        Assert.Empty(Fingerprints.BandKeys(report.Signature).Intersect(Fingerprints.BandKeys(roundUp.Signature)));
        await AssignAsync(dedup, roundUp);
        var assignment = await AssignAsync(dedup, report);
        Assert.Equal(("roundup", "roundup", "duplicate"), (assignment.ClusterId, assignment.DuplicateOf, assignment.Relation));
        Assert.Equal(Math.Round(containment, 3), assignment.Similarity);
    }

    [Fact]
    public async Task Assign_UnrelatedStory_StartsItsOwnCluster()
    {
        var dedup = OpenNew().Dedup;
        await AssignAsync(dedup, Fingerprint("a", "vnexpress.net", Seed000, T0));
        var other = await AssignAsync(dedup, Fingerprint("c", "baochinhphu.vn", Seed004, T0.AddMinutes(1)));
        Assert.Equal("c", other.ClusterId);
        Assert.True(other.Representative);
        Assert.Empty(other.OtherMembers);
    }

    [Fact]
    public async Task Assign_Again_ReturnsTheEarlierAssignmentWithoutDeciding()
    {
        var ports = OpenNew();
        var a = Fingerprint("a", "vnexpress.net", Seed000, T0);
        var b = Fingerprint("b", "hochiminhcity.gov.vn", Seed001, T0.AddMinutes(1));
        await AssignAsync(ports.Dedup, a);
        var first = await AssignAsync(ports.Dedup, b);
        Func<IReadOnlyList<DedupCandidate>, DedupDecision> mustNotDecide = _ => throw new InvalidOperationException("decided again");
        // A redelivered message, possibly on another worker, with a fingerprint that would now decide differently.
        var again = await ports.Dedup.AssignAsync(b with { ContentHash = a.ContentHash }, mustNotDecide);
        Assert.Equal((first.ClusterId, first.Representative, first.DuplicateOf, first.Relation, first.Similarity), (again.ClusterId, again.Representative, again.DuplicateOf, again.Relation, again.Similarity));
        Assert.Equal(first.OtherMembers, again.OtherMembers);
        var representative = await AssignAsync(ports.Dedup, a);
        Assert.True(representative.Representative);
        Assert.Equal([new OutletLink(b.Outlet, b.Url, "b")], representative.OtherMembers);
        Assert.Equal(2, (await ports.Dedup.GetClusterAsync("a"))!.Members.Count);
    }

    /// <summary>A fingerprint with its story vector, as the classify stage makes it.</summary>
    protected static ArticleFingerprint StoryFingerprint(string id, string outlet, (string Title, string Body) report, DateTimeOffset seenAt) =>
        Fingerprint(id, outlet, report.Body, seenAt, report.Title) with { Story = StoryVectors.Compute(report.Title, report.Body) };

    [Fact]
    public async Task Assign_AnIndependentReportOfTheSameEvent_JoinsAsTheSameStory_WithinTheWindowOnly()
    {
        var dedup = OpenNew().Dedup;
        var first = await AssignAsync(dedup, StoryFingerprint("metro-tn", "thanhnien.vn", SampleStories.MetroLoanThanhNien, T0));
        var second = await AssignAsync(dedup, StoryFingerprint("metro-tt", "tuoitre.vn", SampleStories.MetroLoanTuoiTre, T0.AddHours(5)));
        Assert.True(first.Representative);
        Assert.Equal("metro-tn", second.ClusterId);
        Assert.Equal(DedupRelations.SameStory, second.Relation);
        Assert.Equal("metro-tn", second.DuplicateOf);
        Assert.InRange(second.Similarity!.Value, Rule.StoryThreshold, 1.0);
        Assert.Equal(["thanhnien.vn"], second.OtherMembers.Select(m => m.Outlet));

        // A week apart, the two reports are not looked for in each other's story.
        var apart = OpenNew().Dedup;
        await AssignAsync(apart, StoryFingerprint("metro-tn", "thanhnien.vn", SampleStories.MetroLoanThanhNien, T0));
        var late = await AssignAsync(apart, StoryFingerprint("metro-tt", "tuoitre.vn", SampleStories.MetroLoanTuoiTre, T0.AddDays(7)));
        Assert.True(late.Representative);
        Assert.Null(late.Relation);
    }

    [Fact]
    public async Task Assign_TwoWorkersOnTwoReportsOfOneEventAtOnce_MakeOneStory()
    {
        for (int round = 0; round < 3; round++)
        {
            var storage = NewStorage();
            var articles = new[]
            {
                StoryFingerprint($"r{round}tn", "thanhnien.vn", SampleStories.MetroLoanThanhNien, T0),
                StoryFingerprint($"r{round}tt", "tuoitre.vn", SampleStories.MetroLoanTuoiTre, T0.AddMinutes(1)),
            };
            using var start = new ManualResetEventSlim();
            var workers = articles.Select(f => Task.Run(async () =>
            {
                var dedup = Open(storage).Dedup;
                start.Wait();
                return await AssignAsync(dedup, f);
            })).ToList();
            start.Set();
            var results = await Task.WhenAll(workers);
            Assert.Single(results.Select(r => r.ClusterId).Distinct());
            Assert.Single(results, r => r.Representative);
            Assert.Single(results, r => r.Relation == DedupRelations.SameStory);
        }
    }

    [Fact]
    public async Task Assign_EightWorkersOnOneStoryAtOnce_MakeOneCluster()
    {
        for (int round = 0; round < 3; round++)
        {
            var storage = NewStorage();
            // Four outlets copy seed 000 (exact duplicates), four copy seed 001 (near duplicates of 000).
            var articles = Enumerable.Range(0, 8)
                .Select(i => Fingerprint($"r{round}a{i}", $"outlet{i}.vn", i < 4 ? Seed000 : Seed001, T0.AddMinutes(i)))
                .ToList();
            using var start = new ManualResetEventSlim();
            var workers = articles.Select(f => Task.Run(async () =>
            {
                var dedup = Open(storage).Dedup; // one store instance per worker
                start.Wait();
                return await AssignAsync(dedup, f);
            })).ToList();
            start.Set();
            var results = await Task.WhenAll(workers);

            var clusterId = Assert.Single(results.Select(r => r.ClusterId).Distinct());
            var representative = Assert.Single(results, r => r.Representative);
            Assert.Null(representative.DuplicateOf);
            Assert.All(results.Where(r => !r.Representative), r => Assert.NotNull(r.DuplicateOf));
            var cluster = await Open(storage).Dedup.GetClusterAsync(clusterId);
            Assert.NotNull(cluster);
            Assert.Equal(clusterId, cluster.RepresentativeId);
            Assert.Equal(articles.Select(a => a.ArticleId).Order(), cluster.Members.Select(m => m.ArticleId).Order());
        }
    }

    [Fact]
    public async Task Assign_ManyAtOnceInOneStore_DecideAsOneAfterAnother()
    {
        var dedup = OpenNew().Dedup; // one store, as the invocations of one Functions instance share it
        // Copies of seed 000, near copies (seed 001) and an unrelated story, all at once; one article twice.
        var articles = Enumerable.Range(0, 12)
            .Select(i => Fingerprint($"m{i:d2}", $"outlet{i}.vn", (i % 3) switch { 0 => Seed000, 1 => Seed001, _ => Seed004 }, T0.AddMinutes(i)))
            .Append(Fingerprint("m00", "outlet0.vn", Seed000, T0))
            .ToList();
        using var start = new ManualResetEventSlim();
        var workers = articles.Select(f => Task.Run(async () => { start.Wait(); return await AssignAsync(dedup, f); })).ToList();
        start.Set();
        var results = await Task.WhenAll(workers);

        var story = results.Where((_, i) => i % 3 != 2).Select(r => r.ClusterId).Distinct();
        var other = results.Where((_, i) => i % 3 == 2 && i < 12).Select(r => r.ClusterId).Distinct();
        Assert.Single(story);
        Assert.Single(other);
        Assert.Equal(2, results.Take(12).Count(r => r.Representative));
        Assert.Equal(results[0].ClusterId, results[12].ClusterId);
        Assert.Equal(results[0].Representative, results[12].Representative);
        Assert.Equal(8, (await dedup.GetClusterAsync(story.Single()))!.Members.Count);
        Assert.Equal(4, (await dedup.GetClusterAsync(other.Single()))!.Members.Count);
        // Each article sees the members that were there before it, so no two see as many (m00's later copy sees all
        // others, and may be either of its two results).
        var seen = results.Take(12).Where((_, i) => i % 3 != 2 && i != 0).Select(r => r.OtherMembers.Count).ToList();
        Assert.Equal(7, seen.Distinct().Count());
        Assert.All(seen, count => Assert.InRange(count, 0, 7));
    }

    [Fact]
    public async Task GetCluster_Unknown_IsNull() => Assert.Null(await OpenNew().Dedup.GetClusterAsync("nothing"));

    // ------------------------------------------------------------ summaries

    protected static StructuredSummary Summary(string id, DateTimeOffset seen, bool relevant, string? title = null, IReadOnlyList<string>? lines = null) => new()
    {
        Id = id, Url = $"https://example.vn/{id}", Outlet = "Báo Mẫu", Title = title ?? "T" + id, FirstSeenAt = seen, Relevant = relevant, RelevanceScore = relevant ? 0.8 : 0.1,
        PartnerCountries = relevant ? [new CountryTag("GB", "Vương quốc Anh", [new Evidence("Anh")])] : [], CountriesMentioned = [], Sectors = [], EventTypes = [],
        Localities = [], People = [], Organizations = [], Amounts = [], Summary = lines ?? ["Một câu."],
        Cluster = new ClusterRef(id, true, []), WordCount = 100, ContentHash = "h" + id,
    };

    [Fact]
    public async Task Summaries_QueryByFirstIndexTime_KeepsTheFirstIndexTimeAndTheLatestContent()
    {
        var index = OpenNew().Summaries;
        await index.UpsertAsync(Summary("1", T0, true), T0);
        await index.UpsertAsync(Summary("2", T0.AddHours(2), false), T0.AddHours(2));
        await index.UpsertAsync(Summary("3", T0.AddHours(1), true), T0.AddHours(30)); // fetched early, indexed late
        await index.UpsertAsync(Summary("4", T0.AddHours(-3), true), T0.AddHours(3));
        await index.UpsertAsync(Summary("1", T0, true, title: "T1 (sửa)"), T0.AddHours(40)); // redelivered: first index time kept, content updated
        await index.UpsertAsync(Summary("5", T0, true), T0.AddHours(24)); // the window's end is excluded

        var relevant = await index.QueryIndexedAsync(T0, T0.AddHours(24), relevantOnly: true);
        Assert.Equal(["4", "1"], relevant.Select(s => s.Id)); // by first-seen time
        Assert.Equal("T1 (sửa)", relevant[1].Title);
        Assert.Equal(Json.ToText(Summary("1", T0, true, title: "T1 (sửa)")), Json.ToText(relevant[1]));
        Assert.Equal(["4", "1", "2"], (await index.QueryIndexedAsync(T0, T0.AddHours(24), relevantOnly: false)).Select(s => s.Id));
        Assert.Equal(["5", "3"], (await index.QueryIndexedAsync(T0.AddHours(24), T0.AddHours(48), relevantOnly: true)).Select(s => s.Id));
        Assert.Empty(await index.QueryIndexedAsync(T0.AddHours(40), T0.AddHours(41), relevantOnly: false));
        Assert.Empty(await index.QueryIndexedAsync(T0.AddHours(24), T0, relevantOnly: false));
    }

    [Fact]
    public async Task Summaries_WindowsAcrossMidnightAndYears_FindEveryRow()
    {
        var index = OpenNew().Summaries;
        var late = new DateTimeOffset(2025, 12, 31, 23, 30, 0, TimeSpan.FromHours(7)); // 16:30 UTC
        await index.UpsertAsync(Summary("a", late, true), new DateTimeOffset(2025, 12, 31, 23, 59, 59, 999, TimeSpan.Zero));
        await index.UpsertAsync(Summary("b", late, true), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await index.UpsertAsync(Summary("c", late, true), new DateTimeOffset(2026, 1, 1, 7, 0, 0, TimeSpan.FromHours(7))); // = 00:00 UTC
        var window = await index.QueryIndexedAsync(new DateTimeOffset(2025, 12, 31, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.Zero), relevantOnly: true);
        Assert.Equal(["a", "b", "c"], window.Select(s => s.Id));
        Assert.Equal(["a"], (await index.QueryIndexedAsync(late, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), relevantOnly: true)).Select(s => s.Id));
        Assert.Equal(3, (await index.QueryIndexedAsync(DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), relevantOnly: false)).Count);
    }

    [Fact]
    public async Task Summaries_LargeSummary_RoundTrips()
    {
        var index = OpenNew().Summaries;
        var big = Summary("big", T0, true, lines: LargeText(300_000));
        await index.UpsertAsync(big, T0);
        var found = Assert.Single(await index.QueryIndexedAsync(T0, T0.AddHours(1), relevantOnly: true));
        Assert.Equal(Json.ToText(big), Json.ToText(found));
    }

    /// <summary>About <paramref name="characters"/> characters of Vietnamese-looking text that compresses poorly (seeded, so every run is alike).</summary>
    protected static IReadOnlyList<string> LargeText(int characters)
    {
        string[] syllables = ["hợp", "tác", "Việt", "Nam", "Anh", "y", "tế", "giáo", "dục", "khoa", "học", "công", "nghệ", "đầu", "tư", "bền", "vững", "năng", "lượng", "xanh"];
        var random = new Random(7);
        var lines = new List<string>();
        for (int total = 0; total < characters;)
        {
            var line = string.Join(' ', Enumerable.Range(0, 60).Select(_ => syllables[random.Next(syllables.Length)] + random.Next(100)));
            lines.Add(line);
            total += line.Length;
        }
        return lines;
    }

    [Fact]
    public async Task Summaries_IsIndexed_OnlyAfterUpsert()
    {
        var index = OpenNew().Summaries;
        Assert.False(await index.IsIndexedAsync("a/1?#"));
        await index.UpsertAsync(Summary("a/1?#", T0, false), T0);
        Assert.True(await index.IsIndexedAsync("a/1?#"));
        Assert.False(await index.IsIndexedAsync("a/1"));
        Assert.Equal(["a/1?#"], (await index.QueryIndexedAsync(T0, T0.AddSeconds(1), relevantOnly: false)).Select(s => s.Id));
    }

    // ------------------------------------------------------------ subscriptions

    private static Subscription Subscriber(string id, bool confirmed = true, string[]? sectors = null) =>
        new(id, $"{Uri.EscapeDataString(id)}@example.vn", "vi", sectors ?? ["health"], ["GB"], ["Chevening", "học bổng"], Instant: true, Digest: true, confirmed);

    [Fact]
    public async Task Subscriptions_Upsert_RoundTripsAndReplaces()
    {
        var store = OpenNew().Subscriptions;
        Assert.Null(await store.GetAsync("s1"));
        await store.UpsertAsync(Subscriber("s1", confirmed: false));
        Assert.Equal(Json.ToText(Subscriber("s1", confirmed: false)), Json.ToText((await store.GetAsync("s1"))!));
        var updated = Subscriber("s1", confirmed: true, sectors: ["education", "science-technology"]);
        await store.UpsertAsync(updated);
        Assert.Equal(Json.ToText(updated), Json.ToText((await store.GetAsync("s1"))!));
        Assert.Single(await store.ListAsync());
    }

    [Fact]
    public async Task Subscriptions_Delete_RemovesOnlyThatOne_AndTwiceDoesNothing()
    {
        var store = OpenNew().Subscriptions;
        await store.UpsertAsync(Subscriber("a/b"));
        await store.UpsertAsync(Subscriber("a%2Fb"));
        await store.DeleteAsync("a/b");
        await store.DeleteAsync("a/b");
        await store.DeleteAsync("never-there");
        Assert.Null(await store.GetAsync("a/b"));
        Assert.Equal(["a%2Fb"], (await store.ListAsync()).Select(s => s.Id));
    }

    [Fact]
    public async Task Subscriptions_List_ReturnsEverySubscriptionInIdOrder()
    {
        var store = OpenNew().Subscriptions;
        Assert.Empty(await store.ListAsync());
        string[] ids = ["s2", "s10", "s1", "a/b?c#d", "a%2Fb", "nguyễn"];
        foreach (var id in ids) await store.UpsertAsync(Subscriber(id));
        await store.UpsertAsync(Subscriber("s2", confirmed: false));
        var all = await store.ListAsync();
        Assert.Equal(ids.Order(StringComparer.Ordinal), all.Select(s => s.Id));
        Assert.False(all.Single(s => s.Id == "s2").Confirmed);
        Assert.Equal("a%252Fb@example.vn", all.Single(s => s.Id == "a%2Fb").Email);
    }

    // ------------------------------------------------------------ delivery ledger

    private static Delivery Delivery(string key, string subscription = "s1") =>
        new(key, key.StartsWith("digest", StringComparison.Ordinal) ? DeliveryKind.Digest : DeliveryKind.Alert, subscription, "Tiêu đề", T0, "email");

    [Fact]
    public async Task Ledger_SecondRecordOfAKey_IsRefused_AndReleaseAllowsARetry()
    {
        var ledger = OpenNew().Ledger;
        var d = Delivery("alert:s1:c1");
        Assert.False(await ledger.ContainsAsync(d.Key));
        Assert.True(await ledger.TryRecordAsync(d));
        Assert.False(await ledger.TryRecordAsync(d with { Subject = "other", At = T0.AddHours(1) }));
        Assert.True(await ledger.ContainsAsync(d.Key));
        await ledger.ReleaseAsync(d.Key);
        Assert.False(await ledger.ContainsAsync(d.Key));
        Assert.True(await ledger.TryRecordAsync(d));
    }

    [Fact]
    public async Task Ledger_CountsASubscriptionsDeliveriesOfAKindSinceATime_AndForgetsReleasedOnes()
    {
        var ledger = OpenNew().Ledger;
        await ledger.TryRecordAsync(Delivery("alert:s1:c1") with { At = T0 });
        await ledger.TryRecordAsync(Delivery("alert:s1:c2") with { At = T0.AddMinutes(30) });
        await ledger.TryRecordAsync(Delivery("alert:s1/x:c3", subscription: "s1/x") with { At = T0.AddMinutes(40) }); // another subscription's
        await ledger.TryRecordAsync(Delivery("digest:s1:2025-11-01") with { At = T0.AddMinutes(45) });

        Assert.Equal(2, await ledger.CountSinceAsync("s1", DeliveryKind.Alert, T0));
        Assert.Equal(1, await ledger.CountSinceAsync("s1/x", DeliveryKind.Alert, T0));
        Assert.Equal(1, await ledger.CountSinceAsync("s1", DeliveryKind.Alert, T0.AddMinutes(30))); // inclusive
        Assert.Equal(1, await ledger.CountSinceAsync("s1", DeliveryKind.Digest, T0));
        Assert.Equal(0, await ledger.CountSinceAsync("s2", DeliveryKind.Alert, T0));
        await ledger.ReleaseAsync("alert:s1:c2");
        Assert.Equal(1, await ledger.CountSinceAsync("s1", DeliveryKind.Alert, T0));
    }

    [Fact]
    public async Task Ledger_ConcurrentRecordsOfOneKey_ExactlyOneWins()
    {
        var storage = NewStorage();
        using var start = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var ledger = Open(storage).Ledger;
            start.Wait();
            return await ledger.TryRecordAsync(Delivery("digest:s1:2025-11-01") with { Channel = "worker" + i });
        })).ToList();
        start.Set();
        Assert.Single(await Task.WhenAll(workers), won => won);
    }

    [Fact]
    public async Task Ledger_KeysWithReservedCharacters_AreKeptApart()
    {
        var ledger = OpenNew().Ledger;
        string[] keys = ["alert:sub/1:c#1?", "alert:sub%2F1:c#1?", "alert:sub%2f1:c#1?", "alert:sub\\1:c#1?", "alert:đăng-ký:c1"];
        foreach (var key in keys) Assert.True(await ledger.TryRecordAsync(Delivery(key)));
        await ledger.ReleaseAsync(keys[0]);
        var contained = await Task.WhenAll(keys.Select(k => ledger.ContainsAsync(k)));
        Assert.Equal([false, true, true, true, true], contained);
    }

    [Fact]
    public async Task Ledger_ReleaseOfAnUnknownKey_DoesNothing()
    {
        var ledger = OpenNew().Ledger;
        await ledger.ReleaseAsync("alert:nobody:nothing");
        Assert.False(await ledger.ContainsAsync("alert:nobody:nothing"));
    }

    [Fact]
    public async Task DigestWindowEnd_OnlyMovesForward_PerSubscription()
    {
        var ledger = OpenNew().Ledger;
        Assert.Null(await ledger.LastDigestWindowEndAsync("s1"));
        await ledger.SetDigestWindowEndAsync("s1", T0.AddDays(1));
        Assert.Equal(T0.AddDays(1), await ledger.LastDigestWindowEndAsync("s1"));
        await ledger.SetDigestWindowEndAsync("s1", T0); // a late redelivery of an older digest
        Assert.Equal(T0.AddDays(1), await ledger.LastDigestWindowEndAsync("s1"));
        await ledger.SetDigestWindowEndAsync("s1", T0.AddDays(2));
        Assert.Equal(T0.AddDays(2), await ledger.LastDigestWindowEndAsync("s1"));
        Assert.Null(await ledger.LastDigestWindowEndAsync("s2"));
        await ledger.SetDigestWindowEndAsync("s/2?", T0);
        Assert.Equal(T0, await ledger.LastDigestWindowEndAsync("s/2?"));
    }
}
