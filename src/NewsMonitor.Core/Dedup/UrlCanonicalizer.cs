using System.Security.Cryptography;
using System.Text;

namespace NewsMonitor.Dedup;

/// <summary>
/// Canonical form of an article URL: lower-case scheme and host, no <c>www.</c>/<c>m.</c>/<c>amp.</c> host prefix,
/// no fragment, no tracking parameters, no <c>/amp</c> path suffix, no trailing slash, https.
/// </summary>
public static class UrlCanonicalizer
{
    /// <summary>Query parameters that track campaigns and never select content.</summary>
    public static readonly IReadOnlySet<string> TrackingParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id", "gclid", "fbclid", "zarsrc", "gidzl", "ref", "refer", "from", "source", "cmpid", "mc_cid", "mc_eid", "_ga", "vn_source", "vn_medium", "vn_campaign",
    };

    private static readonly string[] HostPrefixes = ["www.", "m.", "amp.", "mobile."];

    public static string Canonicalize(Uri url)
    {
        if (url.IsFile) return url.AbsoluteUri;
        var host = url.IdnHost.ToLowerInvariant();
        foreach (var p in HostPrefixes)
            if (host.StartsWith(p, StringComparison.Ordinal) && host.Length > p.Length + 3) { host = host[p.Length..]; break; }
        var path = url.AbsolutePath;
        if (path.EndsWith("/amp", StringComparison.OrdinalIgnoreCase)) path = path[..^4];
        if (path.EndsWith(".amp", StringComparison.OrdinalIgnoreCase)) path = path[..^4];
        if (path.Length > 1) path = path.TrimEnd('/');
        var query = string.Join('&', url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(kv => !TrackingParameters.Contains(kv.Split('=')[0]) && !kv.StartsWith("utm_", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal));
        var port = url.IsDefaultPort ? "" : ":" + url.Port;
        return $"https://{host}{port}{path}{(query.Length > 0 ? "?" + query : "")}";
    }

    /// <summary>The article id: 16 hex digits of the SHA-256 of the canonical URL. Stable across runs and hosts.</summary>
    public static string ArticleId(string canonicalUrl)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonicalUrl));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }
}
