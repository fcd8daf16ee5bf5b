using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Alerts;
using NewsMonitor.Digest;
using NewsMonitor.Domain;
using NewsMonitor.Pipeline;
using NewsMonitor.Stages;
using NewsMonitor.Tests;

namespace NewsMonitor.Local.Tests;

/// <summary>A webhook receiver on 127.0.0.1 (a real HTTP server): records each post and answers with the next status in line.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public WebhookReceiver(params HttpStatusCode[] answers)
    {
        Answers = new ConcurrentQueue<HttpStatusCode>(answers);
        int port = FreePort.Next();
        Url = new Uri($"http://127.0.0.1:{port}/hooks/T000/B000/secret-part/");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                Posts.Add((await reader.ReadToEndAsync(), context.Request.Headers["Idempotency-Key"], context.Request.ContentType));
                context.Response.StatusCode = (int)(Answers.TryDequeue(out var status) ? status : HttpStatusCode.OK);
                context.Response.Close();
            }
        });
    }

    public Uri Url { get; }
    public ConcurrentQueue<HttpStatusCode> Answers { get; }
    public ConcurrentBag<(string Body, string? IdempotencyKey, string? ContentType)> Posts { get; } = [];

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

public sealed class WebhookTests
{

    private static readonly Subscription Sub = new("hook", "a@example.vn", "vi", [], [], [], true, false);

    private static DigestStory Story(string title = "Anh & Việt Nam <ký> bản ghi nhớ") => new(
        SampleSummary.Of("s1", title),
        [new OutletLink("VnExpress", "https://vnexpress.net/a.html", "s1"), new OutletLink("Chrome", "javascript:alert(1)", "s2")]);

    [Fact]
    public void SlackTeamsAndJson_CarryTheStory_WithWebTextEscapedAndUnsafeLinksDropped()
    {
        var slack = JsonDocument.Parse(WebhookPayload.Alert(WebhookFormat.Slack, Sub, Story(), ["health"], "alert:hook:s1")).RootElement;
        Assert.Contains("Anh &amp; Việt Nam &lt;ký&gt;", slack.GetProperty("text").GetString());
        Assert.Equal("section", slack.GetProperty("blocks")[0].GetProperty("type").GetString());

        var teams = JsonDocument.Parse(WebhookPayload.Alert(WebhookFormat.Teams, Sub, Story(), ["health"], "alert:hook:s1")).RootElement;
        var card = teams.GetProperty("attachments")[0].GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        var title = card.GetProperty("body")[0];
        Assert.Equal("RichTextBlock", title.GetProperty("type").GetString()); // plain text runs: no Markdown from the web
        Assert.Equal("Anh & Việt Nam <ký> bản ghi nhớ", title.GetProperty("inlines")[0].GetProperty("text").GetString());
        Assert.Equal(["https://vnexpress.net/a.html"], card.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("url").GetString()));

        var json = JsonDocument.Parse(WebhookPayload.Alert(WebhookFormat.Json, Sub, Story(), ["health"], "alert:hook:s1")).RootElement;
        Assert.Equal("alert:hook:s1", json.GetProperty("deliveryKey").GetString());
        Assert.Equal("GB", json.GetProperty("story").GetProperty("partners")[0].GetString());
        Assert.Single(json.GetProperty("story").GetProperty("outlets").EnumerateArray());
    }

    [Fact]
    public async Task Sender_RetriesAServerError_AndGivesUpOnAClientError()
    {
        using var receiver = new WebhookReceiver(HttpStatusCode.ServiceUnavailable, HttpStatusCode.InternalServerError);
        using var http = new HttpClient();
        var sender = new WebhookSender(http, new WebhookOptions { FirstPause = TimeSpan.Zero }, TimeProvider.System);

        var delivered = await sender.SendAsync(receiver.Url, "{}", "alert:hook:s1");
        Assert.Equal(new WebhookResult(true, 3, null), delivered);
        Assert.All(receiver.Posts, p => Assert.Equal("alert:hook:s1", p.IdempotencyKey));
        Assert.All(receiver.Posts, p => Assert.StartsWith("application/json", p.ContentType));

        receiver.Answers.Enqueue(HttpStatusCode.Gone);
        var gone = await sender.SendAsync(receiver.Url, "{}", "alert:hook:s2");
        Assert.False(gone.Delivered);
        Assert.Equal(1, gone.Attempts); // 410: retrying will not help
    }
}

