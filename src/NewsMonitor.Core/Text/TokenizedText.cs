using System.Text.RegularExpressions;

namespace NewsMonitor.Text;

/// <summary>One word of a text: as written (NFC, case kept) and as a matching key.</summary>
/// <param name="Start">Offset of the word in <see cref="TokenizedText.Text"/>.</param>
/// <param name="Sentence">Index of the sentence the word is in.</param>
/// <param name="PunctuationBefore">Whether punctuation (not just space) separates it from the previous word.</param>
/// <param name="SentenceInitial">First word of its sentence, or first after an opening quote or colon.</param>
public readonly record struct Token(string Original, string Key, int Start, int Sentence, bool PunctuationBefore, bool SentenceInitial)
{
    public bool IsCapitalized => Original.Length > 0 && char.IsUpper(Original[0]);
}

/// <summary>A cleaned text split into sentences and word tokens, for phrase matching with evidence.</summary>
public sealed partial class TokenizedText
{
    public string Text { get; }

    public IReadOnlyList<string> Sentences { get; }

    public IReadOnlyList<Token> Tokens { get; }

    public TokenizedText(string cleanedText)
    {
        Text = cleanedText;
        var sentences = SentenceSplitter.Split(cleanedText);
        Sentences = sentences;
        var tokens = new List<Token>();
        int searchFrom = 0;
        for (int s = 0; s < sentences.Count; s++)
        {
            var sentence = sentences[s];
            int offset = cleanedText.IndexOf(sentence, searchFrom, StringComparison.Ordinal);
            if (offset < 0) offset = searchFrom;
            else searchFrom = offset + sentence.Length;
            int previousEnd = 0;
            bool first = true;
            foreach (Match m in Word().Matches(sentence))
            {
                var gap = sentence.AsSpan(previousEnd, m.Index - previousEnd);
                bool punctuation = false, opener = false;
                foreach (var c in gap)
                {
                    if (!char.IsWhiteSpace(c)) punctuation = true;
                    if (c is '“' or '"' or ':' or '(' or '‘' or '\'' ) opener = true;
                }
                tokens.Add(new Token(m.Value, VietnameseText.CanonicalSyllable(m.Value).ToLowerInvariant(), offset + m.Index, s, punctuation, first || opener));
                previousEnd = m.Index + m.Length;
                first = false;
            }
        }
        Tokens = tokens;
    }

    /// <summary>The sentence a token is in, shortened around the token for evidence display.</summary>
    public string ContextOf(int tokenIndex, int maxChars = 240)
    {
        var sentence = Sentences[Tokens[tokenIndex].Sentence];
        if (sentence.Length <= maxChars) return sentence;
        int at = Math.Max(0, Tokens[tokenIndex].Start - Text.IndexOf(sentence, StringComparison.Ordinal));
        int start = Math.Clamp(at - maxChars / 2, 0, sentence.Length - maxChars);
        return (start > 0 ? "…" : "") + sentence.Substring(start, maxChars).Trim() + "…";
    }

    /// <summary>The original text of tokens [from, to).</summary>
    public string Span(int from, int to)
    {
        var a = Tokens[from];
        var b = Tokens[to - 1];
        return Text.Substring(a.Start, b.Start + b.Original.Length - a.Start);
    }

    [GeneratedRegex(@"[\p{L}\p{M}\p{Nd}]+(?:[.,]\d+)*")]
    private static partial Regex Word();
}

/// <summary>
/// A dictionary of phrases (as matching keys) for longest-match scanning over <see cref="TokenizedText"/>.
/// Build once, share across threads (read-only after construction).
/// </summary>
public sealed class PhraseMatcher<T>
{
    private readonly Dictionary<string, List<(string[] Words, bool[] Acronym, T Value)>> _byFirst = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public void Add(string phrase, T value)
    {
        var tokens = new TokenizedText(VietnameseText.Clean(phrase)).Tokens; // tokenised exactly as text is
        if (tokens.Count == 0) return;
        var words = tokens.Select(t => t.Key).ToArray();
        var acronym = tokens.Select(t => IsAcronym(t.Original)).ToArray();
        if (!_byFirst.TryGetValue(words[0], out var list)) _byFirst[words[0]] = list = [];
        // Longest first; among equal lengths, the order of insertion (a stable order, unlike List.Sort).
        int at = list.FindIndex(p => p.Words.Length < words.Length);
        list.Insert(at < 0 ? list.Count : at, (words, acronym, value));
        Count++;
    }

    /// <summary>
    /// A short word with two or more capitals ("AI", "ODA", "MoU", "IoT") is an acronym and matches only a word written
    /// with two or more capitals: "AI" is not "ai" (who) nor "Ai" at the start of a question. Longer ones match however
    /// they are written, as outlets write "Unesco" and "Jica".
    /// </summary>
    private static bool IsAcronym(string word)
    {
        if (word.Length > 3) return false;
        int upper = 0;
        foreach (var c in word) if (char.IsUpper(c) && ++upper == 2) return true;
        return false;
    }

    /// <summary>Every phrase starting at token <paramref name="i"/>, longest first.</summary>
    public IEnumerable<(int Length, T Value)> MatchesAt(IReadOnlyList<Token> tokens, int i)
    {
        if (!_byFirst.TryGetValue(tokens[i].Key, out var list)) yield break;
        foreach (var (words, acronym, value) in list)
        {
            if (i + words.Length > tokens.Count) continue;
            bool ok = !acronym[0] || IsAcronym(tokens[i].Original);
            for (int k = 1; k < words.Length && ok; k++)
                ok = tokens[i + k].Key == words[k] && tokens[i + k].Sentence == tokens[i].Sentence && (!acronym[k] || IsAcronym(tokens[i + k].Original));
            if (ok) yield return (words.Length, value);
        }
    }
}
