namespace NewsMonitor.Dedup;

/// <summary>
/// The calendar days a text names ("30/12", "5-4-2006", "29/10-1/11", "ngày 8 tháng 3"), as a 32-bit set: each
/// (day, month) sets one bit. Two texts that each name a day the other does not are about different occasions, however
/// much of their wording they share: the daily template with new dates, the notice of a second deadline, the round two
/// weeks later. A republished copy keeps its dates, and a trimmed one only loses some.
/// </summary>
/// <remarks>
/// Days that fall on the same bit look shared, so the set can only miss a difference, never invent one. Years are
/// read past and ignored: a republication does not change them, and a template rarely differs only by its year.
/// </remarks>
public static class DateMentions
{
    /// <summary>The set of days named in <paramref name="text"/>; 0 when it names none.</summary>
    public static uint Mask(ReadOnlySpan<char> text)
    {
        uint mask = 0;
        for (int i = 0; i < text.Length;)
        {
            int next = text[i..].IndexOfAnyInRange('0', '9'); // vectorised: most of a text has no digits
            if (next < 0) break;
            i += next;
            int start = i;
            int day = Number(text, ref i, out int dayDigits);
            // A letter just before is a code (A320/5), unless the date is written out in full: text extracted without
            // its spaces glues "ngày19/06/2005Tại" together.
            bool glued = start > 0 && char.IsLetter(text[start - 1]);
            if (dayDigits > 2 || (start > 0 && !glued && ContinuesNumber(text[start - 1]))) { Skip(text, ref i); continue; }
            int j = SkipSpace(text, i);
            if (j < text.Length && text[j] is '/' or '-')
            {
                int k = SkipSpace(text, j + 1);
                if (k < text.Length && char.IsAsciiDigit(text[k]))
                {
                    int month = Number(text, ref k, out int monthDigits);
                    if (monthDigits <= 2 && EndsDate(text, k, out int end, out bool fullYear) && (fullYear || !glued))
                    {
                        mask |= Bit(day, month);
                        i = end;
                        continue;
                    }
                }
                Skip(text, ref i);
                continue;
            }
            if (Preceded(text, start, "ngày") && Followed(text, i, "tháng", out int m) && char.IsAsciiDigit(text[m]))
            {
                int month = Number(text, ref m, out int monthDigits);
                if (monthDigits <= 2) mask |= Bit(day, month);
                i = m;
            }
        }
        return mask;
    }

    /// <summary>Whether two texts each name a day the other does not.</summary>
    public static bool Conflict(uint a, uint b) => (a & ~b) != 0 && (b & ~a) != 0;

    private static uint Bit(int day, int month)
    {
        if (day is < 1 or > 31 || month is < 1 or > 12) return 0;
        uint z = (uint)(month * 32 + day) * 0x9E3779B1u;
        return 1u << (int)(z >> 27);
    }

    private static int Number(ReadOnlySpan<char> text, ref int i, out int digits)
    {
        int value = 0, start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            if (i - start < 6) value = value * 10 + (text[i] - '0');
            i++;
        }
        digits = i - start;
        return value;
    }

    /// <summary>Skips the rest of a number such as 1.500, 3,5, 12/2005 or 2005-2006, so its parts are not read as days.</summary>
    private static void Skip(ReadOnlySpan<char> text, ref int i)
    {
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || (text[i] is '.' or ',' or '/' or '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))) i++;
    }

    /// <summary>Characters before a digit that make it part of a larger number or code (1.500, 3,5, 12/2005, A320).</summary>
    private static bool ContinuesNumber(char c) => char.IsAsciiDigit(c) || c is '.' or ',' or '/' or '_' || char.IsLetter(c);

    /// <summary>
    /// Whether the month that ends at <paramref name="k"/> ends a date: the text goes on with a space or punctuation, a
    /// year ("-2006", "/06", read past to <paramref name="end"/>), or a hyphen to the next date of a range ("29/10-1/11").
    /// A lower-case letter, a decimal part or a third number ("1/2/345") make it something else. Text extracted without
    /// its spaces runs dates into the next sentence ("18/11/05Địa điểm"), so an upper-case letter may follow, and any
    /// letter a four-digit year (<paramref name="fullYear"/>).
    /// </summary>
    private static bool EndsDate(ReadOnlySpan<char> text, int k, out int end, out bool fullYear)
    {
        end = k;
        fullYear = false;
        if (k == text.Length) return true;
        char c = text[k];
        if (char.IsLower(c) || c == '_') return false; // a unit or a code; an upper-case letter starts a glued sentence
        bool digitNext = k + 1 < text.Length && char.IsAsciiDigit(text[k + 1]);
        if (c is '.' or ',') return !digitNext;
        if (c is not ('/' or '-') || !digitNext) return true;
        int i = k + 1;
        Number(text, ref i, out int digits);
        fullYear = digits == 4;
        bool yearEnds = i == text.Length || !((fullYear ? char.IsAsciiDigit(text[i]) : char.IsAsciiDigit(text[i]) || char.IsLower(text[i]))
                                              || (text[i] is '/' or '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])));
        if (digits is 2 or 4 && yearEnds)
        {
            end = i;
            return true;
        }
        fullYear = false;
        return c == '-';
    }

    private static int SkipSpace(ReadOnlySpan<char> text, int i) => i < text.Length && text[i] == ' ' ? i + 1 : i;

    private static bool Preceded(ReadOnlySpan<char> text, int start, string word)
    {
        int end = start - 1;
        if (end < 0 || !char.IsWhiteSpace(text[end])) return false;
        int begin = end - word.Length;
        return begin >= 0 && text[begin..end].Equals(word, StringComparison.OrdinalIgnoreCase) && (begin == 0 || !char.IsLetter(text[begin - 1]));
    }

    private static bool Followed(ReadOnlySpan<char> text, int i, string word, out int next)
    {
        next = i;
        if (i >= text.Length || !char.IsWhiteSpace(text[i])) return false;
        int begin = i + 1, end = begin + word.Length;
        if (end + 1 >= text.Length || !text[begin..end].Equals(word, StringComparison.OrdinalIgnoreCase) || !char.IsWhiteSpace(text[end])) return false;
        next = end + 1;
        return true;
    }
}
