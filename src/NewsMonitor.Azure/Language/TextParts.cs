using System.Globalization;

namespace NewsMonitor.Azure.Language;

/// <summary>
/// Splits a text into parts of at most a given number of UTF-16 code units, at the last paragraph end, else sentence
/// end, else word end before the limit (a hard cut between text elements only when a part has no space at all). Parts
/// are contiguous and keep their whitespace, so offsets in a part plus its start are offsets in the text. Pure.
/// </summary>
internal static class TextParts
{
    /// <summary>(start, length) of each part; one part for a text within the limit, including the empty text.</summary>
    public static IReadOnlyList<(int Start, int Length)> Split(string text, int maxChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        var parts = new List<(int, int)>();
        int pos = 0;
        while (text.Length - pos > maxChars)
        {
            int end = pos + maxChars;
            int cut = LastBreak(text, pos, end);
            parts.Add((pos, cut - pos));
            pos = cut;
        }
        parts.Add((pos, text.Length - pos));
        return parts;
    }

    private static int LastBreak(string text, int start, int end)
    {
        // Paragraph and sentence ends only in the second half of the window, so no part is needlessly short.
        int half = start + (end - start) / 2;
        for (int i = end - 1; i >= half; i--)
            if (text[i] == '\n') return i + 1;
        for (int i = end - 1; i > half; i--)
            if (char.IsWhiteSpace(text[i]) && EndsSentence(text, i - 1)) return i + 1;
        for (int i = end - 1; i > start; i--)
            if (char.IsWhiteSpace(text[i])) return i + 1;
        // No space at all: cut between text elements (never inside a surrogate pair or before a combining mark).
        int cut = end;
        while (cut > start + 1 && (char.IsLowSurrogate(text[cut]) || IsMark(text[cut]))) cut--;
        return cut;
    }

    /// <summary>Sentence punctuation at <paramref name="i"/>, or a closing quote right after it.</summary>
    private static bool EndsSentence(string text, int i) =>
        text[i] is '.' or '!' or '?' or '…' || (text[i] is '”' or '"' && i > 0 && text[i - 1] is '.' or '!' or '?' or '…');

    private static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}
