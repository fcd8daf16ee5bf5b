using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NewsMonitor.Dedup;

/// <summary>
/// Canonical form of an article URL, so that one article reached by different links has one id. The rules, each with
/// a test: a known redirector is replaced by its target; https; lower-case host without <c>www.</c>, <c>m.</c>,
/// <c>amp.</c> or <c>mobile.</c>; no default port; no fragment; percent-encoding normalised (unreserved characters
/// decoded, other escapes in upper case); repeated slashes folded; no <c>/amp</c> or <c>.amp</c> suffix and no trailing
/// slash; tracking parameters removed and the others sorted. Pure and thread-safe.
/// </summary>
public static class UrlCanonicalizer
{
    /// <summary>Query parameters that track campaigns and never select content.</summary>
    public static readonly IReadOnlySet<string> TrackingParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id", "gclid", "fbclid", "zarsrc", "gidzl", "ref", "refer", "from", "source", "cmpid", "mc_cid", "mc_eid", "_ga", "vn_source", "vn_medium", "vn_campaign",
    };

    /// <summary>
    /// Link wrappers that carry the article's address in a query parameter: (host, path, parameter). Shortened links
    /// (t.co, bit.ly) name no target and would need a request, so they are not here.
    /// </summary>
    public static readonly IReadOnlyList<(string Host, string Path, string Parameter)> Redirectors =
    [
        ("google.com", "/url", "q"), ("google.com", "/url", "url"),
        ("l.facebook.com", "/l.php", "u"), ("lm.facebook.com", "/l.php", "u"),
        ("out.reddit.com", "/", "url"), ("l.messenger.com", "/l.php", "u"),
    ];

    private static readonly string[] HostPrefixes = ["www.", "m.", "amp.", "mobile."];

    /// <summary>How many redirectors may wrap one another before the address is taken as it is.</summary>
    private const int MaxUnwrap = 3;

    public static string Canonicalize(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        for (int i = 0; i < MaxUnwrap && Unwrap(url) is { } target; i++) url = target;
        if (url.IsFile) return url.AbsoluteUri;
        var host = BareHost(url);
        var path = NormalizeEscapes(url.AbsolutePath);
        while (path.Contains("//", StringComparison.Ordinal)) path = path.Replace("//", "/", StringComparison.Ordinal);
        if (path.EndsWith("/amp", StringComparison.OrdinalIgnoreCase)) path = path[..^4];
        if (path.EndsWith(".amp", StringComparison.OrdinalIgnoreCase)) path = path[..^4];
        if (path.Length > 1) path = path.TrimEnd('/');
        var query = string.Join('&', url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(kv => !TrackingParameters.Contains(kv.Split('=')[0]) && !kv.StartsWith("utm_", StringComparison.OrdinalIgnoreCase))
            .Select(NormalizeEscapes)
            .Order(StringComparer.Ordinal));
        var port = url.IsDefaultPort ? "" : ":" + url.Port.ToString(CultureInfo.InvariantCulture);
        return $"https://{host}{port}{path}{(query.Length > 0 ? "?" + query : "")}";
    }

    /// <summary>The article id: 16 hex digits of the SHA-256 of the canonical URL. Stable across runs and hosts.</summary>
    public static string ArticleId(string canonicalUrl)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonicalUrl));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    private static string BareHost(Uri url)
    {
        var host = url.IdnHost.ToLowerInvariant();
        foreach (var p in HostPrefixes)
            if (host.StartsWith(p, StringComparison.Ordinal) && host.Length > p.Length + 3) return host[p.Length..];
        return host;
    }

    /// <summary>The absolute http(s) address a redirector link carries, or null when <paramref name="url"/> is not one.</summary>
    private static Uri? Unwrap(Uri url)
    {
        if (url.IsFile || !url.IsAbsoluteUri) return null;
        var host = BareHost(url);
        foreach (var (redirector, path, parameter) in Redirectors)
        {
            if (host != redirector || !string.Equals(url.AbsolutePath, path, StringComparison.Ordinal)) continue;
            foreach (var kv in url.Query.TrimStart('?').Split('&'))
            {
                int eq = kv.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || kv[..eq] != parameter) continue;
                var target = Uri.UnescapeDataString(kv[(eq + 1)..].Replace('+', ' '));
                if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return uri;
            }
        }
        return null;
    }

    /// <summary>
    /// Decodes escapes of unreserved characters (letters, digits, <c>-._~</c>) and writes the others' hex digits in upper
    /// case (RFC 3986, 6.2.2): <c>%7e</c> and <c>~</c> are one address, <c>%c3%a1</c> and <c>%C3%A1</c> too.
    /// </summary>
    private static string NormalizeEscapes(string s)
    {
        if (!s.Contains('%')) return s;
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && i + 2 < s.Length && Uri.IsHexDigit(s[i + 1]) && Uri.IsHexDigit(s[i + 2]))
            {
                char decoded = (char)Convert.ToInt32(s.Substring(i + 1, 2), 16);
                if (char.IsAsciiLetterOrDigit(decoded) || decoded is '-' or '.' or '_' or '~') sb.Append(decoded);
                else sb.Append('%').Append(char.ToUpperInvariant(s[i + 1])).Append(char.ToUpperInvariant(s[i + 2]));
                i += 2;
            }
            else sb.Append(s[i]);
        }
        return sb.ToString();
    }
}
