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
        var key = ArrayPool<char>.Shared.Rent(KeyCapacity(s.Length));
        try
        {
            int length = 0;
            bool pendingSpace = false;
            for (int i = 0; i < s.Length;)
            {
                if (!IsKeyWordChar(s[i])) { i++; continue; }
                if (pendingSpace) key[length++] = ' ';
                length += KeyWord(s, ref i, key.AsSpan(length));
                pendingSpace = true;
            }
            return new string(key, 0, length);
        }
        finally { ArrayPool<char>.Shared.Return(key); }
    }

    /// <summary>Room for the matching key of a text of <paramref name="length"/> characters (the general path may lengthen a word).</summary>
    internal static int KeyCapacity(int length) => length * 2 + 16;

    /// <summary>
    /// Writes the matching key of the word that starts at <c>text[index]</c> (a <see cref="IsKeyWordChar"/> character) to
    /// <paramref name="destination"/>: <see cref="CanonicalSyllable"/> in lower case, with one table lookup per character
    /// for NFC Vietnamese and Latin text. Moves <paramref name="index"/> past the word and returns the length written.
    /// </summary>
    internal static int KeyWord(ReadOnlySpan<char> text, ref int index, Span<char> destination)
    {
        int start = index, n = 0, tone = 0;
        bool slow = false;
        for (uint info; index < text.Length && ((info = KeyInfo(text[index])) & KeyWordBit) != 0; index++)
        {
            int t = (int)(info >> 16) & 7;
            if (t != 0) { slow |= tone != 0; tone = t; }
            slow |= (info & KeySlowBit) != 0;
            destination[n++] = (char)info;
        }
        if (!slow && tone != 0)
        {
            int target = ToneTargetLower(destination[..n]);
            char toned = target < 0 ? '\0' : ComposeAt(destination[target], tone - 1);
            if (toned != '\0') destination[target] = toned;
            else slow = true;
        }
        if (!slow) return n;
        // The general path: decomposed marks, two tones, characters beyond the table, no precomposed letter.
        var word = text[start..index];
        var canonical = CanonicalSyllableSlow(word).ToLowerInvariant();
        if (canonical.Length > destination.Length) canonical = word.ToString().ToLowerInvariant();
        canonical.CopyTo(destination);
        return canonical.Length;
    }

    /// <summary>
    /// Whether <see cref="Clean(string?)"/> could change the words of <paramref name="text"/>'s matching key: it has an
    /// HTML entity, an invisible or control character (removed, which joins its neighbours) or is not NFC. When not,
    /// the key's words can be read from the text as it is, which saves a copy on the hot path.
    /// </summary>
    internal static bool KeyNeedsCleaning(string text)
    {
        var span = text.AsSpan();
        if (span.IndexOfAny(CleaningChars) >= 0) return true;
        // NFC quick check: text made only of characters that are NFC whatever surrounds them (Latin up to U+02FF,
        // the Vietnamese letters at U+1E00–U+1EFF, general punctuation) is NFC; anything else asks ICU.
        return span.IndexOfAnyExcept(AlwaysComposed) >= 0 && !text.IsNormalized(NormalizationForm.FormC);
    }

    /// <summary>Characters <see cref="Clean(string?)"/> removes or decodes: '&amp;', C0 controls but tab and line ends, DEL and C1, invisibles.</summary>
    private static readonly SearchValues<char> CleaningChars = SearchValues.Create(
        "&\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"
        + string.Concat(Enumerable.Range(0x7F, 0x9F - 0x7F + 1).Select(c => (char)c)) + "\u200B\u200C\u200D\u2060\uFEFF\u00AD");

    /// <summary>Characters that are NFC on their own and never combine with a neighbour (checked against the runtime by a test).</summary>
    internal static readonly SearchValues<char> AlwaysComposed = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x300).Concat(Enumerable.Range(0x1E00, 0x100)).Concat(Enumerable.Range(0x2010, 0x2027 - 0x2010 + 1))
            .Concat(Enumerable.Range(0x2030, 0x205E - 0x2030 + 1)).Select(c => (char)c)));

    /// <summary>Whether <paramref name="c"/> belongs to a word of a matching key (a letter, combining mark or decimal digit: <c>[\p{L}\p{M}\p{Nd}]</c>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static bool IsKeyWordChar(char c) => (KeyWordChars[c >> 6] & (1UL << c)) != 0;

    /// <summary><see cref="KeyInfo"/>: the character belongs to a word.</summary>
    private const uint KeyWordBit = 1u << 20;

    /// <summary><see cref="KeyInfo"/>: the character needs the general path (a combining mark, or no table entry).</summary>
    private const uint KeySlowBit = 1u << 21;

    /// <summary>
    /// What a matching key makes of one character, in one lookup for the hot loop of fingerprinting: the low 16 bits are
    /// the letter in lower case without its tone mark, bits 16–18 the tone's index + 1 (0: none), and
    /// <see cref="KeyWordBit"/> and <see cref="KeySlowBit"/>. A table covers U+0000–U+1FFF (Latin and Vietnamese).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static uint KeyInfo(char c) => c < KeyTableSize ? KeyTable[c] : (IsKeyWordChar(c) ? KeyWordBit | KeySlowBit : 0) | c;

    private const int KeyTableSize = 0x2000;

    private static uint[] BuildKeyTable()
    {
        var table = new uint[KeyTableSize];
        for (int i = 0; i < KeyTableSize; i++)
        {
            char c = (char)i;
            if (!IsKeyWordChar(c)) { table[i] = c; continue; }
            uint info = KeyWordBit | (IsVowelSlow(c) ? KeyVowelBit : 0) | (HasQualityMarkSlow(c) ? KeyQualityBit : 0);
            if (c is >= '\u0300' and <= '\u036F') info |= KeySlowBit | c;
            else if (TrySplitTone(c, out var bare, out var tone)) info |= char.ToLowerInvariant(bare) | (uint)(Array.IndexOf(ToneMarks, tone) + 1) << 16;
            else info |= char.ToLowerInvariant(c);
            table[i] = info;
        }
        return table;
    }

    /// <summary>One bit per UTF-16 code unit: <see cref="IsKeyWordChar"/> as a table (8 KB), since it runs on every character.</summary>
    private static readonly ulong[] KeyWordChars = BuildKeyWordChars();

    private static ulong[] BuildKeyWordChars()
    {
        var bits = new ulong[65536 / 64];
        for (int c = 0; c < 65536; c++)
            if (CharUnicodeInfo.GetUnicodeCategory((char)c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.EnclosingMark or UnicodeCategory.DecimalDigitNumber)
                bits[c >> 6] |= 1UL << c;
        return bits;
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
            if (c >= '\u00C0' && TrySplitTone(c, out var bare, out var mark))
            {
                if (tone != '\0') return CanonicalSyllableSlow(syllable);
                tone = mark;
                c = bare;
            }
            buffer[i] = c;
        }
        if (tone == '\0') return syllable.ToString();
        int target = ToneTarget(buffer);
        if (target < 0 || Compose(buffer[target], tone) is not { } toned) return CanonicalSyllableSlow(syllable);
        buffer[target] = toned;
        return new string(buffer);
    }

    private const char FirstToned = '\u00C0', LastToned = '\u1EFF';

    private static readonly char[] ToneMarks = [Grave, Acute, Tilde, Hook, DotBelow];

    /// <summary>Precomposed letter (U+00C0–U+1EFF) → the letter without its tone in the high 16 bits, the tone's index + 1 in the low (0: no tone).</summary>
    private static readonly uint[] ToneSplit = BuildToneTables(out ToneCompose);

    /// <summary>(letter × 8 + tone index) → the precomposed letter, for letters below U+1F00; '\0' where there is none.</summary>
    private static readonly char[] ToneCompose;

    private static bool TrySplitTone(char c, out char bare, out char tone)
    {
        uint split = c is >= FirstToned and <= LastToned ? ToneSplit[c - FirstToned] : 0;
        bare = (char)(split >> 16);
        tone = split == 0 ? '\0' : ToneMarks[(split & 0xFFFF) - 1];
        return split != 0;
    }

    private static char? Compose(char bare, char tone) => ComposeAt(bare, Array.IndexOf(ToneMarks, tone)) is var c and not '\0' ? c : null;

    /// <summary>The precomposed letter of <paramref name="bare"/> with the tone <c>ToneMarks[toneIndex]</c>; '\0' when there is none.</summary>
    private static char ComposeAt(char bare, int toneIndex) =>
        bare <= LastToned && toneIndex is >= 0 and < 5 ? ToneCompose[bare * 8 + toneIndex] : '\0';

    private static uint[] BuildToneTables(out char[] compose)
    {
        var split = new uint[LastToned - FirstToned + 1];
        compose = new char[(LastToned + 1) * 8];
        for (char c = FirstToned; c <= LastToned; c++)
        {
            var d = c.ToString().Normalize(NormalizationForm.FormD);
            char tone = d.FirstOrDefault(x => x is Grave or Acute or Tilde or Hook or DotBelow);
            if (tone == '\0') continue;
            var rest = d.Replace(tone.ToString(), "", StringComparison.Ordinal).Normalize(NormalizationForm.FormC);
            if (rest.Length != 1) continue;
            int index = Array.IndexOf(ToneMarks, tone);
            split[c - FirstToned] = (uint)rest[0] << 16 | (uint)(index + 1);
            compose[rest[0] * 8 + index] = c;
        }
        return split;
    }

    private static int ToneTarget(ReadOnlySpan<char> word)
    {
        Span<char> lower = word.Length <= 64 ? stackalloc char[word.Length] : new char[word.Length];
        word.ToLowerInvariant(lower);
        return ToneTargetLower(lower);
    }

    /// <summary><see cref="ToneTarget"/> of a word already in lower case.</summary>
    private static int ToneTargetLower(ReadOnlySpan<char> lower)
    {
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

    private static bool IsVowel(char c) => c < KeyTableSize && (KeyTable[c] & KeyVowelBit) != 0;

    private static bool HasQualityMark(char c) => c < KeyTableSize && (KeyTable[c] & KeyQualityBit) != 0;

    private static bool IsVowelSlow(char c) => c is 'a' or 'ă' or 'â' or 'e' or 'ê' or 'i' or 'o' or 'ô' or 'ơ' or 'u' or 'ư' or 'y';

    private static bool HasQualityMarkSlow(char c) => c is 'ă' or 'â' or 'ê' or 'ô' or 'ơ' or 'ư';

    private const uint KeyVowelBit = 1u << 22, KeyQualityBit = 1u << 23;

    [GeneratedRegex(@"[ ]{2,}")]
    private static partial Regex MultiSpace();

    [GeneratedRegex(@"\S+")]
    private static partial Regex WhitespaceToken();

    // Last: static fields initialise in textual order, and this table is built from the tables above.
    private static readonly uint[] KeyTable = BuildKeyTable();
}
