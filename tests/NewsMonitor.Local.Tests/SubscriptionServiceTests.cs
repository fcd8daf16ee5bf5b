using System.Web;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Domain;
using NewsMonitor.Local.Storage;
using NewsMonitor.Subscriptions;
using NewsMonitor.Tests;

namespace NewsMonitor.Local.Tests;

/// <summary>The double opt-in flow over the SQLite store, with the emails caught at the sender port.</summary>
public sealed class SubscriptionServiceTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly SqliteStore _store;
    private readonly RecordingSender _email = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 11, 1, 1, 0, 0, TimeSpan.Zero));
    private readonly SubscriptionService _service;
    private readonly SubscriberLinks _links;

    public SubscriptionServiceTests()
    {
        _store = new SqliteStore(Path.Combine(_dir.Path, "db.sqlite"));
        _links = TestLinks.Create(_clock, "https://news.example/");
        _service = new SubscriptionService(_store, _email, _links, new SubscriptionServiceOptions());
    }

    public void Dispose()
    {
        _service.Dispose();
        _dir.Dispose();
    }

    private static SubscriptionRequest Request(string email = "lan@example.vn", params string[] sectors) =>
        new(email, "vi", sectors, [], [], Instant: true, Digest: true);

    private static string TokenIn(EmailMessage mail, string page)
    {
        var link = mail.Text.Split('\n').Select(l => l[(l.IndexOf("https://", StringComparison.Ordinal) is var i and >= 0 ? i : 0)..]).First(l => l.StartsWith($"https://news.example/{page}?token=", StringComparison.Ordinal));
        return HttpUtility.ParseQueryString(new Uri(link.Trim()).Query)["token"]!;
    }

    [Fact]
    public async Task Subscribe_StoresTheAddressUnconfirmed_AndSendsOnlyTheConfirmation_ThenTheLinkConfirmsOnce()
    {
        Assert.Equal(SubscribeOutcome.Accepted, (await _service.SubscribeAsync(Request(sectors: "health"), "client-1")).Outcome);

        var pending = Assert.Single(await _store.ListAsync());
        Assert.False(pending.Confirmed);
        var mail = Assert.Single(_email.Sent);
        Assert.Equal("lan@example.vn", mail.To);
        Assert.Contains("Xác nhận", mail.Subject);
        var token = TokenIn(mail, "confirm");

        var confirmed = await _service.ConfirmAsync(token);
        Assert.True(confirmed.Subscription!.Confirmed);
        Assert.False(confirmed.AlreadyDone);
        Assert.True((await _store.GetAsync(pending.Id))!.Confirmed);
        var replay = await _service.ConfirmAsync(token);
        Assert.True(replay.AlreadyDone); // a clear "already confirmed", not an error
        Assert.Null(replay.Problem);
    }

    [Fact]
    public async Task Subscribe_AnAddressAlreadySubscribed_AnswersTheSame_KeepsItsRules_AndTellsTheSubscriber()
    {
        await _service.SubscribeAsync(Request(sectors: "health"), "client-1");
        await _service.ConfirmAsync(TokenIn(_email.Sent[0], "confirm"));

        var again = await _service.SubscribeAsync(Request("LAN@example.vn", "energy"), "client-2");

        Assert.Equal(SubscribeOutcome.Accepted, again.Outcome); // the same answer as for a new address
        var sub = Assert.Single(await _store.ListAsync());
        Assert.Equal(["health"], sub.Sectors); // whoever asked cannot change the subscriber's rules
        Assert.True(sub.Confirmed);
        Assert.Contains("preferences?token=", _email.Sent[^1].Text);
        Assert.Equal(sub.Id, (await _service.OpenPreferencesAsync(TokenIn(_email.Sent[^1], "preferences"))).Subscription!.Id);
    }

    [Fact]
    public async Task Unsubscribe_DeletesTheSubscription_AndASecondClickIsFine()
    {
        await _service.SubscribeAsync(Request(), "client-1");
        var sub = (await _service.ConfirmAsync(TokenIn(_email.Sent[0], "confirm"))).Subscription!;
        var (preferences, unsubscribe) = (_links.Preferences(sub), _links.Unsubscribe(sub));
        var token = HttpUtility.ParseQueryString(unsubscribe.Query)["token"];

        Assert.NotNull((await _service.UnsubscribeAsync(token)).Subscription);
        Assert.Empty(await _store.ListAsync());
        Assert.True((await _service.UnsubscribeAsync(token)).AlreadyDone);
        Assert.Equal(TokenProblem.Superseded, (await _service.OpenPreferencesAsync(HttpUtility.ParseQueryString(preferences.Query)["token"])).Problem);
    }

    [Fact]
    public async Task AfterUnsubscribingAndSubscribingAgain_TheOldLinks_DoNotOpenTheNewSubscription()
    {
        await _service.SubscribeAsync(Request(sectors: "health"), "client-1");
        var oldConfirm = TokenIn(_email.Sent[0], "confirm");
        var old = (await _service.ConfirmAsync(oldConfirm)).Subscription!;
        var (oldPreferences, oldUnsubscribe) = (_links.Preferences(old), _links.Unsubscribe(old));
        await _service.UnsubscribeAsync(HttpUtility.ParseQueryString(oldUnsubscribe.Query)["token"]);

        await _service.SubscribeAsync(Request(sectors: "energy"), "client-1");
        Assert.NotNull(await _service.ConfirmAsync(oldConfirm)); // not an error
        Assert.False(Assert.Single(await _store.ListAsync()).Confirmed); // but it confirmed nothing
        Assert.Equal(TokenProblem.Superseded, (await _service.OpenPreferencesAsync(HttpUtility.ParseQueryString(oldPreferences.Query)["token"])).Problem);
        Assert.True((await _service.UnsubscribeAsync(HttpUtility.ParseQueryString(oldUnsubscribe.Query)["token"])).AlreadyDone);
        Assert.Single(await _store.ListAsync()); // the new subscription stays
    }

    [Fact]
    public async Task OnlyTheLatestConfirmationLink_Confirms_WithTheRulesAskedForLast()
    {
        await _service.SubscribeAsync(Request(sectors: "health"), "client-1");
        await _service.SubscribeAsync(Request(sectors: "energy"), "client-2");
        Assert.Equal(TokenProblem.Superseded, (await _service.ConfirmAsync(TokenIn(_email.Sent[0], "confirm"))).Problem);
        var confirmed = await _service.ConfirmAsync(TokenIn(_email.Sent[1], "confirm"));
        Assert.Equal(["energy"], confirmed.Subscription!.Sectors);
    }

    [Fact]
    public async Task AClientOverItsLimit_DoesNotUseUpTheAddresssPermits()
    {
        var service = new SubscriptionService(_store, _email, TestLinks.Create(_clock, "https://x.example/newsmon"), new SubscriptionServiceOptions { RequestsPerClientPerHour = 1 });
        try
        {
            Assert.Equal(SubscribeOutcome.Accepted, (await service.SubscribeAsync(Request("a@example.vn"), "attacker")).Outcome);
            for (int i = 0; i < 5; i++) Assert.Equal(SubscribeOutcome.RateLimited, (await service.SubscribeAsync(Request("victim@example.vn"), "attacker")).Outcome);
            Assert.Equal(SubscribeOutcome.Accepted, (await service.SubscribeAsync(Request("victim@example.vn"), "victim")).Outcome);
            Assert.Contains("https://x.example/newsmon/confirm?token=", _email.Sent[^1].Text); // the base URL's folder is kept
        }
        finally { service.Dispose(); }
    }

    [Fact]
    public async Task Preferences_ChangeTheRules_ButNotTheAddress()
    {
        await _service.SubscribeAsync(Request(sectors: "health"), "client-1");
        var sub = (await _service.ConfirmAsync(TokenIn(_email.Sent[0], "confirm"))).Subscription!;
        var token = HttpUtility.ParseQueryString(_links.Preferences(sub).Query)["token"];

        await _store.UpsertAsync((await _store.GetAsync(sub.Id))! with { Webhook = new Uri("https://hooks.example/x"), WebhookFormat = WebhookFormat.Slack });
        var updated = await _service.UpdatePreferencesAsync(token, Request("someone.else@example.vn", "energy") with { QuietHours = QuietHours.Parse("22:00-06:00") });
        Assert.Equal(new Uri("https://hooks.example/x"), updated.Subscription!.Webhook); // the webhook stays

        Assert.Equal(["energy"], updated.Subscription!.Sectors);
        Assert.Equal("lan@example.vn", updated.Subscription.Email);
        Assert.True(updated.Subscription.Confirmed);
        Assert.Equal(QuietHours.Parse("22:00-06:00"), (await _store.GetAsync(sub.Id))!.QuietHours);

        var refused = await _service.UpdatePreferencesAsync(token, Request() with { Instant = false, Digest = false });
        Assert.StartsWith("delivery:", refused.Invalid);
        Assert.Equal(["energy"], (await _store.GetAsync(sub.Id))!.Sectors); // nothing saved
    }

    [Fact]
    public async Task TamperedAndWrongLinks_AreNamedProblems_NotErrors()
    {
        await _service.SubscribeAsync(Request(), "client-1");
        var token = TokenIn(_email.Sent[0], "confirm");
        Assert.Equal(TokenProblem.Invalid, (await _service.ConfirmAsync(token[..^2] + "xx")).Problem);
        Assert.Equal(TokenProblem.WrongPurpose, (await _service.UnsubscribeAsync(token)).Problem);
        Assert.Equal(TokenProblem.Invalid, (await _service.ConfirmAsync(null)).Problem);
        _clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(TokenProblem.Expired, (await _service.ConfirmAsync(token)).Problem);
        Assert.False(Assert.Single(await _store.ListAsync()).Confirmed);
    }

    [Theory]
    [InlineData("lan@example.vn\r\nBcc: all@example.vn")]
    [InlineData("<script>alert(1)</script>@example.vn")]
    [InlineData("Lan <lan@example.vn>")]
    [InlineData("lan@localhost")]
    [InlineData("lan example.vn")]
    [InlineData("lan@[127.0.0.1]")]
    [InlineData("lan\u202E@example.vn")]
    [InlineData("")]
    public async Task Subscribe_AnAddressWithALineBreakMarkupOrNoDomain_IsRejected_AndNothingIsSent(string email)
    {
        var result = await _service.SubscribeAsync(Request(email), "client-1");
        Assert.Equal(SubscribeOutcome.Invalid, result.Outcome);
        Assert.StartsWith("email:", result.Problem);
        Assert.Empty(_email.Sent);
        Assert.Empty(await _store.ListAsync());
    }

    [Fact]
    public async Task Subscribe_IsLimitedPerAddressAndPerClient()
    {
        var outcomes = new List<SubscribeOutcome>();
        for (int i = 0; i < 4; i++) outcomes.Add((await _service.SubscribeAsync(Request(), "client-" + i)).Outcome);
        Assert.Equal([SubscribeOutcome.Accepted, SubscribeOutcome.Accepted, SubscribeOutcome.Accepted, SubscribeOutcome.RateLimited], outcomes);

        var fromOneClient = new List<SubscribeOutcome>();
        for (int i = 0; i < 21; i++) fromOneClient.Add((await _service.SubscribeAsync(Request($"reader{i}@example.vn"), "busy-client")).Outcome);
        Assert.Equal(20, fromOneClient.Count(o => o == SubscribeOutcome.Accepted));
        Assert.Equal(SubscribeOutcome.RateLimited, fromOneClient[^1]);
        Assert.Equal(3 + 20, _email.Sent.Count);
    }
}
