using NewsMonitor.Domain;
using NewsMonitor.Text;

namespace NewsMonitor.Alerts;

/// <summary>Why a summary matched a subscription: the sector, country and keyword that did it.</summary>
public sealed record MatchReason(IReadOnlyList<string> Sectors, IReadOnlyList<string> Countries, IReadOnlyList<string> Keywords);

/// <summary>
/// Matches structured summaries against subscriptions. Empty sector or country lists mean "any";
/// keywords (when given) must appear on word boundaries in the title or summary; a keyword written without
/// diacritics also matches text with them ("ODA", "hoc bong" matches "học bổng").
/// </summary>
public static class AlertMatcher
{
    public static MatchReason? Match(Subscription subscription, StructuredSummary summary)
    {
        if (!summary.Relevant) return null;
        var sectors = summary.Sectors.Select(s => s.Id).ToList();
        var countries = summary.PartnerCountries.Select(c => c.Code).ToList();
        var matchedSectors = subscription.Sectors.Count == 0 ? sectors : sectors.Intersect(subscription.Sectors).ToList();
        if (subscription.Sectors.Count > 0 && matchedSectors.Count == 0) return null;
        var matchedCountries = subscription.Countries.Count == 0 ? countries : countries.Intersect(subscription.Countries).ToList();
        if (subscription.Countries.Count > 0 && matchedCountries.Count == 0) return null;
        var matchedKeywords = new List<string>();
        if (subscription.Keywords.Count > 0)
        {
            var text = summary.Title + "\n" + string.Join(" ", summary.Summary);
            var key = " " + VietnameseText.MatchKey(text) + " ";
            var ascii = " " + VietnameseText.AsciiKey(text) + " ";
            foreach (var k in subscription.Keywords)
            {
                var kk = VietnameseText.MatchKey(k);
                if (kk.Length == 0) continue;
                bool hasDiacritics = kk != VietnameseText.AsciiKey(k);
                if (key.Contains(" " + kk + " ", StringComparison.Ordinal) || (!hasDiacritics && ascii.Contains(" " + kk + " ", StringComparison.Ordinal)))
                    matchedKeywords.Add(k);
            }
            if (matchedKeywords.Count == 0) return null;
        }
        return new MatchReason(matchedSectors, matchedCountries, matchedKeywords);
    }
}
