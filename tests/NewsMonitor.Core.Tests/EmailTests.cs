using NewsMonitor.Alerts;
using NewsMonitor.Config;
using NewsMonitor.Digest;
using NewsMonitor.Domain;
using NewsMonitor.Tests;

namespace NewsMonitor.Core.Tests;

public class EmailAndMatchingTests
{
    internal static StructuredSummary Summary(string id, string title, string sector, string country, string outlet = "VnExpress") =>
        SampleSummary.Of(id, title, sector, country, outlet);

    private static readonly Taxonomy Taxonomy = Taxonomy.Load(Path.Combine(RepoPaths.Config, "taxonomy.json"));

    [Fact]
    public void Match_SectorAndCountryRules()
    {
        var sub = new Subscription("s", "a@example.vn", "vi", ["health"], ["GB"], [], true, false);
        Assert.NotNull(AlertMatcher.Match(sub, Summary("1", "Y tế", "health", "GB")));
        Assert.Null(AlertMatcher.Match(sub, Summary("2", "Y tế", "health", "JP")));
        Assert.Null(AlertMatcher.Match(sub, Summary("3", "Giáo dục", "education", "GB")));
        Assert.Null(AlertMatcher.Match(sub, Summary("4", "Y tế", "health", "GB") with { Relevant = false }));
    }

    [Fact]
    public void Match_KeywordsWithAndWithoutDiacritics()
    {
        var plain = new Subscription("s", "a@example.vn", "vi", [], [], ["hoc bong"], true, false);
        var accented = new Subscription("t", "a@example.vn", "vi", [], [], ["học bổng"], true, false);
        var summary = Summary("1", "Anh trao 50 suất học bổng", "education", "GB");
        Assert.NotNull(AlertMatcher.Match(plain, summary));
        Assert.NotNull(AlertMatcher.Match(accented, summary));
        Assert.Null(AlertMatcher.Match(new Subscription("u", "a@example.vn", "vi", [], [], ["học"], true, false), Summary("2", "Hợp tác y tế", "health", "GB")));
    }

    [Fact]
    public void Match_KeywordsExactly_WhenTheSubscriberAsks_AndOnWordBoundaries()
    {
        var summary = Summary("1", "Anh trao 50 suất học bổng cho bà Ba", "education", "GB");
        Subscription Rule(string keyword, bool ignoreDiacritics = true) => new("s", "a@example.vn", "vi", [], [], [keyword], true, false, KeywordsIgnoreDiacritics: ignoreDiacritics);
        Assert.Null(AlertMatcher.Match(Rule("hoc bong", ignoreDiacritics: false), summary));
        Assert.NotNull(AlertMatcher.Match(Rule("học bổng", ignoreDiacritics: false), summary));
        Assert.NotNull(AlertMatcher.Match(Rule("HỌC BỔNG"), summary)); // case does not matter
        Assert.Null(AlertMatcher.Match(Rule("hóc"), summary)); // typed with diacritics: those only
        Assert.Null(AlertMatcher.Match(Rule("học bổ"), summary)); // a word boundary, not a prefix
        Assert.Null(AlertMatcher.Match(Rule("bo"), summary));
    }

    [Fact]
    public void ASubscriptionFile_SaysWhetherKeywordsIgnoreDiacritics_ByDefaultTheyDo()
    {
        var gazetteer = Gazetteer.Load(Path.Combine(RepoPaths.Config, "gazetteer"));
        Subscription Read(string json) => SubscriptionsConfig.Read(ConfigNode.Parse(json, "test"), gazetteer);
        Assert.True(Read("""{"id": "a", "email": "a@example.vn", "keywords": ["hoc bong"]}""").KeywordsIgnoreDiacritics);
        Assert.False(Read("""{"id": "a", "email": "a@example.vn", "keywords": ["Ba"], "keywordsIgnoreDiacritics": false}""").KeywordsIgnoreDiacritics);
    }

