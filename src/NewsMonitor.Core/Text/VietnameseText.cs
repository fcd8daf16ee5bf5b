using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace NewsMonitor.Text;

/// <summary>
/// Vietnamese text normalisation: display text (kept as written, cleaned) and matching keys
/// (one canonical tone-mark placement, lower case, punctuation folded to spaces).
/// All members are pure and thread-safe.
/// </summary>
public static partial class VietnameseText
{
    private const char Grave = '\u0300', Acute = '\u0301', Tilde = '\u0303', Hook = '\u0309', DotBelow = '\u0323';

    /// <summary>
    /// Cleans text for display: decodes HTML entities, removes zero-width and control characters,
    /// replaces word-segmentation underscores (<c>Y_tế</c> → <c>Y tế</c>) outside URLs, e-mail
    /// addresses and identifiers, collapses runs of spaces and returns NFC.
    /// </summary>
    public static string Clean(string? text) => Clean(text, lineEndsAreSpaces: false);

    /// <summary>
    /// <see cref="Clean(string?)"/>; with <paramref name="lineEndsAreSpaces"/> line ends count as spaces (text taken
    /// from HTML source, where they are whitespace like any other). One pass, and no copy when nothing changes.
    /// </summary>
    public static string Clean(string? text, bool lineEndsAreSpaces)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        var s = text.Contains('&') ? WebUtility.HtmlDecode(text) : text;
        if (!s.IsNormalized(NormalizationForm.FormC)) s = s.Normalize(NormalizationForm.FormC);
        if (NeedsCleaning(s, lineEndsAreSpaces))
        {
            char[]? rented = null;
            Span<char> buffer = s.Length <= 512 ? stackalloc char[s.Length] : (rented = ArrayPool<char>.Shared.Rent(s.Length));
            int length = 0;
            bool pendingSpace = false;
            foreach (var c in s)
            {
                if (IsInvisible(c)) continue;
                bool space = c is ' ' or '\u00A0' or '\t' || lineEndsAreSpaces && c is '\n' or '\r';
                if (!space && char.IsControl(c) && c != '\n') continue;
                if (space) { pendingSpace = length > 0; continue; }
                if (pendingSpace) { buffer[length++] = ' '; pendingSpace = false; }
                buffer[length++] = c;
            }
            s = new string(buffer[..length]);
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
        if (s.Contains('_')) s = MultiSpace().Replace(RemoveSegmentationUnderscores(s), " ");
        return s.Length > 0 && (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])) ? s.Trim() : s;
    }

    private static bool IsInvisible(char c) => c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD';

    /// <summary>Whether <paramref name="s"/> has anything <see cref="Clean(string?, bool)"/> removes or collapses.</summary>
    private static bool NeedsCleaning(string s, bool lineEndsAreSpaces)
    {
        if (s[0] == ' ' || s[^1] == ' ') return true;
        char previous = '\0';
        foreach (var c in s)
        {
            if (c < ' ' ? c != '\n' || lineEndsAreSpaces : c is '\u00A0' or '\u007F' || c >= '\u0080' && (IsInvisible(c) || char.IsControl(c))) return true;
            if (c == ' ' && previous == ' ') return true;
            previous = c;
        }
        return char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1]);
    }

    /// <summary>
    /// Replaces underscores that join Vietnamese syllables (output of word segmenters) with spaces,
    /// leaving URLs, e-mail addresses and snake_case identifiers (ASCII-only tokens) untouched.
    /// </summary>
    public static string RemoveSegmentationUnderscores(string text) =>
        WhitespaceToken().Replace(text, m =>
        {
            var token = m.Value;
            if (!token.Contains('_') || LooksLikeUrlOrIdentifier(token)) return token;
            return token.Replace('_', ' ');
        });

    private static bool LooksLikeUrlOrIdentifier(string token)
    {
        if (token.Contains("://", StringComparison.Ordinal) || token.StartsWith("www.", StringComparison.OrdinalIgnoreCase) || token.Contains('@'))
            return true;
        // A segmenter joins syllables: at least one part has letters and all parts are words.
        // snake_case identifiers are ASCII and usually lower case with digits or no Vietnamese letters;
        // person names such as Emily_Hamblin are title-cased words.
        var parts = token.Trim('.', ',', ';', ':', '!', '?', '"', '\'', '(', ')', '“', '”').Split('_');
        if (parts.Any(p => p.Length == 0)) return true;
        bool hasVietnamese = token.Any(c => c > 0x7F && char.IsLetter(c));
        if (hasVietnamese) return false;
        bool allTitleCase = parts.All(p => char.IsUpper(p[0]) && p.Skip(1).All(char.IsLower));
        bool allLowerLetters = parts.All(p => p.All(char.IsLower));
        // "ASEAN_Anh" (segmenter joined a sentence break) and "Emily_Hamblin" are text; "user_id", "x_1" are identifiers.
        if (allTitleCase) return false;
        if (parts.All(p => p.All(char.IsLetter)) && parts.Any(p => p.All(char.IsUpper))) return false;
        return allLowerLetters || token.Any(char.IsDigit);
    }

    /// <summary>
    /// The matching key of a text: <see cref="Clean(string?)"/>, canonical tone placement per syllable,
    /// lower case, every non-letter non-digit character folded to a single space.
    /// Two spellings that differ only in tone placement (<c>hoà</c>/<c>hòa</c>) have the same key.
    /// </summary>
    public static string MatchKey(string? text)
    {
        var s = Clean(text);
        var sb = new StringBuilder(s.Length + 2);
        bool pendingSpace = false;
        foreach (var word in WordRun().EnumerateMatches(s))
        {
            if (pendingSpace) sb.Append(' ');
            sb.Append(CanonicalSyllable(s.AsSpan(word.Index, word.Length)).ToLowerInvariant());
            pendingSpace = true;
        }
        return sb.ToString();
    }

    /// <summary>Like <see cref="MatchKey"/> but with every diacritic removed and <c>đ</c> as <c>d</c>.</summary>
    public static string AsciiKey(string? text)
    {
        var key = MatchKey(text).Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(c == 'đ' ? 'd' : c);
        }
        return sb.ToString();
    }

    /// <summary>Words of a text as matching keys (see <see cref="MatchKey"/>).</summary>
    public static IEnumerable<string> KeyWords(string text)
    {
        var key = MatchKey(text);
        return key.Length == 0 ? [] : key.Split(' ');
    }

    /// <summary>
    /// Moves the tone mark of one syllable to its canonical vowel (the "new" rule: on the vowel with a
    /// quality mark, else on the last vowel before a final consonant, else on the second vowel of
    /// oa/oe/uy and the first of other open pairs). Returns NFC. Non-Vietnamese words pass through.
    /// </summary>
    public static string CanonicalSyllable(ReadOnlySpan<char> syllable)
    {
        // Fast path for NFC input: precomposed letters are split into (letter with quality mark, tone) by table.
        Span<char> buffer = syllable.Length <= 64 ? stackalloc char[syllable.Length] : new char[syllable.Length];
        char tone = '\0';
        for (int i = 0; i < syllable.Length; i++)
        {
            char c = syllable[i];
            if (c is >= '\u0300' and <= '\u036F') return CanonicalSyllableSlow(syllable);
            if (c >= '\u00C0' && ToneOf.TryGetValue(c, out var split))
            {
                if (tone != '\0') return CanonicalSyllableSlow(syllable);
                tone = split.Tone;
                c = split.Base;
            }
            buffer[i] = c;
        }
        if (tone == '\0') return syllable.ToString();
        int target = ToneTarget(buffer);
        if (target < 0 || !WithTone.TryGetValue((buffer[target], tone), out var toned)) return CanonicalSyllableSlow(syllable);
        buffer[target] = toned;
        return new string(buffer);
    }

    /// <summary>Precomposed letter → (the letter without its tone, the tone mark), for U+00C0–U+1EFF.</summary>
    private static readonly Dictionary<char, (char Base, char Tone)> ToneOf = BuildToneTables(out WithTone);

    /// <summary>(letter, tone mark) → the precomposed letter.</summary>
    private static readonly Dictionary<(char, char), char> WithTone;

    private static Dictionary<char, (char, char)> BuildToneTables(out Dictionary<(char, char), char> compose)
    {
        var split = new Dictionary<char, (char, char)>();
        compose = new Dictionary<(char, char), char>();
        for (char c = '\u00C0'; c <= '\u1EFF'; c++)
        {
            var d = c.ToString().Normalize(NormalizationForm.FormD);
            char tone = d.FirstOrDefault(x => x is Grave or Acute or Tilde or Hook or DotBelow);
            if (tone == '\0') continue;
            var rest = d.Replace(tone.ToString(), "", StringComparison.Ordinal).Normalize(NormalizationForm.FormC);
            if (rest.Length != 1) continue;
            split[c] = (rest[0], tone);
            compose[(rest[0], tone)] = c;
        }
        return split;
    }

    private static int ToneTarget(ReadOnlySpan<char> word)
    {
        Span<char> lower = word.Length <= 64 ? stackalloc char[word.Length] : new char[word.Length];
        word.ToLowerInvariant(lower);
        int start = 0;
        if (lower.StartsWith("qu")) start = 2;
        else if (lower.StartsWith("gi") && lower.Length > 2 && IsVowel(lower[2])) start = 2;
        int first = -1, last = -1;
        for (int i = start; i < lower.Length; i++)
        {
            if (IsVowel(lower[i])) { if (first < 0) first = i; last = i; }
            else if (first >= 0) break;
        }
        if (first < 0)
        {
            for (int i = 0; i < lower.Length; i++) if (IsVowel(lower[i])) { first = last = i; }
            if (first < 0) return -1;
        }
        int target = -1;
        for (int i = first; i <= last; i++) if (HasQualityMark(lower[i])) target = i;
        if (target >= 0) return target;
        int count = last - first + 1;
        if (count == 1) return first;
        if (last + 1 < lower.Length) return last;
        if (count == 2) return lower[first] == 'o' && lower[last] is 'a' or 'e' || lower[first] == 'u' && lower[last] == 'y' ? last : first;
        return first + 1;
    }

    /// <summary>The general path: any normalisation form, via decomposition.</summary>
    internal static string CanonicalSyllableSlow(ReadOnlySpan<char> syllable)
    {
        var decomposed = syllable.ToString().Normalize(NormalizationForm.FormD);
        char tone = '\0';
        var bare = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (c is Grave or Acute or Tilde or Hook or DotBelow) { tone = c; continue; }
            bare.Append(c);
        }
        var baseWord = bare.ToString().Normalize(NormalizationForm.FormC);
        if (tone == '\0') return baseWord;
        int target = ToneTarget(baseWord);
        if (target < 0) return syllable.ToString().Normalize(NormalizationForm.FormC);
        return baseWord.Insert(target + 1, tone.ToString()).Normalize(NormalizationForm.FormC);
    }

    private static bool IsVowel(char c) => "aăâeêioôơuưy".Contains(c);

    private static bool HasQualityMark(char c) => "ăâêôơư".Contains(c);

    [GeneratedRegex(@"[ ]{2,}")]
    private static partial Regex MultiSpace();

    [GeneratedRegex(@"\S+")]
    private static partial Regex WhitespaceToken();

    [GeneratedRegex(@"[\p{L}\p{M}\p{Nd}]+")]
    private static partial Regex WordRun();
}
