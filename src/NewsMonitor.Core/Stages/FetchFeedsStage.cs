using System.Collections.Concurrent;
using NewsMonitor.Config;
using NewsMonitor.Dedup;
using NewsMonitor.Domain;
using NewsMonitor.Feeds;
using NewsMonitor.Fetching;
using NewsMonitor.Pipeline;
using NewsMonitor.Ports;

namespace NewsMonitor.Stages;

/// <summary>Polls every source (conditional GET), parses it and queues one <c>fetch-article</c> message per new item.</summary>
public sealed class FetchFeedsStage(SourcesConfig sources, IPageFetcher fetcher, IFetchStateStore state, TimeProvider clock) : IStage<TimerInfo>
{
    /// <summary>Feeds fetched at once; each host also keeps its own connection limit.</summary>
    private const int Parallelism = 4;

    /// <summary>Longer links are not article URLs (and would not fit a queue message).</summary>
    private const int MaxUrlLength = 2048;

    public string Name => StageGraph.Names.FetchFeeds;

    public async Task<StageResult> HandleAsync(TimerInfo input, CancellationToken cancellationToken = default)
    {
        var outcomes = new ConcurrentBag<(int Order, StageOutcome Outcome)>();
        var outputs = new ConcurrentBag<(int Order, StageOutput Output)>();
        await Parallel.ForEachAsync(sources.Sources.Select((s, i) => (s, i)), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (pair, ct) =>
            {
                var (source, index) = pair;
                List<StageOutcome> o;
                List<StageOutput> q;
                try { (o, q) = await PollAsync(source, ct); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One broken feed never sinks the others.
                    (o, q) = ([new StageOutcome(OutcomeCodes.FeedFailed, source.Url.ToString(), $"source '{source.Id}': {e.GetType().Name}: {e.Message}")], []);
                }
                int n = 0;
                foreach (var x in o) outcomes.Add((index * 100_000 + n++, x));
                n = 0;
                foreach (var x in q) outputs.Add((index * 100_000 + n++, x));
            });
        return new StageResult(outcomes.OrderBy(x => x.Order).Select(x => x.Outcome).ToList(), outputs.OrderBy(x => x.Order).Select(x => x.Output).ToList());
    }

    private async Task<(List<StageOutcome>, List<StageOutput>)> PollAsync(Source source, CancellationToken cancellationToken)
    {
        var outcomes = new List<StageOutcome>();
        var outputs = new List<StageOutput>();
        var previous = await state.GetFeedStateAsync(source.Id, cancellationToken);
        var response = await fetcher.FetchAsync(new FetchRequest(source.Url, previous?.ETag, previous?.LastModified), cancellationToken);
        if (response.NotModified)
        {
            outcomes.Add(new StageOutcome(OutcomeCodes.FeedNotModified, source.Url.ToString(), source.Id));
            return (outcomes, outputs);
        }
        if (!response.Succeeded)
        {
            outcomes.Add(new StageOutcome(OutcomeCodes.FeedFailed, source.Url.ToString(), $"source '{source.Id}': {response.Failure ?? $"HTTP {response.Status}"}"));
            return (outcomes, outputs);
        }
        ParsedFeed feed;
        try
        {
            var text = CharsetDecoder.Decode(response.Body, response.Header("Content-Type")).Text;
            feed = FeedParser.Parse(text, response.Url);
        }
        catch (FeedFormatException e)
        {
            outcomes.Add(new StageOutcome(OutcomeCodes.FeedFailed, source.Url.ToString(), $"source '{source.Id}': {e.Message}"));
            return (outcomes, outputs);
        }
        foreach (var problem in feed.Problems)
            outcomes.Add(new StageOutcome(OutcomeCodes.InvalidItem, source.Url.ToString(), $"source '{source.Id}': {problem}"));
        var queued = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in feed.Items)
        {
            if (item.Link.OriginalString.Length > MaxUrlLength)
            {
                outcomes.Add(new StageOutcome(OutcomeCodes.InvalidItem, source.Url.ToString(), $"source '{source.Id}': link of {item.Link.OriginalString.Length} characters (at most {MaxUrlLength})"));
                continue;
            }
            var canonical = UrlCanonicalizer.Canonicalize(item.Link);
            if (!queued.Add(canonical)) continue;
            if (await state.IsSeenAsync(canonical, cancellationToken))
            {
                outcomes.Add(new StageOutcome(OutcomeCodes.AlreadySeen, item.Link.ToString()));
                continue;
            }
            var id = UrlCanonicalizer.ArticleId(canonical);
            outputs.Add(new QueueOutput("articles", StageGraph.Queues.FetchArticle,
                new FetchArticleMessage(id, item.Link.ToString(), source.Id, source.Outlet, Truncate(item.Title, 500), item.Published)));
            outcomes.Add(new StageOutcome(OutcomeCodes.Queued, item.Link.ToString(), id));
        }
        await state.SetFeedStateAsync(new FeedState(source.Id, response.Header("ETag"), response.Header("Last-Modified"), clock.GetUtcNow()), cancellationToken);
        return (outcomes, outputs);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
