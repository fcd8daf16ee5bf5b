using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Config;
using NewsMonitor.Digest;
using NewsMonitor.Domain;
using NewsMonitor.Local.Email;
using NewsMonitor.Local.Storage;
using NewsMonitor.Pipeline;
using NewsMonitor.Stages;
using NewsMonitor.Tests;

namespace NewsMonitor.Local.Tests;

/// <summary>Alerts and digests delivered over SMTP to a real server (maildev), read back from its API.</summary>
public sealed class MaildevDeliveryTests : IAsyncLifetime, IDisposable
{
    private static readonly Taxonomy Taxonomy = Taxonomy.Load(Path.Combine(RepoPaths.Config, "taxonomy.json"));
    private readonly TempFolder _dir = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 11, 1, 1, 0, 0, TimeSpan.Zero));
    private readonly EmailOptions _options = new() { From = "NewsMonitor <tin@newsmonitor.example>" };
    private Maildev _maildev = null!;
    private SqliteStore _store = null!;
    private FileBlobStore _blobs = null!;

    public async Task InitializeAsync()
    {
        _maildev = await Maildev.StartAsync();
        _store = new SqliteStore(Path.Combine(_dir.Path, "db.sqlite"));
        _blobs = new FileBlobStore(Path.Combine(_dir.Path, "blobs"));
    }

    public async Task DisposeAsync() => await _maildev.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private SmtpEmailSender Smtp() => new(new SmtpOptions { Host = "127.0.0.1", Port = _maildev.SmtpPort }, _options);

    private DeliverAlertStage AlertStage() =>
        new(_blobs, _store, _store, Smtp(), new EmailRenderer(Taxonomy, c => c == "GB" ? "Vương quốc Anh" : c, TestLinks.Create(_clock)), _store, _clock);

    private static StructuredSummary Story(string title, string url = "https://vnexpress.net/a.html") => SampleSummary.Of("s1", title) with { Url = url };

    [Fact]
    public async Task ADigestOverSmtp_ArrivesWithBothParts_TheUnsubscribeHeader_EscapedWebText_AndNoInjectedHeader()
    {
        var sub = new Subscription("s", "lan@example.vn", "vi", [], [], [], false, true);
        var evil = Story("Tin <script>alert(1)</script>\r\nBcc: victim@example.vn", "https://vnexpress.net/a.html");
        var renderer = new EmailRenderer(Taxonomy, c => c == "GB" ? "Vương quốc Anh" : c, TestLinks.Create(_clock));
        var mail = renderer.RenderDigest(sub, "2025-11-01", [new DigestStory(evil, [new OutletLink("VnExpress", evil.Url, "s1"), new OutletLink("Lạ", "javascript:alert(1)", "s2")])]);

        await Smtp().SendAsync(mail);

        var received = Assert.Single(await _maildev.WaitForAsync(1));
        Assert.Equal("lan@example.vn", received.GetProperty("to")[0].GetProperty("address").GetString());
        Assert.DoesNotContain('\n', received.GetProperty("subject").GetString()!);
        var html = received.GetProperty("html").GetString()!;
        var text = received.GetProperty("text").GetString()!;
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.Contains("https://vnexpress.net/a.html", html);
        Assert.Contains("https://vnexpress.net/a.html", text);
        var source = (await _maildev.SourceAsync(received.GetProperty("id").GetString()!)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var headers = System.Text.RegularExpressions.Regex.Replace(source[..source.IndexOf("\n\n", StringComparison.Ordinal)], "\n[ \t]+", " "); // unfolded
        // One-click unsubscribe (RFC 8058): a signed HTTPS link in the header, the POST flag, and the same link visible in both parts.
        var unsubscribe = System.Text.RegularExpressions.Regex.Match(headers, "(?m)^List-Unsubscribe: <(https://news\\.example/api/unsubscribe\\?token=[^>]+)>$").Groups[1].Value;
        Assert.NotEmpty(unsubscribe);
        Assert.Contains("\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\n", headers);
        Assert.Contains($"<a href=\"{unsubscribe.Replace("&", "&amp;", StringComparison.Ordinal)}\" style=\"color:#0b5394;\">Hủy đăng ký</a>", html);
        Assert.Contains("Hủy đăng ký: " + unsubscribe, text);
        Assert.Contains("Thay đổi lựa chọn: https://news.example/api/preferences?token=", text);
        Assert.DoesNotContain("\nBcc:", headers, StringComparison.OrdinalIgnoreCase); // the headline's line break stayed in the body
        Assert.DoesNotContain("victim@example.vn", received.GetProperty("to").GetRawText() + (received.TryGetProperty("bcc", out var bcc) ? bcc.GetRawText() : ""));
    }

    [Fact]
    public async Task TheSameAlertDeliveredThreeTimes_AndTwoWorkersRacingOnIt_GiveOneEmail()
    {
        var summary = Story("Anh hỗ trợ y tế TP.HCM");
        await _blobs.WriteAsync(StageGraph.ArticleBlobPath(summary.Id), Json.ToUtf8(summary));
        await _store.UpsertAsync(new Subscription("s", "lan@example.vn", "vi", ["health"], [], [], true, false));
        await _store.UpsertAsync(new Subscription("t", "an@example.vn", "en", ["health"], [], [], true, false));
        var forS = new DeliverAlertMessage("s", summary.Cluster.Id, summary.Id);
        var forT = new DeliverAlertMessage("t", summary.Cluster.Id, summary.Id);

        var stage = AlertStage();
        for (int i = 0; i < 3; i++) await stage.HandleAsync(forS);
        var racers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => AlertStage().HandleAsync(forT))));

        var received = await _maildev.WaitForAsync(2);
        Assert.Equal(["an@example.vn", "lan@example.vn"], received.Select(m => m.GetProperty("to")[0].GetProperty("address").GetString()).Order());
        Assert.Single(racers, r => r.Outcomes.Single().Code == OutcomeCodes.AlertSent);
        Assert.Contains("Anh hỗ trợ y tế TP.HCM", received[0].GetProperty("subject").GetString());
    }

    [Fact]
    public async Task ManyEmailsAtOnce_GoOverTheKeptConnections_AndAllArrive()
    {
        // IdleCheck zero: every reuse first checks the connection with NOOP, the path a long-idle connection takes.
        using var sender = new SmtpEmailSender(new SmtpOptions { Host = "127.0.0.1", Port = _maildev.SmtpPort, MaxConnections = 3, IdleCheck = TimeSpan.Zero }, new EmailOptions());
        var mails = Enumerable.Range(0, 24).Select(i => new EmailMessage($"reader{i}@example.vn", $"Thư số {i}", $"<p>{i}</p>", $"{i}", new Dictionary<string, string>())).ToList();
        await Parallel.ForEachAsync(mails, new ParallelOptions { MaxDegreeOfParallelism = 6 }, (m, c) => new ValueTask(sender.SendAsync(m, c)));
        await sender.SendAsync(mails[0] with { Subject = "Thư cuối" }); // after the burst, over a kept connection
        var received = await _maildev.WaitForAsync(25);
        Assert.Equal(25, received.Count);
        Assert.Equal(mails.Select(m => m.Subject).Append("Thư cuối").Order(), received.Select(m => m.GetProperty("subject").GetString()).Order());
    }
}
