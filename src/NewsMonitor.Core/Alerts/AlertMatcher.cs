using NewsMonitor.Domain;
using NewsMonitor.Text;

namespace NewsMonitor.Alerts;

/// <summary>Why a summary matched a subscription: the sector, country and keyword that did it.</summary>
public sealed record MatchReason(IReadOnlyList<string> Sectors, IReadOnlyList<string> Countries, IReadOnlyList<string> Keywords);

/// <summary>
/// Matches structured summaries against subscriptions. Empty sector or country lists mean "any"; keywords (when given)
/// must appear on word boundaries in the title or summary, whatever their case and punctuation. A keyword typed without
/// diacritics matches text with any ("hoc bong" catches "học bổng"), unless the subscriber asked for exact matches
/// (<see cref="Subscription.KeywordsIgnoreDiacritics"/> false); one typed with them matches those diacritics only.
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
            var exact = " " + VietnameseText.MatchKey(text) + " ";
            var ascii = subscription.KeywordsIgnoreDiacritics ? " " + VietnameseText.AsciiKey(text) + " " : null;
            foreach (var k in subscription.Keywords)
            {
                var kk = VietnameseText.MatchKey(k);
                if (kk.Length == 0) continue;
                // A keyword typed without diacritics stands for any of them; one typed with them means those.
                bool plain = kk == VietnameseText.AsciiKey(k);
                if (exact.Contains(" " + kk + " ", StringComparison.Ordinal) || (plain && ascii is not null && ascii.Contains(" " + kk + " ", StringComparison.Ordinal)))
                    matchedKeywords.Add(k);
            }
            if (matchedKeywords.Count == 0) return null;
        }
        return new MatchReason(matchedSectors, matchedCountries, matchedKeywords);
    }

    /// <summary>
    /// The stories a rule would have caught among <paramref name="summaries"/> (recent ones, from the summary index), one
    /// per story cluster, newest first: what the subscribe and preferences pages show before the subscriber saves.
    /// </summary>
    public static IReadOnlyList<(StructuredSummary Story, MatchReason Reason)> Preview(Subscription subscription, IEnumerable<StructuredSummary> summaries, int max = 20) =>
        summaries.Select(s => (Story: s, Reason: Match(subscription, s)))
            .Where(x => x.Reason is not null)
            .GroupBy(x => x.Story.Cluster.Id)
            .Select(g => g.OrderBy(x => x.Story.FirstSeenAt).First())
            .OrderByDescending(x => x.Story.FirstSeenAt)
            .Take(max)
            .Select(x => (x.Story, x.Reason!))
            .ToList();
}