    [Fact]
    public void ASubscriptionFile_ReadsQuietHoursAndTheHourlyCap_AndNamesABadValue()
    {
        var gazetteer = Gazetteer.Load(Path.Combine(RepoPaths.Config, "gazetteer"));
        Subscription Read(string json) => SubscriptionsConfig.Read(ConfigNode.Parse(json, "test"), gazetteer);
        var sub = Read("""{"id": "a", "email": "a@example.vn", "instant": true, "quietHours": "22:00-07:00", "maxAlertsPerHour": 5}""");
        Assert.Equal(new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0)), sub.QuietHours);
        Assert.Equal(5, sub.MaxAlertsPerHour);
        Assert.True(sub.HoldsAlerts);
        Assert.Contains("quietHours", Assert.Throws<ConfigException>(() => Read("""{"id": "a", "email": "a@example.vn", "quietHours": "10pm-7am"}""")).Message);
        Assert.Contains("maxAlertsPerHour", Assert.Throws<ConfigException>(() => Read("""{"id": "a", "email": "a@example.vn", "maxAlertsPerHour": 0}""")).Message);
    }

    [Fact]
    public void ASubscriptionFile_ReadsAWebhook_HttpsOnlyExceptOnThisMachine()
    {
        var gazetteer = Gazetteer.Load(Path.Combine(RepoPaths.Config, "gazetteer"));
        Subscription Read(string json) => SubscriptionsConfig.Read(ConfigNode.Parse(json, "test"), gazetteer);
        var sub = Read("""{"id": "a", "email": "a@example.vn", "instant": true, "webhook": {"url": "https://hooks.slack.com/services/T/B/x", "format": "slack"}}""");
        Assert.Equal(new Uri("https://hooks.slack.com/services/T/B/x"), sub.Webhook);
        Assert.Equal(WebhookFormat.Slack, sub.WebhookFormat);
        Assert.Equal(WebhookFormat.Json, Read("""{"id": "a", "email": "a@example.vn", "webhook": {"url": "http://127.0.0.1:8080/hook"}}""").WebhookFormat);
        Assert.Contains("url", Assert.Throws<ConfigException>(() => Read("""{"id": "a", "email": "a@example.vn", "webhook": {"url": "http://hooks.example.com/x"}}""")).Message);
        Assert.Contains("format", Assert.Throws<ConfigException>(() => Read("""{"id": "a", "email": "a@example.vn", "webhook": {"url": "https://x.example/h", "format": "discord"}}""")).Message);
        Assert.Equal(WebhookFormat.Teams, Json.Read<Subscription>(Json.ToUtf8(sub with { WebhookFormat = WebhookFormat.Teams }), "round trip").WebhookFormat);
    }

    [Theory]
    [InlineData("22:00-07:00", 23, true)]
    [InlineData("22:00-07:00", 6, true)]
    [InlineData("22:00-07:00", 7, false)]
    [InlineData("22:00-07:00", 12, false)]
    [InlineData("12:00-13:30", 13, true)]
    [InlineData("12:00-13:30", 11, false)]
    public void QuietHours_AreReadOnVietnamsClock(string hours, int vietnamHour, bool quiet)
    {
        var instant = new DateTimeOffset(2025, 11, 1, vietnamHour, 0, 0, TimeSpan.FromHours(7)).ToUniversalTime();
        Assert.Equal(quiet, QuietHours.Parse(hours)!.Contains(instant));
    }

    [Fact]
    public void Preview_ShowsTheStoriesARuleWouldHaveCaught_OncePerStory_NewestFirst()
    {
        var rule = new Subscription("s", "a@example.vn", "vi", ["health"], ["GB"], [], true, false);
        DateTimeOffset At(int hour) => new(2025, 11, 1, hour, 0, 0, TimeSpan.Zero);
        var first = Summary("a", "Anh hỗ trợ y tế", "health", "GB") with { FirstSeenAt = At(1) };
        var republished = Summary("b", "Anh hỗ trợ y tế (đăng lại)", "health", "GB") with { FirstSeenAt = At(2), Cluster = first.Cluster };
        var later = Summary("c", "Bệnh viện hợp tác với Anh", "health", "GB") with { FirstSeenAt = At(3) };
        var other = Summary("d", "Nhật Bản hỗ trợ y tế", "health", "JP") with { FirstSeenAt = At(4) };

        var caught = AlertMatcher.Preview(rule, [first, republished, later, other]);

        Assert.Equal(["c", "a"], caught.Select(c => c.Story.Id));
        Assert.Equal(["GB"], caught[0].Reason.Countries);
    }

    [Fact]
    public void RenderDigest_EscapesWebTextAndCannotInjectHeaders()
    {
        var renderer = new EmailRenderer(Taxonomy, c => c == "GB" ? "Vương quốc Anh" : c, TestLinks.Create());
        var sub = new Subscription("s", "a@example.vn", "vi", [], [], [], false, true);
        var evil = Summary("1", "Tin <script>alert(1)</script>\r\nBcc: x@evil.example", "health", "GB");
        var mail = renderer.RenderDigest(sub, "2025-11-01\r\nBcc: y@evil.example", [new DigestStory(evil, [new OutletLink("VnExpress", evil.Url, "1"), new OutletLink("Tuổi Trẻ", "javascript:alert(1)", "2")])]);
        Assert.DoesNotContain("<script>", mail.Html);
        Assert.Contains("&lt;b&gt;đậm&lt;/b&gt;", mail.Html);
        Assert.DoesNotContain("javascript:", mail.Html);
        Assert.DoesNotContain('\n', mail.Subject);
        Assert.DoesNotContain('\r', mail.Subject);
        Assert.Contains("Cũng đưa tin", mail.Html);
        Assert.Contains("Tuổi Trẻ", mail.Text);
        Assert.True(mail.Headers.ContainsKey("List-Unsubscribe"));
    }

    [Fact]
    public void RenderDigest_GroupsBySectorThenPartner()
    {
        var renderer = new EmailRenderer(Taxonomy, c => c, TestLinks.Create());
        var sub = new Subscription("s", "a@example.vn", "en", [], [], [], false, true);
        var mail = renderer.RenderDigest(sub, "2025-11-01", [
            new DigestStory(Summary("1", "Energy story", "energy", "DK"), []),
            new DigestStory(Summary("2", "Health story", "health", "GB"), []),
            new DigestStory(Summary("3", "Health story two", "health", "JP"), []),
        ]);
        int health = mail.Text.IndexOf("HEALTH", StringComparison.Ordinal), energy = mail.Text.IndexOf("ENERGY", StringComparison.Ordinal);
        Assert.True(health >= 0 && energy > health, mail.Text);
        Assert.True(mail.Text.IndexOf("  GB", StringComparison.Ordinal) < mail.Text.IndexOf("  JP", StringComparison.Ordinal));
        Assert.Contains("3 stories", mail.Subject);
    }
}
