namespace NewsMonitor.Text;

/// <summary>
/// Detects Vietnamese text typed in the legacy font encodings TCVN3 (ABC, .VnTime fonts) and VNI (VNI-Times), which
/// browsers show as mojibake ("ViÖt Nam", "Vieät Nam") unless the page's font is installed. Such text cannot be
/// trusted once decoded, so it is flagged, not passed on. Detection looks for the legacy spellings of the commonest
/// Vietnamese words: every news text has "của", "và", "là", "các", "được", "những".
/// </summary>
public static class LegacyEncodingDetector
{
    /// <summary>Legacy spellings of common words, with the encoding they betray (from the TCVN 5712 VN3 and VNI tables).</summary>
    private static readonly (string Word, string Encoding)[] Signatures =
    [
        ("ViÖt", "TCVN3"), ("cña", "TCVN3"), ("vµ", "TCVN3"), ("lµ", "TCVN3"), ("c¸c", "TCVN3"), ("®\u00ADîc", "TCVN3"), ("nh÷ng", "TCVN3"), ("mét", "TCVN3"), ("n\u00ADíc", "TCVN3"),
        ("Vieät", "VNI"), ("cuûa", "VNI"), ("vaø", "VNI"), ("laø", "VNI"), ("caùc", "VNI"), ("ñöôïc", "VNI"), ("nhöõng", "VNI"), ("moät", "VNI"), ("nöôùc", "VNI"),
    ];

    /// <summary>Distinct legacy words needed before text is called legacy-encoded.</summary>
    private const int MinSignatures = 3;

    /// <summary>"TCVN3" or "VNI" when the text is in that legacy encoding; null otherwise.</summary>
    public static string? Detect(string text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (word, encoding) in Signatures)
            if (ContainsWord(text, word)) found[encoding] = found.GetValueOrDefault(encoding) + 1;
        var best = found.OrderByDescending(kv => kv.Value).FirstOrDefault();
        return best.Value >= MinSignatures ? best.Key : null;
    }

    private static bool ContainsWord(string text, string word)
    {
        for (int i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + 1, StringComparison.Ordinal))
        {
            bool startOk = i == 0 || !char.IsLetter(text[i - 1]);
            int end = i + word.Length;
            bool endOk = end >= text.Length || !char.IsLetter(text[end]);
            if (startOk && endOk) return true;
        }
        return false;
    }
}
