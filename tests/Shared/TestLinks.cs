using NewsMonitor.Subscriptions;

namespace NewsMonitor.Tests;

/// <summary>Signed subscriber links for tests: a fixed test key (never a real one) and a fixed public address.</summary>
internal static class TestLinks
{
    /// <summary>32 bytes, base64: the smallest key <see cref="SubscriptionTokens"/> accepts.</summary>
    public static readonly string Key = Convert.ToBase64String("newsmonitor-test-key-32-bytes!!!"u8);

    public static SubscriberLinks Create(TimeProvider? clock = null, string baseUrl = "https://news.example/api/") =>
        new(new SubscriptionTokens(new TokenOptions { Key = Key }, clock ?? TimeProvider.System), new Uri(baseUrl));
}
