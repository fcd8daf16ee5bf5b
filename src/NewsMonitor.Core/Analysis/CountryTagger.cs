using NewsMonitor.Config;
using NewsMonitor.Domain;
using NewsMonitor.Text;

namespace NewsMonitor.Analysis;

/// <summary>One mention of a country in a text.</summary>
/// <param name="Weak">An ambiguous name in a position where it may be an ordinary word (sentence start): counts only
/// when the same country also has a strong mention.</param>
public sealed record CountryMention(string Code, string Text, PlaceKind Kind, int TokenIndex, int Sentence, bool Weak);

/// <summary>
/// Finds countries (and international organisations) in text using the gazetteer, with disambiguation:
/// exclusion phrases (<c>pháp luật</c>, <c>Mỹ Tho</c>, <c>Lào Cai</c>) win over the names inside them, ambiguous
/// names must be capitalised, and a capitalised ambiguous name right after another capitalised word is part of a
/// personal or place name (<c>Nguyễn Tuấn Anh</c>, <c>Hoàng Anh Gia Lai</c>). Thread-safe after construction.
/// </summary>
public sealed class CountryTagger
{
    private readonly PhraseMatcher<GazetteerEntry> _matcher = new();
    private readonly Gazetteer _gazetteer;

    public CountryTagger(Gazetteer gazetteer)
    {
        _gazetteer = gazetteer;
        foreach (var e in gazetteer.Entries) _matcher.Add(e.Phrase, e);
    }

    public string NameOf(string code) => _gazetteer.Names.TryGetValue(code, out var n) ? n : code;

    public IReadOnlyList<CountryMention> Find(TokenizedText text)
    {
        var result = new List<CountryMention>();
        var tokens = text.Tokens;
        for (int i = 0; i < tokens.Count;)
        {
            int consumed = 1;
            foreach (var (length, entry) in _matcher.MatchesAt(tokens, i))
            {
                if (entry.Kind == PlaceKind.Exclusion) { consumed = length; break; }
                if (length == 1 && !IsAcceptable(tokens, i, entry, out _)) continue;
                bool weak = entry.Ambiguous && length == 1 && tokens[i].SentenceInitial;
                if (!entry.Ambiguous && length == 1 && !tokens[i].IsCapitalized && entry.Phrase.Length > 0 && char.IsUpper(entry.Phrase[0]))
                    continue; // proper names written in lower case are ordinary words ("hàn" in "hàn gắn")
                result.Add(new CountryMention(entry.Code, text.Span(i, i + length), entry.Kind, i, tokens[i].Sentence, weak));
                consumed = length;
                break;
            }
            i += consumed;
        }
        var strong = result.Where(m => !m.Weak).Select(m => m.Code).ToHashSet();
        return result.Where(m => !m.Weak || strong.Contains(m.Code)).ToList();
    }

    private static bool IsAcceptable(IReadOnlyList<Token> tokens, int i, GazetteerEntry entry, out string? reason)
    {
        reason = null;
        if (!entry.Ambiguous) return true;
        var t = tokens[i];
        if (!t.IsCapitalized) { reason = "lower case"; return false; }
        // "ông Mỹ", "bà Nga", "chị Lào": a form of address is followed by a person's name.
        if (i > 0 && tokens[i - 1].Sentence == t.Sentence && !t.PunctuationBefore && FormsOfAddress.Contains(tokens[i - 1].Key)) { reason = "a person's name"; return false; }
        bool prevCapitalized = i > 0 && tokens[i - 1].Sentence == t.Sentence && !t.PunctuationBefore && tokens[i - 1].IsCapitalized && !IsCountryHead(tokens[i - 1].Key);
        if (prevCapitalized) { reason = "part of a name"; return false; }
        bool nextCapitalized = i + 1 < tokens.Count && tokens[i + 1].Sentence == t.Sentence && !tokens[i + 1].PunctuationBefore && tokens[i + 1].IsCapitalized;
        if (nextCapitalized) { reason = "part of a name"; return false; }
        return true;
    }

    /// <summary>Capitalised words that head a country mention rather than a personal name ("Vương quốc Anh", "Nhà nước Pháp").</summary>
    private static bool IsCountryHead(string key) => CountryHeads.Contains(key);

    private static readonly HashSet<string> FormsOfAddress = new(StringComparer.Ordinal)
        { "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cậu", "mợ", "dì", "thím", "cháu", "con", "bé", "cụ", "thầy", "ngài" };

    /// <summary>Last words of titles and institutions that may be capitalised before a country name ("Đại Sứ Anh", "Chính Phủ Pháp").</summary>
    private static readonly HashSet<string> CountryHeads = new(StringComparer.Ordinal)
        { "quốc", "phủ", "sự", "sứ", "hội", "nước", "gia", "giao", "tướng", "trưởng", "tịch", "quán", "viện", "bộ", "phía" };
}