/// <summary>The alert stage with a webhook subscriber, over the SQLite store and a real HTTP receiver.</summary>
public sealed class WebhookStageTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly NewsMonitor.Local.Storage.SqliteStore _store;
    private readonly NewsMonitor.Local.Storage.FileBlobStore _blobs;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 11, 1, 1, 0, 0, TimeSpan.Zero));
    private readonly RecordingSender _email = new();
    private readonly HttpClient _http = new();

    public WebhookStageTests()
    {
        _store = new NewsMonitor.Local.Storage.SqliteStore(Path.Combine(_dir.Path, "db.sqlite"));
        _blobs = new NewsMonitor.Local.Storage.FileBlobStore(Path.Combine(_dir.Path, "blobs"));
    }

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    private async Task<(DeliverAlertStage Stage, DeliverAlertMessage Message)> Setup(Uri hook, WebhookFormat format)
    {
        var summary = SampleSummary.Of("s1", "Anh hỗ trợ y tế");
        await _blobs.WriteAsync(StageGraph.ArticleBlobPath(summary.Id), Json.ToUtf8(summary));
        await _store.UpsertAsync(new Subscription("hook", "a@example.vn", "vi", ["health"], [], [], true, false, Webhook: hook, WebhookFormat: format));
        var taxonomy = NewsMonitor.Config.Taxonomy.Load(Path.Combine(NewsMonitor.Tests.RepoPaths.Config, "taxonomy.json"));
        var stage = new DeliverAlertStage(_blobs, _store, _store, _email, new EmailRenderer(taxonomy, c => c, TestLinks.Create(_clock)), _store, _clock,
            new WebhookSender(_http, new WebhookOptions { FirstPause = TimeSpan.Zero }, _clock));
        return (stage, new DeliverAlertMessage("hook", summary.Cluster.Id, summary.Id));
    }

    [Fact]
    public async Task AWebhookSubscriber_GetsTheAlertAtTheWebhook_OnceAndNotByEmail()
    {
        using var receiver = new WebhookReceiver();
        var (stage, message) = await Setup(receiver.Url, WebhookFormat.Slack);

        Assert.Equal(OutcomeCodes.AlertSent, (await stage.HandleAsync(message)).Outcomes.Single().Code);
        Assert.Equal(OutcomeCodes.AlreadyDelivered, (await stage.HandleAsync(message)).Outcomes.Single().Code);

        var post = Assert.Single(receiver.Posts);
        Assert.Contains("Anh hỗ trợ y tế", JsonDocument.Parse(post.Body).RootElement.GetProperty("text").GetString());
        Assert.Empty(_email.Sent);
    }

    [Fact]
    public async Task AWebhookThatKeepsFailing_IsDeadLettered_WithoutItsSecretPath_AndNotSentTwice()
    {
        using var receiver = new WebhookReceiver(HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable);
        var (stage, message) = await Setup(receiver.Url, WebhookFormat.Json);

        var outcome = (await stage.HandleAsync(message)).Outcomes.Single();
        Assert.Equal(OutcomeCodes.AlertDeadLettered, outcome.Code);
        Assert.Contains("3 attempts", outcome.Detail);
        var key = DeliverAlertStage.Key("hook", message.ClusterId);
        var letter = JsonDocument.Parse((await _blobs.ReadAsync(DeliverAlertStage.DeadLetterPath(key)))!).RootElement;
        Assert.Equal(key, letter.GetProperty("key").GetString());
        Assert.Equal("127.0.0.1", letter.GetProperty("webhook").GetString());
        Assert.DoesNotContain("secret-part", letter.GetRawText());
        Assert.Equal(OutcomeCodes.AlreadyDelivered, (await stage.HandleAsync(message)).Outcomes.Single().Code);
        Assert.Equal(3, receiver.Posts.Count);
    }
}
