using NewsMonitor.Config;
using NewsMonitor.Domain;
using NewsMonitor.Subscriptions;
using NewsMonitor.Tests;

namespace NewsMonitor.Core.Tests;

/// <summary>The subscribe and preferences forms: what is read from them, what is refused and how, and what the pages show.</summary>
public sealed class SubscriptionFormTests
{
    private static readonly Taxonomy Taxonomy = Taxonomy.Load(Path.Combine(RepoPaths.Config, "taxonomy.json"));
    private static readonly CountryNames Countries = new(Gazetteer.Load(Path.Combine(RepoPaths.Config, "gazetteer")));
    private static readonly SubscriptionForm Form = new(Taxonomy, Countries);
    private static readonly SubscriptionPages Pages = new(Taxonomy, Countries);

    private static FormValues Values(string otherCountries = "", string quietStart = "", string quietEnd = "", string maxPerHour = "", bool instant = false, bool digest = true, string keywords = "") =>
        FormValues.Empty("en") with { Email = "lan@example.vn", OtherCountries = otherCountries, QuietStart = quietStart, QuietEnd = quietEnd, MaxPerHour = maxPerHour, Instant = instant, Digest = digest, Keywords = keywords };

    [Theory]
    [InlineData("Hàn Quốc", "KR")]
    [InlineData("han quoc", "KR")]
    [InlineData("South Korea", "KR")]
    [InlineData("kr", "KR")]
    [InlineData("Vương quốc Anh", "GB")]
    [InlineData("United Kingdom", "GB")]
    [InlineData("UK", "GB")]
    [InlineData("Ba Lan", "PL")]
    [InlineData("ASEAN", "ASEAN")]
    public void APartnerTyped_ByNameInEitherLanguage_WithOrWithoutDiacritics_OrByCode_IsFound(string typed, string code) =>
        Assert.Equal(code, Countries.Resolve(typed));

    [Fact]
    public void CountryNames_AreShownInThePagesLanguage()
    {
        Assert.Equal("United Kingdom", Countries.Name("GB", "en"));
        Assert.Equal("Vương quốc Anh", Countries.Name("GB", "vi"));
        Assert.Equal("ASEAN", Countries.Name("ASEAN", "en"));
    }

    [Fact]
    public void AGoodForm_MakesTheRequest()
    {
        var (request, errors) = Form.Read(Values("Hàn Quốc, Poland", "22:00", "06:30", "5", instant: true, keywords: "học bổng, điện gió; ODA") with { Sectors = ["health"], Countries = ["GB"], KeywordsExact = true }, "en", withEmail: true);
        Assert.Empty(errors);
        Assert.Equal(["GB", "KR", "PL"], request!.Countries);
        Assert.Equal(["health"], request.Sectors);
        Assert.Equal(["học bổng", "điện gió", "ODA"], request.Keywords);
        Assert.False(request.KeywordsIgnoreDiacritics);
        Assert.Equal("22:00-06:30", request.QuietHours?.ToString());
        Assert.Equal(5, request.MaxAlertsPerHour);
    }

    [Fact]
    public void EveryMistake_IsNamedByItsField_InThePagesLanguage()
    {
        var bad = Values("Narnia", "22:00", "22:00", "0", instant: false, digest: false, keywords: string.Join(",", Enumerable.Range(0, 21).Select(i => "k" + i))) with { Email = "no", Sectors = ["weather"], Countries = ["XX"] };
        var (request, errors) = Form.Read(bad, "vi", withEmail: true);
        Assert.Null(request);
        Assert.Equal(["countries", "email", "instant", "keywords", "maxPerHour", "otherCountries", "quietEnd", "sectors"], errors.Select(e => e.Field).Order());
        Assert.Contains(errors, e => e.Field == "otherCountries" && e.Message.Contains("Không nhận ra đối tác “Narnia”"));
        Assert.Contains(errors, e => e.Field == "quietEnd" && e.Message == "Giờ bắt đầu và giờ kết thúc phải khác nhau.");
    }

    [Fact]
    public void ThePreferencesForm_IgnoresTheAddress()
    {
        var (request, errors) = Form.Read(Values() with { Email = "" }, "en", withEmail: false);
        Assert.Empty(errors);
        Assert.NotNull(request);
    }

    [Fact]
    public void Pages_EscapeEverythingTyped_AndTieEachErrorToItsField()
    {
        var values = Values("\"><script>alert(1)</script>") with { Email = "<img src=x onerror=alert(1)>" };
        var (_, errors) = Form.Read(values, "en", withEmail: true);
        var html = Pages.Subscribe("en", values, errors);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("&quot;&gt;&lt;script&gt;", html);
        Assert.Contains("id=\"email\" name=\"email\"", html);
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"email-hint email-error\"", html);
        Assert.Contains("<li><a href=\"#email\">This is not a valid email address.", html);
    }

    [Fact]
    public void ThePreferencesPage_ShowsPartnersWithoutACheckboxAsTyped_SoSavingKeepsThem()
    {
        var sub = new Subscription("s", "lan@example.vn", "en", ["health"], ["GB", "PL"], ["ODA"], true, true) { LinkVersion = 3 };
        var html = Pages.Preferences(sub, "t", FormValues.Of(sub), [], saved: false, new Uri("https://news.example/api/unsubscribe?token=u"));
        Assert.Contains("id=\"country-GB\" name=\"country\" value=\"GB\" checked", html);
        Assert.Contains("id=\"otherCountries\" name=\"otherCountries\" maxlength=\"500\" value=\"Poland\"", html);
        Assert.Contains("<a href=\"unsubscribe?token=u\">Unsubscribe</a>", html);
    }

    [Theory]
    [InlineData("en", null, "en")]
    [InlineData(null, "en-GB,en;q=0.9", "en")]
    [InlineData(null, "fr-FR,vi;q=0.5,en;q=0.3", "vi")]
    [InlineData(null, null, "vi")]
    [InlineData("xx", "en", "en")]
    public void ThePageLanguage_IsAskedFor_OrTakenFromTheBrowser(string? lang, string? accept, string expected) =>
        Assert.Equal(expected, PageText.Choose(lang, accept));
}
