namespace NewsMonitor.Text;

/// <summary>
/// Tells Vietnamese from English text, or a mix of both, by two shares of its words: those written with Vietnamese
/// letters (ă â đ ê ô ơ ư, or a tone mark: about two thirds of Vietnamese words, almost no English ones) and the commonest
/// English function words (about a third of English prose, none of Vietnamese). Enough to flag an English or bilingual
/// article in a Vietnamese feed; not a general language identifier. Thread-safe.
/// </summary>
public static class LanguageDetector
{
    public const string Vietnamese = "vi";
    public const string English = "en";

    /// <summary>Both languages in substantial shares: a bilingual page, or an English article with a Vietnamese lead.</summary>
    public const string Mixed = "mixed";

    /// <summary>Too few words to tell (fewer than <see cref="MinWords"/>), or neither language.</summary>
    public const string Undetermined = "und";

    public const int MinWords = 8;

    private static readonly HashSet<string> EnglishWords = new(
        ["the", "of", "and", "to", "in", "is", "for", "on", "with", "that", "by", "was", "are", "from", "as", "at", "this", "be",
         "it", "an", "or", "will", "has", "have", "were", "its", "their", "which", "been", "said", "not", "but", "would", "also"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>The language of <paramref name="text"/>, judged on its first 2,000 words: "vi", "en", "mixed" or "und".</summary>
    public static string Detect(string? text)
    {
        if (string.IsNullOrEmpty(text)) return Undetermined;
        int words = 0, vietnamese = 0, english = 0;
        var span = text.AsSpan();
        for (int i = 0; i < span.Length && words < 2000;)
        {
            if (!char.IsLetter(span[i])) { i++; continue; }
            int start = i;
            bool marked = false;
            while (i < span.Length && (char.IsLetter(span[i]) || char.GetUnicodeCategory(span[i]) == System.Globalization.UnicodeCategory.NonSpacingMark))
            {
                if (IsVietnameseMark(span[i])) marked = true;
                i++;
            }
            words++;
            if (marked) vietnamese++;
            else if (EnglishWords.Contains(span[start..i].ToString())) english++;
        }
        if (words < MinWords) return Undetermined;
        double vi = (double)vietnamese / words, en = (double)english / words;
        if (vi >= 0.25 && en < 0.04) return Vietnamese;
        if (en >= 0.12 && vi < 0.05) return English;
        if (vi >= 0.08 && en >= 0.04) return Mixed;
        return vi > en ? Vietnamese : en > 0 ? English : Undetermined;
    }

    /// <summary>A letter English does not use: a Vietnamese vowel with a breve, circumflex or horn, đ, a tone mark, or a combining mark.</summary>
    private static bool IsVietnameseMark(char c) => c switch
    {
        < '\u00C0' => false,
        'đ' or 'Đ' => true,
        _ when char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark => true,
        _ => c is >= '\u00C0' and <= '\u01B0' or >= '\u1EA0' and <= '\u1EF9',
    };
}
