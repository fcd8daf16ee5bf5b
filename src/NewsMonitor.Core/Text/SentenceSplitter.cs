namespace NewsMonitor.Text;

/// <summary>
/// Splits Vietnamese prose into sentences. A sentence ends at <c>. ! ? …</c> (with any closing quotes)
/// followed by white space and an upper-case letter, digit or opening quote, unless the word before the
/// full stop is a known abbreviation (<c>TP.</c>, <c>TS.</c>, <c>PGS.</c>…) or the break falls inside quoted
/// speech. Numbers such as <c>75.000</c>, <c>30/10</c> and joined forms such as <c>TP.HCM</c> never split,
/// because no space follows their full stop.
/// </summary>
public static class SentenceSplitter
{
    /// <summary>Abbreviations that end with a full stop inside a sentence (compared case-sensitively).</summary>
    public static readonly IReadOnlySet<string> Abbreviations = new HashSet<string>(StringComparer.Ordinal)
    {
        "TP", "Tp", "TS", "PGS", "GS", "ThS", "BS", "KS", "CN", "NCS", "TTƯT", "NSƯT", "NSND", "Th.S", "PGS.TS", "GS.TS",
        "Q", "P", "TX", "H", "St", "Mr", "Mrs", "Ms", "Dr", "Prof", "No", "Co", "Ltd", "Inc", "v.v", "vv", "TT", "Tr", "tr",
    };

    public static IReadOnlyList<string> Split(string text)
    {
        var sentences = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) return sentences;
        foreach (var paragraph in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            SplitParagraph(paragraph, sentences);
        return sentences;
    }

    private static void SplitParagraph(string p, List<string> output)
    {
        int start = 0, quoteDepth = 0;
        bool straightOpen = false;
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            if (c == '“') quoteDepth++;
            else if (c == '”') quoteDepth = Math.Max(0, quoteDepth - 1);
            else if (c == '"') straightOpen = !straightOpen;
            if (c is not ('.' or '!' or '?' or '…')) continue;

            int end = i + 1;
            while (end < p.Length && p[end] is '.' or '!' or '?' or '…') end++;
            // Closing quotes and brackets belong to the sentence they close.
            while (end < p.Length && p[end] is '”' or '"' or ')' or '’')
            {
                if (p[end] == '”') quoteDepth = Math.Max(0, quoteDepth - 1);
                if (p[end] == '"') straightOpen = false;
                end++;
            }
            if (quoteDepth > 0 || straightOpen) continue;
            if (end >= p.Length || !char.IsWhiteSpace(p[end])) continue;
            int next = end;
            while (next < p.Length && char.IsWhiteSpace(p[next])) next++;
            if (next >= p.Length) break;
            char n = p[next];
            if (!(char.IsUpper(n) || char.IsDigit(n) || n is '“' or '"' or '(' or '-' or '–')) continue;
            if (c == '.' && IsAbbreviationBefore(p, i)) continue;
            AddSentence(output, p[start..end]);
            start = next;
            i = next - 1;
        }
        if (start < p.Length) AddSentence(output, p[start..]);
    }

    private static bool IsAbbreviationBefore(string p, int dot)
    {
        int s = dot;
        while (s > 0 && !char.IsWhiteSpace(p[s - 1]) && p[s - 1] is not ('(' or '“' or '"')) s--;
        var word = p[s..dot];
        if (word.Length == 0) return false;
        if (Abbreviations.Contains(word)) return true;
        // A single upper-case initial ("Nguyễn V. A.") is an abbreviation, not a sentence end.
        return word.Length == 1 && char.IsUpper(word[0]);
    }

    private static void AddSentence(List<string> output, string sentence)
    {
        var t = sentence.Trim();
        if (t.Length > 0) output.Add(t);
    }
}
