using Microsoft.Playwright;
using NewsMonitor.Config;
using NewsMonitor.Digest;
using NewsMonitor.Domain;

namespace NewsMonitor.Tests;

/// <summary>
/// The digest and alert emails rendered in Chromium at a phone's width (375 px) and a desktop's (1024 px): saved as
/// screenshots (artifacts/screenshots) and checked that nothing reaches past the right edge, long headlines and
/// addresses included.
/// </summary>
public sealed class DigestRenderingTests(Browser browser) : IClassFixture<Browser>
{
    private static readonly Taxonomy Taxonomy = Taxonomy.Load(Path.Combine(RepoPaths.Config, "taxonomy.json"));
    private static readonly Gazetteer Gazetteer = Gazetteer.Load(Path.Combine(RepoPaths.Config, "gazetteer"));
    private static readonly EmailRenderer Renderer = new(Taxonomy, c => Gazetteer.Names.GetValueOrDefault(c, c), TestLinks.Create());

    /// <summary>A day of stories written for the test: several sectors and partners, outlets that also reported them, and the hard cases.</summary>
    private static List<DigestStory> Day()
    {
        var stories = new List<DigestStory>();
        string[] sectors = ["health", "education", "energy", "science_technology", "trade_investment"];
        string[] countries = ["GB", "JP", "KR", "EU", "US"];
        for (int i = 0; i < 15; i++)
        {
            var s = SampleSummary.Of($"story{i:00}", $"Việt Nam và đối tác ký kết thỏa thuận hợp tác số {i + 1} về phát triển bền vững", sectors[i % 5], countries[i % 5], i % 2 == 0 ? "VnExpress" : "Tuổi Trẻ")
                with { FirstSeenAt = new DateTimeOffset(2025, 11, 1, 1 + i % 10, 0, 0, TimeSpan.Zero) };
            var outlets = new List<OutletLink> { new(s.Outlet, s.Url, s.Id) };
            for (int k = 0; k < i % 4; k++) outlets.Add(new OutletLink($"Báo Mẫu {k + 1}", $"https://bao-mau-{k}.example.vn/tin/{s.Id}.html", $"{s.Id}-{k}"));
            stories.Add(new DigestStory(s, outlets));
        }
        var hard = SampleSummary.Of("hard", "Headline<script>alert(1)</script> " + new string('W', 120), "health", "GB") with
        {
            Url = "https://example.vn/" + new string('a', 300) + ".html",
            Summary = ["Một-câu-rất-dài-không-có-khoảng-trắng-" + string.Concat(Enumerable.Repeat("hợp-tác-", 40)), "Câu thứ hai."],
            Outlet = "Một tòa soạn có tên rất dài, rất dài, rất dài để thử xuống dòng",
        };
        stories.Add(new DigestStory(hard, [new(hard.Outlet, hard.Url, hard.Id), new("Báo Khác", "https://khac.example.vn/" + new string('b', 200), "other")]));
        return stories;
    }

    public static TheoryData<int, string> Widths => new() { { 375, "vi" }, { 1024, "vi" }, { 375, "en" }, { 1024, "en" } };

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task TheDigest_FitsTheWidth_AndIsSavedAsAScreenshot(int width, string language)
    {
        var subscription = new Subscription("s", "lan@example.vn", language, [], [], [], false, true);
        var mail = Renderer.RenderDigest(subscription, "2025-11-01", Day());
        await using var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.SetContentAsync(mail.Html);

        var path = Path.Combine(Browser.Screenshots, $"digest-{language}-{width}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000);
        Assert.Equal(0, await Browser.HorizontalOverflowAsync(page));
        Assert.Equal(0, await page.Locator("script").CountAsync()); // the headline's markup is text
        Assert.Equal(16, await page.Locator("a[style*='font-weight:bold']").CountAsync()); // every story's headline link
    }

    [Theory]
    [InlineData(375)]
    [InlineData(1024)]
    public async Task AnAlert_FitsTheWidth(int width)
    {
        var story = Day()[^1];
        var mail = Renderer.RenderAlert(new Subscription("s", "lan@example.vn", "vi", ["health"], [], [], true, false), story, ["Y tế", "Vương quốc Anh"]);
        await using var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 700 } });
        var page = await context.NewPageAsync();
        await page.SetContentAsync(mail.Html);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.Screenshots, $"alert-vi-{width}.png"), FullPage = true });
        Assert.Equal(0, await Browser.HorizontalOverflowAsync(page));
    }
}
