using System.Globalization;
using System.Text.RegularExpressions;
using NewsMonitor.Domain;

namespace NewsMonitor.Analysis;

/// <summary>
/// Dates an article names ("ngày 30/10", "sáng 5/11/2025", "từ 29/10-1/11", "29-31/10", "ngày 8 tháng 3 năm 2024"),
/// resolved to calendar dates against the article's own date: a day and month without a year take the year that puts
/// them nearest the article ("30/12" in a report of 2 January is last year's). Without an article date such a date
/// stays without its year (<c>--12-30</c>, ISO 8601). A day and month must follow a word that introduces a date
/// ("ngày", "sáng", "từ", "đến", "hôm"…) or carry a year, so fractions ("2/3 số vốn") and scores are not dates.
/// </summary>
public static partial class DateExpressions
{
    public static IReadOnlyList<DateTag> Find(string text, DateOnly? articleDate)
    {
        var result = new List<DateTag>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in DatePattern().Matches(text))
        {
            bool introduced = m.Groups["cue"].Success;
            DateTag? tag = null;
            if (m.Groups["rd2"].Success)
            {
                // A range: "29/10-1/11", "29-31/10", "từ 29/10 đến 1/11/2025".
                int m2 = Int(m.Groups["rm2"]), d2 = Int(m.Groups["rd2"]), d1 = Int(m.Groups["rd1"]);
                int m1 = m.Groups["rm1"].Success ? Int(m.Groups["rm1"]) : m2;
                int? year = Year(m.Groups["ry"]);
                if (!introduced && year is null) continue;
                var end = Resolve(d2, m2, year, articleDate);
                // The start is in the end's year, or the year before when the range runs over New Year ("28/12-3/1").
                var start = end is { Year: { } y } ? Make(d1, m1, m1 > m2 ? y - 1 : y) : Resolve(d1, m1, null, articleDate);
                if (start is null || end is null) continue;
                tag = new DateTag(Text(m), start.Value.Iso, end.Value.Iso, year is null && articleDate is not null);
            }
            else if (m.Groups["d"].Success)
            {
                int? year = Year(m.Groups["y"]);
                if (!introduced && year is null) continue;
                if (Resolve(Int(m.Groups["d"]), Int(m.Groups["m"]), year, articleDate) is not { } date) continue;
                tag = new DateTag(Text(m), date.Iso, null, year is null && articleDate is not null);
            }
            else if (m.Groups["wd"].Success)
            {
                int? year = m.Groups["wy"].Success ? Int(m.Groups["wy"]) : null;
                if (Resolve(Int(m.Groups["wd"]), Int(m.Groups["wm"]), year, articleDate) is not { } date) continue;
                tag = new DateTag(Text(m), date.Iso, null, year is null && articleDate is not null);
            }
            if (tag is not null && seen.Add(tag.Date + "/" + tag.End)) result.Add(tag);
        }
        return result;
    }

    /// <summary>The date as written, with the word that introduces it ("Ngày 30/10", "từ 29/10-1/11").</summary>
    private static string Text(Match m) => m.Value.TrimStart('(', ',', ' ').Trim();

    /// <summary>A calendar date that may lack its year.</summary>
    private readonly record struct Day(int? Year, int Month, int DayOfMonth)
    {
        public string Iso => Year is { } y
            ? string.Create(CultureInfo.InvariantCulture, $"{y:0000}-{Month:00}-{DayOfMonth:00}")
            : string.Create(CultureInfo.InvariantCulture, $"--{Month:00}-{DayOfMonth:00}");
    }

    private static Day? Resolve(int day, int month, int? year, DateOnly? articleDate)
    {
        if (year is { } y) return Make(day, month, y);
        if (articleDate is not { } a) return Valid(day, month, 2000) ? new Day(null, month, day) : null; // 2000: 29/2 is a day
        // The year that puts the day nearest the article: within six months either side.
        Day? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in new[] { a.Year - 1, a.Year, a.Year + 1 })
        {
            if (!Valid(day, month, candidate)) continue;
            int distance = Math.Abs(new DateOnly(candidate, month, day).DayNumber - a.DayNumber);
            if (distance < bestDistance) { bestDistance = distance; best = new Day(candidate, month, day); }
        }
        return best;
    }

    private static Day? Make(int day, int month, int year) => Valid(day, month, year) ? new Day(year, month, day) : null;

    private static bool Valid(int day, int month, int year) =>
        year is >= 1900 and <= 2200 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    private static int Int(Group g) => int.Parse(g.ValueSpan, CultureInfo.InvariantCulture);

    /// <summary>"2025", or "25" as 2025 (two-digit years in news are this century's).</summary>
    private static int? Year(Group g) => g.Success ? (g.Length == 2 ? 2000 + Int(g) : Int(g)) : null;

    // A date is introduced by a word (cue), or carries a year. Not inside a larger number or code ("1.500", "A320/5").
    [GeneratedRegex(@"(?<![\p{L}\d.,/])(?:(?<cue>(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|từ|đến|tới|trước|sau|vào|dịp|qua|hạn|Ngày|Hôm|Sáng|Trưa|Chiều|Tối|Đêm|Từ|Đến|Trước|Sau|Vào|Dịp)\s+|\(|,\s))?" +
        @"(?:(?<rd1>\d{1,2})(?:/(?<rm1>\d{1,2}))?\s*(?:-|–|đến|tới)\s*(?<rd2>\d{1,2})/(?<rm2>\d{1,2})(?:/(?<ry>\d{4}|\d{2}))?" +
        @"|(?<d>\d{1,2})/(?<m>\d{1,2})(?:/(?<y>\d{4}|\d{2}))?" +
        @"|(?<d>\d{1,2})-(?<m>\d{1,2})-(?<y>\d{4})" +
        @"|(?:ngày|Ngày)\s+(?<wd>\d{1,2})\s+tháng\s+(?<wm>\d{1,2})(?:\s+năm\s+(?<wy>\d{4}))?)" +
        @"(?![\d/]|[.,]\d|\s?%|\p{L})", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();
}
