using System.Text.Json;
using Azure;
using NewsMonitor.Azure.Email;
using NewsMonitor.Domain;

namespace NewsMonitor.Azure.Tests;

public sealed class AcsEmailSenderTests : IAsyncLifetime
{
    private readonly SteppedTimeProvider _clock = new(new DateTimeOffset(2025, 11, 2, 0, 0, 0, TimeSpan.Zero));
    private readonly TestCredential _credential = new();
    private FakeEmailService _service = null!;

    public async Task InitializeAsync() => _service = await FakeEmailService.StartAsync(_clock);

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private static EmailMessage Message(string? key = "alert:s1:c1", string html = "<p>Xin chào</p>") =>
        new("an@example.vn", "[Cảnh báo] Đức hỗ trợ 15 triệu euro", html, "Xin chào",
            new Dictionary<string, string> { ["List-Unsubscribe"] = "<mailto:unsubscribe@news.example.vn?subject=unsubscribe%20s1>", ["X-NewsMonitor-Subscription"] = "s1" })
        { DeliveryKey = key };

    /// <summary>A sender whose polls wait on real time (short intervals): for tests that do not look at the waits.</summary>
    private AcsEmailSender Sender(AcsEmailOptions? options = null) => new(options ?? _service.Options(), _credential);

    /// <summary>A sender on the stepped clock: the test advances time exactly when the sender waits.</summary>
    private AcsEmailSender SteppedSender(AcsEmailOptions? options = null) => new(options ?? _service.Options(), _credential, _clock);

    private IReadOnlyList<RecordedRequest> Posts => _service.Requests.Where(r => r.Method == "POST").ToList();

    private IReadOnlyList<RecordedRequest> Polls => _service.Requests.Where(r => r.Method == "GET").ToList();

    [Fact]
    public async Task Send_PostsTheDocumentedMessageWithABearerToken_ThenPollsTheOperationUntilSucceeded()
    {
        var result = await Sender().SendAndWaitAsync(Message());

        var post = Assert.Single(Posts);
        Assert.Equal("/emails:send", post.Path);
        Assert.Equal("2025-09-01", post.QueryValue("api-version"));
        Assert.Equal("Bearer token-1", post.Header("Authorization"));
        Assert.Equal(["https://communication.azure.com/.default"], _credential.Scopes.Distinct());
        Assert.Equal(AcsEmailSender.OperationId(Message()), post.Header("Operation-Id"));
        Assert.NotNull(post.Header("x-ms-client-request-id"));
        var body = JsonDocument.Parse(post.Body).RootElement;
        Assert.Equal(FakeEmailService.Sender, body.GetProperty("senderAddress").GetString());
        Assert.Equal("[Cảnh báo] Đức hỗ trợ 15 triệu euro", body.GetProperty("content").GetProperty("subject").GetString());
        Assert.Equal("Xin chào", body.GetProperty("content").GetProperty("plainText").GetString());
        Assert.Equal("<p>Xin chào</p>", body.GetProperty("content").GetProperty("html").GetString());
        Assert.Equal("an@example.vn", body.GetProperty("recipients").GetProperty("to")[0].GetProperty("address").GetString());
        Assert.Equal("<mailto:unsubscribe@news.example.vn?subject=unsubscribe%20s1>", body.GetProperty("headers").GetProperty("List-Unsubscribe").GetString());
        Assert.True(body.GetProperty("userEngagementTrackingDisabled").GetBoolean());
        Assert.False(body.TryGetProperty("replyTo", out _));

        var poll = Assert.Single(Polls);
        Assert.Equal($"/emails/operations/{result.OperationId}", poll.Path);
        Assert.Equal("2025-09-01", poll.QueryValue("api-version"));
        Assert.StartsWith("Bearer token-", poll.Header("Authorization"));
        Assert.Equal(new EmailSendResult(post.Header("Operation-Id")!, "Succeeded"), result);
        Assert.Single(_service.Accepted);
    }

