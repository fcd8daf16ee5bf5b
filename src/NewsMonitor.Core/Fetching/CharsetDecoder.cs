using System.Text;
using System.Text.RegularExpressions;

namespace NewsMonitor.Fetching;

/// <summary>
/// Decodes page bytes: BOM, then the HTTP header charset, then <c>&lt;meta charset&gt;</c>, then detection
/// when those are missing or the bytes are not valid in the declared charset.
/// </summary>
public static partial class CharsetDecoder
{
    static CharsetDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public sealed record Decoded(string Text, string Charset, string Source);

    public static Decoded Decode(byte[] bytes, string? contentType)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            return new(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), "utf-8", "bom");
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            return new(Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2), "utf-16le", "bom");
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
            return new(Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2), "utf-16be", "bom");

        // Bytes that are valid UTF-8 with multi-byte sequences are UTF-8, whatever a single-byte declaration says:
        // a page saved as UTF-8 under a stale "windows-1252" or "iso-8859-1" header is the common real-world error,
        // and the reverse (legacy bytes that happen to form valid multi-byte UTF-8) is vanishingly rare.
        if (CharsetFrom(contentType) is { } header && TryStrict(bytes, header, out var fromHeader))
            return IsSingleByte(header) && AsMultiByteUtf8(bytes) is { } u ? new(u, "utf-8", $"valid-utf8 (header said {header})") : new(fromHeader, header, "header");
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 4096));
        var meta = MetaCharset().Match(head);
        if (meta.Success && TryStrict(bytes, meta.Groups[1].Value, out var fromMeta))
        {
            var declared = meta.Groups[1].Value.ToLowerInvariant();
            return IsSingleByte(declared) && AsMultiByteUtf8(bytes) is { } u ? new(u, "utf-8", $"valid-utf8 (meta said {declared})") : new(fromMeta, declared, "meta");
        }
        if (TryStrict(bytes, "utf-8", out var utf8)) return new(utf8, "utf-8", "valid-utf8");
        var detected = UtfUnknown.CharsetDetector.DetectFromBytes(bytes).Detected;
        if (detected?.Encoding is { } enc)
            return new(enc.GetString(bytes), detected.EncodingName.ToLowerInvariant(), "detected");
        return new(Encoding.GetEncoding(1258).GetString(bytes), "windows-1258", "fallback");
    }

    /// <summary>The text when the bytes are valid UTF-8 and use multi-byte sequences; null otherwise.</summary>
    private static string? AsMultiByteUtf8(byte[] bytes) =>
        bytes.AsSpan().IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0 && TryStrict(bytes, "utf-8", out var text) ? text : null;

    private static bool IsSingleByte(string charset)
    {
        try { return Encoding.GetEncoding(charset).IsSingleByte; }
        catch (ArgumentException) { return false; }
        catch (NotSupportedException) { return false; }
    }

    internal static string? CharsetFrom(string? contentType)
    {
        if (contentType is null) return null;
        var m = HeaderCharset().Match(contentType);
        return m.Success ? m.Groups[1].Value.Trim('"', '\'').ToLowerInvariant() : null;
    }

    private static bool TryStrict(byte[] bytes, string charset, out string text)
    {
        text = string.Empty;
        try
        {
            var enc = Encoding.GetEncoding(charset, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            text = enc.GetString(bytes);
            return true;
        }
        catch (ArgumentException) { return false; }
        catch (NotSupportedException) { return false; } // e.g. utf-7, which .NET no longer decodes
    }

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?\s*([A-Za-z0-9_\-:.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();

    [GeneratedRegex(@"charset\s*=\s*([^;\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderCharset();
}
