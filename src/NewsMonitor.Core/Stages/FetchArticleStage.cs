using NewsMonitor.Dedup;
using NewsMonitor.Domain;
using NewsMonitor.Fetching;
using NewsMonitor.Pipeline;
using NewsMonitor.Ports;

namespace NewsMonitor.Stages;

/// <summary>
/// Fetches one article page and writes the raw envelope <c>raw/{id}.json</c>. Idempotent: an existing raw blob means done.
/// Terminal failures (4xx, size cap, not HTML, empty) mark the URL seen so it is not fetched again; transient ones throw.
/// </summary>
public sealed class FetchArticleStage(IPageFetcher fetcher, IBlobStore blobs, IFetchStateStore state, TimeProvider clock) : IStage<FetchArticleMessage>
{
    /// <summary>Share of replacement or control characters above which decoded bytes are not text.</summary>
    private const double MaxGarbageShare = 0.05;

    public string Name => StageGraph.Names.FetchArticle;

    public async Task<StageResult> HandleAsync(FetchArticleMessage input, CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(input.Url, UriKind.Absolute, out var url))
            return Fail(OutcomeCodes.InvalidItem, input, $"invalid URL '{input.Url}'");
        var path = StageGraph.RawBlobPath(input.Id);
        if (await blobs.ExistsAsync(path, cancellationToken))
            return StageResult.Of(new StageOutcome(OutcomeCodes.AlreadySeen, input.Url, "raw page already stored"));

        var response = await fetcher.FetchAsync(new FetchRequest(url), cancellationToken);
        var canonical = UrlCanonicalizer.Canonicalize(url);
        if (!response.Succeeded)
        {
            var reason = response.Failure ?? $"HTTP {response.Status}";
            // 5xx and network failures may pass: let the host retry. 4xx and size caps will not.
            if (response.Status >= 500 || (response.Status == 0 && reason.StartsWith("unreachable", StringComparison.Ordinal)) || reason.StartsWith("timed out", StringComparison.Ordinal))
                throw new TransientStageException($"{input.Url}: {reason}");
            return await TerminalAsync(canonical, OutcomeCodes.FetchFailed, input, reason, cancellationToken);
        }
        var contentType = response.Header("Content-Type");
        if (response.Body.Length == 0 || response.Body.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return await TerminalAsync(canonical, OutcomeCodes.EmptyPage, input, "the page is empty", cancellationToken);
        }
        if (contentType is not null && !contentType.Contains("html", StringComparison.OrdinalIgnoreCase) && !contentType.Contains("xml", StringComparison.OrdinalIgnoreCase) && !contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            return await TerminalAsync(canonical, OutcomeCodes.NotHtml, input, $"content type '{contentType}' is not HTML", cancellationToken);
        }
        var decoded = CharsetDecoder.Decode(response.Body, contentType);
        if (GarbageShare(decoded.Text) > MaxGarbageShare || !decoded.Text.Contains('<', StringComparison.Ordinal))
        {
            return await TerminalAsync(canonical, OutcomeCodes.NotHtml, input, $"the bytes are not an HTML page ({decoded.Charset}, {response.Body.Length} bytes)", cancellationToken);
        }
        // Not marked seen here: ClassifyArticle marks it once the raw blob has been written and read back, so a crash
        // before the host writes the blob leaves the URL unseen and the next FetchFeeds queues it again.
        var envelope = new RawArticle(input.Id, input.Url, input.SourceId, input.Outlet, clock.GetUtcNow(), response.Status,
            response.Headers, decoded.Charset, decoded.Text, input.FeedTitle, input.FeedPublished);
        return StageResult.Of(new StageOutcome(OutcomeCodes.Fetched, input.Url, input.Id), new BlobOutput("raw", path, Json.ToUtf8(envelope)));
    }

    private static double GarbageShare(string text)
    {
        if (text.Length == 0) return 1;
        int bad = 0, n = Math.Min(text.Length, 64 * 1024);
        for (int i = 0; i < n; i++)
        {
            char c = text[i];
            if (c == '\uFFFD' || (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) bad++;
        }
        return (double)bad / n;
    }

    private static StageResult Fail(string code, FetchArticleMessage input, string reason) => StageResult.Of(new StageOutcome(code, input.Url, reason));

    /// <summary>A failure that fetching again will not fix: the URL is marked seen so FetchFeeds stops queueing it.</summary>
    private async Task<StageResult> TerminalAsync(string canonical, string code, FetchArticleMessage input, string reason, CancellationToken cancellationToken)
    {
        await state.MarkSeenAsync(canonical, input.Id, clock.GetUtcNow(), cancellationToken);
        return Fail(code, input, reason);
    }
}