    [Fact]
    public void OperationId_IsAUuidFromTheDeliveryKeyAndRecipient_OrFromTheContentWithoutAKey()
    {
        var id = AcsEmailSender.OperationId(Message());
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
        Assert.Equal(id, AcsEmailSender.OperationId(Message(html: "<p>rendered again, one more outlet</p>")));
        Assert.NotEqual(id, AcsEmailSender.OperationId(Message(key: "alert:s1:c2")));
        Assert.NotEqual(id, AcsEmailSender.OperationId(Message() with { To = "other@example.vn" }));
        var unkeyed = AcsEmailSender.OperationId(Message(key: null));
        Assert.Equal(unkeyed, AcsEmailSender.OperationId(Message(key: null)));
        Assert.NotEqual(unkeyed, AcsEmailSender.OperationId(Message(key: null, html: "<p>other</p>")));
    }

    [Fact]
    public async Task SendingTheSameDeliveryAgain_ReusesTheOperationId_SoTheServiceSendsItOnce()
    {
        await Sender().SendAsync(Message());
        await Sender().SendAsync(Message(html: "<p>rendered again</p>"));
        Assert.Equal(2, Posts.Count);
        Assert.Equal(Posts[0].Header("Operation-Id"), Posts[1].Header("Operation-Id"));
        Assert.Single(_service.Accepted);
    }

    [Fact]
    public async Task TooManyRequests_WithRetryAfter_IsRetriedNoSoonerThanAsked_WithTheSameOperationId()
    {
        _service.Scripted.Enqueue(c => FakeLanguageService.Respond(c, 429, FakeLanguageService.Error("TooManyRequests", "Too many requests, retry after 1 second."), ("Retry-After", "1")));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Sender().SendAsync(Message());

        Assert.Equal(2, Posts.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {watch.Elapsed}");
        Assert.Equal(Posts[0].Header("Operation-Id"), Posts[1].Header("Operation-Id"));
        Assert.Equal(Posts[0].Body, Posts[1].Body);
    }

    [Fact]
    public async Task ServerErrors_AreRetriedWithTheSameOperationId_ThenThrowAClearException()
    {
        for (int i = 0; i < 4; i++) _service.Scripted.Enqueue(c => FakeLanguageService.Respond(c, 503, "Service Unavailable"));
        var e = await Assert.ThrowsAsync<RequestFailedException>(() => Sender().SendAsync(Message()));
        Assert.Equal(503, e.Status);
        Assert.Equal("ACS Email send failed: HTTP 503 Service Unavailable, and the body is not an Azure error object: Service Unavailable", e.Message);
        Assert.Equal(4, Posts.Count);
        Assert.Single(Posts.Select(p => p.Header("Operation-Id")).Distinct());
    }

    [Fact]
    public async Task BadRequest_ThrowsNamingTheServiceErrorCodeAndMessage_WithoutRetrying()
    {
        var options = _service.Options();
        options.SenderAddress = "someone@unverified.example";
        var e = await Assert.ThrowsAsync<RequestFailedException>(() => Sender(options).SendAsync(Message()));
        Assert.Equal(400, e.Status);
        Assert.Equal("BadRequest", e.ErrorCode);
        Assert.Equal("ACS Email send failed: HTTP 400 Bad Request, error BadRequest: The request is missing a sender, subject or recipient.", e.Message);
        Assert.Single(_service.Requests);
    }

    [Fact]
    public async Task Polling_WaitsWhatRetryAfterSays_OnTheInjectedClock()
    {
        _service.RetryAfterSeconds = 20;
        _service.Statuses = ["Running", "Succeeded"];
        var sending = SteppedSender().SendAndWaitAsync(Message());

        Assert.Equal(TimeSpan.FromSeconds(20), await _clock.AdvanceToNextTimerAsync());
        Assert.Equal(TimeSpan.FromSeconds(20), await _clock.AdvanceToNextTimerAsync());
        Assert.Equal("Succeeded", (await sending.WaitAsync(TimeSpan.FromSeconds(30))).Status);

        var start = Posts.Single().At;
        Assert.Equal([TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40)], Polls.Select(p => p.At - start));
    }

    [Fact]
    public async Task Polling_WithoutRetryAfter_UsesThePollInterval()
    {
        var options = _service.Options();
        options.PollInterval = TimeSpan.FromSeconds(3);
        var sending = SteppedSender(options).SendAsync(Message());
        Assert.Equal(TimeSpan.FromSeconds(3), await _clock.AdvanceToNextTimerAsync());
        await sending.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(Polls);
    }

