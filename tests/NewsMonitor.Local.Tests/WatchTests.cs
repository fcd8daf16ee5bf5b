using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Local.Hosting;
using NewsMonitor.Pipeline;
using NewsMonitor.Tests;

namespace NewsMonitor.Local.Tests;

public sealed class WatchTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Watch_FiresFetchFeedsOnTheQuarterHour_AndTheDigestAtMidnightUtc()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 11, 1, 23, 44, 59, TimeSpan.Zero));
        var options = new LocalAppOptions
        {
            Sources = Path.Combine(RepoPaths.Samples, "sources.json"),
            Subscriptions = Path.Combine(RepoPaths.Samples, "subscriptions.json"),
            Config = RepoPaths.Config,
            Data = _dir.Path,
        };
        using var app = new LocalApp(options, clock);
        var fired = new List<string>();
        using var stop = new CancellationTokenSource();
        var watch = app.Pipeline.WatchAsync((name, _) => { lock (fired) fired.Add(name); }, stop.Token);

        async Task Until(Func<bool> condition)
        {
            for (int i = 0; i < 600 && !condition(); i++) await Task.Delay(50);
            Assert.True(condition());
        }

        await Until(() => { lock (fired) return fired.Contains("FetchFeeds (next)"); });
        Assert.Equal(0, app.Pipeline.Report.Count(OutcomeCodes.Queued));
        clock.Advance(TimeSpan.FromSeconds(1)); // 23:45:00: FetchFeeds is due
        await Until(() => app.Pipeline.Report.Count(OutcomeCodes.Stored) == 33);
        Assert.Equal(0, app.Pipeline.Report.Count(OutcomeCodes.DigestSent));

        clock.Advance(TimeSpan.FromMinutes(15)); // 00:00 UTC = 07:00 in Vietnam: FetchFeeds and DailyDigest are both due
        await Until(() => app.Pipeline.Report.Count(OutcomeCodes.DigestSent) >= 1);
        lock (fired) Assert.Contains("DailyDigest", fired);
        await stop.CancelAsync();
        await watch;
    }
}
