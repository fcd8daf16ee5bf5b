using System.Net;
using System.Net.Sockets;
using NewsMonitor.Local.Hosting;
using NewsMonitor.Pipeline;
using NewsMonitor.Tests;

namespace NewsMonitor.Cli.Tests;

public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("newsmon-bad-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static int ClosedPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port; // closed again when disposed: connections are refused
    }

    [Fact]
    public async Task BrokenInputs_AreReportedWithReasons_AndTheGoodArticleStillGoesThrough()
    {
        var mirror = Directory.CreateDirectory(Path.Combine(_dir, "mirror", "bad.example")).FullName;
        var goodPage = Directory.GetFiles(Path.Combine(RepoPaths.Samples, "mirror", "baochinhphu.vn"), "*.htm*").First();
        File.Copy(goodPage, Path.Combine(mirror, "good.html"));
        var garbage = new byte[20_000];
        new Random(42).NextBytes(garbage);
        File.WriteAllBytes(Path.Combine(mirror, "garbage.html"), garbage);
        File.WriteAllBytes(Path.Combine(mirror, "empty.html"), []);
        File.WriteAllText(Path.Combine(mirror, "huge.html"), "<html><body>" + string.Concat(Enumerable.Repeat("<p>Đoạn văn rất dài lặp lại nhiều lần.</p>", 10_000)) + "</body></html>");
        File.WriteAllText(Path.Combine(_dir, "feed.rss"), """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Bad</title>
              <item><title>Tốt</title><link>https://bad.example/good.html</link></item>
              <item><title>Rác nhị phân</title><link>https://bad.example/garbage.html</link></item>
              <item><title>Trang rỗng</title><link>https://bad.example/empty.html</link></item>
              <item><title>Quá lớn</title><link>https://bad.example/huge.html</link></item>
              <item><title>Không có</title><link>https://bad.example/missing.html</link></item>
              <item><title>Hỏng</title><link>http://bad.example:99999/x.html</link></item>
            </channel></rss>
            """);
        File.WriteAllText(Path.Combine(_dir, "sources.json"), $$"""
            { "offlineMirror": "mirror",
              "sources": [
                { "id": "bad", "outlet": "Bad Example", "type": "rss", "url": "feed.rss" },
                { "id": "down", "outlet": "Down", "type": "rss", "url": "http://127.0.0.1:{{ClosedPort()}}/rss.xml" },
                { "id": "not-a-feed", "outlet": "Not a feed", "type": "rss", "url": "mirror/bad.example/good.html" }
              ] }
            """);
        var options = new LocalAppOptions
        {
            Sources = Path.Combine(_dir, "sources.json"),
            Subscriptions = null,
            Config = RepoPaths.Config,
            Data = Path.Combine(_dir, "data"),
            Host = new LocalHostOptions { RetryDelay = TimeSpan.FromMilliseconds(10) },
        };
        options.Fetch.MaxBytes = 200_000;
        using var app = new LocalApp(options, TimeProvider.System);
        var report = await app.RunOnceAsync();

        string Reason(string code) => string.Join(" | ", report.Failures.Where(f => f.Outcome.Code == code).Select(f => f.Outcome.Subject + " " + f.Outcome.Detail));
        Assert.Contains("item 6 (Hỏng): invalid link 'http://bad.example:99999/x.html'", Reason(OutcomeCodes.InvalidItem));
        Assert.Contains("garbage.html", Reason(OutcomeCodes.NotHtml));
        Assert.Contains("empty.html", Reason(OutcomeCodes.EmptyPage));
        Assert.Contains("huge.html", Reason(OutcomeCodes.FetchFailed));
        Assert.Contains("over the size cap", Reason(OutcomeCodes.FetchFailed));
        Assert.Contains("missing.html", Reason(OutcomeCodes.FetchFailed));
        Assert.Contains("source 'down': unreachable", Reason(OutcomeCodes.FeedFailed));
        Assert.Contains("source 'not-a-feed'", Reason(OutcomeCodes.FeedFailed));
        Assert.Equal(1, report.Count(OutcomeCodes.Relevant));
    }
}