    [Fact]
    public async Task Polling_StopsAtMaxPollWait_WithATimeoutNamingTheOperation()
    {
        _service.RetryAfterSeconds = 100;
        _service.Statuses = ["Running"];
        var options = _service.Options();
        options.MaxPollWait = TimeSpan.FromSeconds(150);
        var sending = SteppedSender(options).SendAsync(Message());

        Assert.Equal(TimeSpan.FromSeconds(100), await _clock.AdvanceToNextTimerAsync());
        var e = await Assert.ThrowsAsync<TimeoutException>(() => sending.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal($"ACS Email operation {AcsEmailSender.OperationId(Message())} is still Running after 100 s, and the next poll would pass MaxPollWait (150 s). Sending the same delivery again reuses this Operation-Id.", e.Message);
        Assert.Single(Polls);
    }

    [Theory]
    [InlineData("Failed", "EmailDropped", "Email was dropped after several attempts to deliver.")]
    [InlineData("Canceled", "Canceled", "The operation was canceled.")]
    public async Task AnOperationThatFailsOrIsCanceled_ThrowsNamingItsError(string status, string code, string message)
    {
        _service.Statuses = [status];
        var e = await Assert.ThrowsAsync<EmailSendFailedException>(() => Sender().SendAsync(Message()));
        Assert.Equal(status, e.Status);
        Assert.Equal(code, e.ErrorCode);
        Assert.Equal($"ACS Email operation {AcsEmailSender.OperationId(Message())} ended {status}: {code}: {message}", e.Message);
    }

    [Fact]
    public async Task Conflict_TheFirstRequestStillInProgress_IsFollowedNotResent()
    {
        // Accept the message first (the "lost" first try), then answer the retry with 409 as ACS's repeatable requests do.
        _service.Statuses = ["Running", "Succeeded"];
        var id = AcsEmailSender.OperationId(Message());
        await Sender().SendAsync(Message());
        _service.Scripted.Enqueue(c => FakeLanguageService.Respond(c, 409, FakeLanguageService.Error("Conflict", "The original request is still in progress.")));

        var result = await Sender().SendAndWaitAsync(Message());
        Assert.Equal(new EmailSendResult(id, "Succeeded"), result);
        Assert.Equal($"/emails/operations/{id}", Polls.Last().Path);
        Assert.Single(_service.Accepted);
    }

    [Fact]
    public async Task AnOperationLocationOnAnotherHost_IsNotFollowed()
    {
        _service.OperationHost = "https://elsewhere.example";
        var result = await Sender().SendAndWaitAsync(Message());
        Assert.Equal("Succeeded", result.Status);
        Assert.Equal($"/emails/operations/{result.OperationId}", Assert.Single(Polls).Path);
    }

    [Theory]
    [InlineData("{\"id\":\"x\",\"status\":", "the body is not JSON")]
    [InlineData("<html>gateway</html>", "the body is not JSON")]
    [InlineData("{\"id\":\"x\"}", "the body has no operation status")]
    public async Task AStatusBodyThatIsNotTheDocumentedJson_ThrowsAClearException(string body, string expected)
    {
        // The send is accepted; the poll gets garbage.
        _service.ScriptedPolls.Enqueue(c => FakeLanguageService.Respond(c, 200, body));
        var e = await Assert.ThrowsAsync<RequestFailedException>(() => Sender().SendAsync(Message()));
        Assert.StartsWith($"ACS Email operation {AcsEmailSender.OperationId(Message())} status: HTTP 200 but {expected}", e.Message);
    }

    [Fact]
    public void Options_Invalid_ListEveryProblemByName()
    {
        var e = Assert.Throws<ArgumentException>(() => new AcsEmailSender(new AcsEmailOptions { Endpoint = new Uri("http://acs.example"), SenderAddress = "News <news@example.vn>", MaxPollWait = TimeSpan.Zero }, _credential));
        Assert.Contains("AcsEmail:Endpoint must be an absolute https URI", e.Message);
        Assert.Contains("AcsEmail:SenderAddress 'News <news@example.vn>' is not a bare email address", e.Message);
        Assert.Contains("AcsEmail:MaxPollWait is 00:00:00; it must be positive.", e.Message);
        Assert.Contains("AcsEmail:SenderAddress is required", Assert.Throws<ArgumentException>(() => new AcsEmailSender(new AcsEmailOptions { Endpoint = new Uri("https://acs.example") }, _credential)).Message);
        Assert.Empty(new AcsEmailOptions { Endpoint = new Uri("https://acs.example"), SenderAddress = "DoNotReply@example.vn" }.Validate());
    }
}
