using System.Text;

namespace NewsMonitor.Text;

/// <summary>HTML escaping and safe links for the emails and pages.</summary>
public static class HtmlText
{
    /// <summary>Escapes the five HTML-significant characters and leaves Vietnamese letters readable in the source.</summary>
    public static string Escape(string value)
    {
        int first = value.AsSpan().IndexOfAny(HtmlSpecial);
        if (first < 0) return value; // most text has nothing to escape
        var sb = new StringBuilder(value.Length + 16).Append(value, 0, first);
        for (int i = first; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default: sb.Append(value[i]); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A link from the web as it may stand in an email or page: http(s) only, else "#" (no <c>javascript:</c>).</summary>
    public static string SafeUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u.AbsoluteUri : "#";

    private static readonly System.Buffers.SearchValues<char> HtmlSpecial = System.Buffers.SearchValues.Create("&<>\"'");
}
