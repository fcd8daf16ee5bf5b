using NewsMonitor.Domain;

namespace NewsMonitor.Tests;

/// <summary>A relevant structured summary written for tests: one sector, one partner, a two-sentence summary with markup in it.</summary>
internal static class SampleSummary
{
    public static StructuredSummary Of(string id, string title, string sector = "health", string country = "GB", string outlet = "VnExpress") => new()
    {
        Id = id, Url = $"https://example.vn/{id}.html", Outlet = outlet, Title = title, FirstSeenAt = DateTimeOffset.UnixEpoch, Relevant = true, RelevanceScore = 0.9,
        PartnerCountries = [new CountryTag(country, country, [new Evidence(country)])], CountriesMentioned = [],
        Sectors = [new SectorTag(sector, sector, 0.8, [new Evidence(sector)])], EventTypes = [], Localities = [], People = [], Organizations = [], Amounts = [],
        Summary = ["Câu thứ nhất <b>đậm</b>.", "Câu thứ hai."], Cluster = new ClusterRef(id, true, []), WordCount = 300, ContentHash = "h",
    };
}
