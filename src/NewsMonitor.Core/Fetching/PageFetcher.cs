using System.Net;
using System.Net.Http.Headers;

namespace NewsMonitor.Fetching;

/// <summary>Limits and identity for fetching. Every value is an option so ops can tune it.</summary>
public sealed class FetchOptions
{
    /// <summary>Names the project, as polite crawlers do.</summary>
    public string UserAgent { get; set; } = "NewsMonitor/0.1 (+https://github.com/newsmonitor; international-cooperation news monitor)";

    /// <summary>Per-request timeout. News pages answer in a few seconds; 20 s leaves room for slow portals.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Pages larger than this are refused: real articles are under 2 MiB of HTML.</summary>
    public long MaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>
    /// When set, http(s) URLs of hosts that have a folder <c>{OfflineMirror}/{host}</c> are served from
    /// <c>{OfflineMirror}/{host}/{path}</c> (the bundled offline samples); other hosts go to the network as usual.
    /// </summary>
    public string? OfflineMirror { get; set; }
}

/// <summary>A fetch request with the conditional-GET validators of an earlier response.</summary>
public sealed record FetchRequest(Uri Url, string? ETag = null, string? LastModified = null);

/// <summary>The outcome of a fetch: either a response (any status) or a failure reason.</summary>
public sealed record FetchResponse(Uri Url, int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body, string? Failure = null)
{
    public bool Succeeded => Failure is null && Status is >= 200 and < 300;

    public bool NotModified => Status == 304;

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public static FetchResponse Failed(Uri url, string reason, int status = 0) =>
        new(url, status, new Dictionary<string, string>(), [], reason);
}

public interface IPageFetcher
{
    /// <summary>Fetches a URL. Never throws for network or size problems: they come back as <see cref="FetchResponse.Failure"/>.</summary>
    Task<FetchResponse> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default);
}

/// <summary>
/// Fetches over http(s) with conditional GET, a timeout and a size cap, and reads <c>file://</c> URIs
/// (and the offline mirror) from disk with the same size cap.
/// </summary>
public sealed class PageFetcher(HttpClient http, FetchOptions options) : IPageFetcher
{
    public async Task<FetchResponse> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        var url = request.Url;
        if (url.IsFile) return await ReadFileAsync(url, url.LocalPath, cancellationToken);
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            return FetchResponse.Failed(url, $"unsupported scheme '{url.Scheme}'");
        // The mirror is authoritative for the hosts it holds: a page it lacks is a 404, not a network request.
        if (options.OfflineMirror is { } mirror && Directory.Exists(Path.Combine(mirror, url.Host)))
            return MirrorPath(mirror, url) is { } mirrored ? await ReadFileAsync(url, mirrored, cancellationToken) : FetchResponse.Failed(url, "invalid path", 400);
        return await GetAsync(request, cancellationToken);
    }

    internal static string? MirrorPath(string mirror, Uri url)
    {
        var path = Uri.UnescapeDataString(url.AbsolutePath).TrimStart('/');
        if (path.Length == 0 || path.EndsWith('/')) path += "index.html";
        if (path.Split('/').Any(p => p is ".." or ".")) return null;
        return Path.Combine(mirror, url.Host, path);
    }

    private async Task<FetchResponse> ReadFileAsync(Uri url, string path, CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return FetchResponse.Failed(url, "file not found", 404);
            if (info.Length > options.MaxBytes) return FetchResponse.Failed(url, $"over the size cap ({info.Length} > {options.MaxBytes} bytes)");
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            return new FetchResponse(url, 200, new Dictionary<string, string>(), bytes);
        }
        catch (IOException e) { return FetchResponse.Failed(url, $"cannot read file: {e.Message}"); }
        catch (UnauthorizedAccessException e) { return FetchResponse.Failed(url, $"cannot read file: {e.Message}"); }
    }

    private async Task<FetchResponse> GetAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var url = request.Url;
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        message.Headers.UserAgent.ParseAdd(options.UserAgent);
        message.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        if (request.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag)) message.Headers.IfNoneMatch.Add(tag);
        if (request.LastModified is { } lm && DateTimeOffset.TryParse(lm, out var since)) message.Headers.IfModifiedSince = since;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in response.Headers.Concat(response.Content.Headers)) headers[h.Key] = string.Join(", ", h.Value);
            int status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.NotModified) return new FetchResponse(url, status, headers, []);
            if (!response.IsSuccessStatusCode) return new FetchResponse(url, status, headers, [], $"HTTP {status}");
            if (response.Content.Headers.ContentLength > options.MaxBytes)
                return FetchResponse.Failed(url, $"over the size cap ({response.Content.Headers.ContentLength} > {options.MaxBytes} bytes)", status);
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
            {
                if (buffer.Length + read > options.MaxBytes)
                    return FetchResponse.Failed(url, $"over the size cap (more than {options.MaxBytes} bytes)", status);
                buffer.Write(chunk, 0, read);
            }
            return new FetchResponse(response.RequestMessage?.RequestUri ?? url, status, headers, buffer.ToArray());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FetchResponse.Failed(url, $"timed out after {options.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return FetchResponse.Failed(url, $"unreachable: {e.HttpRequestError} ({e.Message})");
        }
        catch (IOException e)
        {
            // The connection broke mid-body (HttpIOException) or a compressed body is corrupt.
            return FetchResponse.Failed(url, $"unreachable: the response broke off ({e.Message})");
        }
        catch (InvalidDataException e)
        {
            return FetchResponse.Failed(url, $"the response body is corrupt ({e.Message})");
        }
    }

    /// <summary>An <see cref="HttpClient"/> with automatic decompression and a redirect limit.</summary>
    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.All,
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = 4,
    })
    { Timeout = Timeout.InfiniteTimeSpan };
}
