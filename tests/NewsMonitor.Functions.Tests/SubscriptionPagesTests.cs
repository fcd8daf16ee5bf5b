using System.Net;
using System.Web;
using MimeKit;
using NewsMonitor.Domain;

namespace NewsMonitor.Functions.Tests;

/// <summary>
/// The subscription pages as the HTTP functions serve them (the host forwards /api/… to the handler): answers, headers,
/// tokens that are tampered with, expired or replayed, hostile input, rate limits and the one-click unsubscribe.
/// </summary>
public sealed class SubscriptionPagesTests : IDisposable
{
    private readonly HandlerFactory _factory = new();
    private readonly HttpClient _client;

    public SubscriptionPagesTests() => _client = _factory.CreateClient(new() { AllowAutoRedirect = false });

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private async Task<(HttpStatusCode Status, string Html, HttpResponseMessage Response)> PostAsync(string path, HttpContent body, string client = "203.0.113.7:5100")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body };
        request.Headers.Add("X-Forwarded-For", client);
        var response = await _client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private Task<(HttpStatusCode Status, string Html, HttpResponseMessage Response)> SubscribeAsync(string email, string client = "203.0.113.7:5100") =>
        PostAsync("/api/subscribe?lang=en", Form(("email", email), ("sector", "health"), ("digest", "on")), client);

    private List<MimeMessage> Sent() =>
        Directory.Exists(_factory.Outbox) ? Directory.GetFiles(_factory.Outbox, "*.eml").Order().Select(f => MimeMessage.Load(f)).ToList() : [];

    private MimeMessage Welcome() => Sent().Single(m => m.Subject == "Welcome to NewsMonitor");

    private static string TokenIn(MimeMessage message, string page)
    {
        var line = message.TextBody!.Split('\n').First(l => l.Contains("/api/" + page + "?token=", StringComparison.Ordinal));
        var url = new Uri(line[line.IndexOf("http", StringComparison.Ordinal)..].Trim());
        return HttpUtility.ParseQueryString(url.Query)["token"]!;
    }

    [Fact]
    public async Task TheForm_IsServedInTheLanguageAsked_WithHeadersThatKeepTokensAndScriptsOut()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/subscribe");
        request.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.8");
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("<label for=\"email\">Email address</label>", html);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("style-src 'sha256-", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("<html lang=\"vi\">", await _client.GetStringAsync("/api/subscribe?lang=vi"));
    }

    [Theory]
    [InlineData("lan@example.vn\r\nBcc: victim@example.vn")]
    [InlineData("<script>alert(1)</script>@example.vn")]
    [InlineData("lan@example.vn\u202E")]
    public async Task AnAddressWithALineBreakScriptOrBidiControl_IsRefused_EscapedOnThePage_AndNothingIsSent(string address)
    {
        var (status, html, _) = await SubscribeAsync(address);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("This is not a valid email address", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Empty(Sent());
        Assert.Empty(await _factory.Store.ListAsync());
    }

    [Fact]
    public async Task ANewAndASubscribedAddress_GetTheSamePage_SoThePagesNeverTellWhoIsSubscribed()
    {
        await _factory.Store.UpsertAsync(new Subscription(NewsMonitor.Subscriptions.SubscriptionService.IdFor("known@example.vn"), "known@example.vn", "en", [], [], [], false, true));
        var known = await SubscribeAsync("known@example.vn");
        var unknown = await SubscribeAsync("unknown@example.vn");
        Assert.Equal(HttpStatusCode.OK, known.Status);
        Assert.Equal(known.Status, unknown.Status);
        Assert.Equal(known.Html, unknown.Html);
        Assert.Equal(["Confirm your NewsMonitor subscription", "Your NewsMonitor subscription"], Sent().Select(m => m.Subject).Order());
    }

    [Fact]
    public async Task SubscribeRequests_AreLimitedPerAddress_AndPerClient_FromTheForwardedAddress()
    {
        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await SubscribeAsync("again@example.vn", $"198.51.100.{i}:4000")).Status);
        var limited = await SubscribeAsync("again@example.vn", "198.51.100.9:4000");
        Assert.Equal((HttpStatusCode)429, limited.Status);
        Assert.Equal("3600", limited.Response.Headers.GetValues("Retry-After").Single());
        Assert.Contains("Too many requests", limited.Html);

        for (int i = 0; i < 20; i++) Assert.Equal(HttpStatusCode.OK, (await SubscribeAsync($"reader{i}@example.vn", "192.0.2.1:1234")).Status);
        Assert.Equal((HttpStatusCode)429, (await SubscribeAsync("reader20@example.vn", "192.0.2.1:5678")).Status); // same client, another port
        Assert.Equal(HttpStatusCode.OK, (await SubscribeAsync("reader20@example.vn", "192.0.2.2:1234")).Status);
    }

    [Fact]
    public async Task Confirm_ShowsAButtonFirst_ConfirmsOnThePost_AndAReplaySaysItIsDone()
    {
        await SubscribeAsync("confirm.me@example.vn");
        var token = TokenIn(Sent().Single(), "confirm");

        var prompt = await _client.GetStringAsync("/api/confirm?token=" + Uri.EscapeDataString(token));
        Assert.Contains("<h1>Confirm your subscription</h1>", prompt);
        Assert.False((await _factory.Store.ListAsync()).Single().Confirmed); // a link scanner's GET confirms nothing

        var (status, html, _) = await PostAsync("/api/confirm", Form(("token", token)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>Subscription confirmed</h1>", html);
        Assert.True((await _factory.Store.ListAsync()).Single().Confirmed);
        Assert.Contains(Sent(), m => m.Subject == "Welcome to NewsMonitor");

        var replay = await PostAsync("/api/confirm", Form(("token", token)));
        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Contains("confirmed already", replay.Html);
        Assert.Equal(2, Sent().Count);
    }

    [Fact]
    public async Task TamperedAndExpiredLinks_GetTheirOwnPages()
    {
        await SubscribeAsync("late@example.vn");
        var token = TokenIn(Sent().Single(), "confirm");
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        using var bad = await _client.GetAsync("/api/confirm?lang=en&token=" + Uri.EscapeDataString(tampered));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("<h1>This link is not valid</h1>", await bad.Content.ReadAsStringAsync());

        _factory.Clock.Advance(TimeSpan.FromDays(8));
        using var expired = await _client.GetAsync("/api/confirm?lang=en&token=" + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("<h1>This link has expired</h1>", await expired.Content.ReadAsStringAsync());
        Assert.False((await _factory.Store.ListAsync()).Single().Confirmed);
    }

    [Fact]
    public async Task OneClickUnsubscribe_FromTheHeader_DeletesTheSubscription_AndTheLinkStillAnswers()
    {
        await SubscribeAsync("leaving@example.vn");
        await PostAsync("/api/confirm", Form(("token", TokenIn(Sent().Single(), "confirm"))));
        var welcome = Welcome();
        var header = welcome.Headers["List-Unsubscribe"]!.Trim('<', '>');
        Assert.Equal("List-Unsubscribe=One-Click", welcome.Headers["List-Unsubscribe-Post"]);
        var path = new Uri(header).PathAndQuery;

        using (var get = await _client.GetAsync(path)) Assert.Contains("<h1>Unsubscribe</h1>", await get.Content.ReadAsStringAsync());
        Assert.Single(await _factory.Store.ListAsync()); // the GET only asks

        var (status, html, _) = await PostAsync(path, new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("You have unsubscribed", html);
        Assert.Empty(await _factory.Store.ListAsync());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(path, Form(("List-Unsubscribe", "One-Click")))).Status); // twice is fine
    }

    [Fact]
    public async Task SavingPreferences_RedirectsToThePageAgain_AndAMistakeIsShownBesideItsField()
    {
        await SubscribeAsync("prefs@example.vn");
        await PostAsync("/api/confirm", Form(("token", TokenIn(Sent().Single(), "confirm"))));
        var token = TokenIn(Welcome(), "preferences");

        var wrong = await PostAsync("/api/preferences", Form(("token", token), ("language", "en"), ("digest", "on"), ("quietStart", "22:00"), ("quietEnd", "22:00")));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Contains("id=\"quietEnd-error\">The start and end times must differ.", wrong.Html);

        var saved = await PostAsync("/api/preferences", Form(("token", token), ("language", "vi"), ("sector", "energy"), ("otherCountries", "han quoc, Poland"), ("digest", "on"), ("maxPerHour", "5")));
        Assert.Equal(HttpStatusCode.SeeOther, saved.Status);
        Assert.Equal($"preferences?token={WebUtility.UrlEncode(token)}&saved=1", saved.Response.Headers.Location?.OriginalString);
        var sub = (await _factory.Store.ListAsync()).Single();
        Assert.Equal(["energy"], sub.Sectors);
        Assert.Equal(["KR", "PL"], sub.Countries);
        Assert.Equal(5, sub.MaxAlertsPerHour);
        Assert.Equal("vi", sub.Language);
        Assert.Contains("Đã lưu lựa chọn của bạn.", await _client.GetStringAsync("/api/" + saved.Response.Headers.Location!.OriginalString));
    }

    [Fact]
    public async Task WithoutASigningKey_ThePagesSay503_AndHealthNamesTheSetting()
    {
        using var factory = new HandlerFactory(configured: false);
        using var client = factory.CreateClient();
        using var page = await client.GetAsync("/api/subscribe?lang=en");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("Not available right now", await page.Content.ReadAsStringAsync());
        using var health = await client.GetAsync("/api/health");
        Assert.Contains("NewsMonitor:Tokens:Key", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ThePreviewButton_ListsTheRecentStoriesTheChoicesWouldCatch_AndSubscribesNobody()
    {
        var now = _factory.Clock.GetUtcNow();
        await _factory.Summaries.UpsertAsync(NewsMonitor.Tests.SampleSummary.Of("uk-health", "Anh & Việt Nam hợp tác y tế <b>mới</b>") with { FirstSeenAt = now.AddDays(-1) }, now.AddDays(-1));
        await _factory.Summaries.UpsertAsync(NewsMonitor.Tests.SampleSummary.Of("jp-energy", "Nhật Bản hỗ trợ điện gió", "energy", "JP") with { FirstSeenAt = now.AddDays(-2) }, now.AddDays(-2));
        await _factory.Summaries.UpsertAsync(NewsMonitor.Tests.SampleSummary.Of("old", "Tin cũ về y tế") with { FirstSeenAt = now.AddDays(-9) }, now.AddDays(-9));

        var (status, html, _) = await PostAsync("/api/subscribe?lang=en", Form(("email", ""), ("sector", "health"), ("digest", "on"), ("preview", "1")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h2 id=\"preview-title\">Stories of the last 7 days these choices would have caught</h2><p>1 matching stories; the latest:</p>", html);
        Assert.Contains("Anh &amp; Việt Nam hợp tác y tế &lt;b&gt;mới&lt;/b&gt;</a>", html);
        Assert.Contains("Matched: Health, United Kingdom", html);
        Assert.DoesNotContain("Nhật Bản", html);
        Assert.DoesNotContain("Tin cũ", html); // older than a week
        Assert.Contains("id=\"sector-health\" name=\"sector\" value=\"health\" checked", html); // the form keeps the choices
        Assert.Empty(Sent());
        Assert.Empty(await _factory.Store.ListAsync());
    }

    [Fact]
    public async Task WhenTheEmailCannotBeSent_ThePageSaysToComeBack_AndATryLaterWorks()
    {
        Directory.CreateDirectory(_factory.Folder);
        await File.WriteAllTextAsync(_factory.Outbox, "a file where the outbox folder should be"); // sending fails
        var (status, html, response) = await SubscribeAsync("unlucky@example.vn");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("Not available right now", html);
        Assert.Equal("300", response.Headers.GetValues("Retry-After").Single());

        File.Delete(_factory.Outbox);
        Assert.Equal(HttpStatusCode.OK, (await SubscribeAsync("unlucky@example.vn")).Status);
        Assert.Single(Sent());
    }

    [Fact]
    public async Task ALinkFromAnEmail_SpeaksTheSubscribersLanguage_EvenOnceItsSubscriptionIsGone()
    {
        await SubscribeAsync("english.reader@example.vn"); // the form's language is English
        await PostAsync("/api/confirm", Form(("token", TokenIn(Sent().Single(), "confirm"))));
        var unsubscribe = new Uri(Welcome().Headers["List-Unsubscribe"]!.Trim('<', '>')).PathAndQuery;
        Assert.EndsWith("&lang=en", unsubscribe);
        await PostAsync(unsubscribe, Form(("List-Unsubscribe", "One-Click")));

        using var request = new HttpRequestMessage(HttpMethod.Get, unsubscribe);
        request.Headers.AcceptLanguage.ParseAdd("vi");
        using var again = await _client.SendAsync(request);
        Assert.Contains("<h1>You have unsubscribed</h1>", await again.Content.ReadAsStringAsync());
    }
}
