namespace NewsMonitor.Domain;

// Queue messages carry ids and small fields, never article bodies (a queue message is at most 64 KiB).

/// <summary>Message on <c>fetch-article</c>: one new feed item.</summary>
public sealed record FetchArticleMessage(string Id, string Url, string SourceId, string Outlet, string? FeedTitle, DateTimeOffset? FeedPublished);

/// <summary>Message on <c>store-summary</c> and <c>match-alerts</c>: a structured summary was written.</summary>
public sealed record ArticleClassifiedMessage(string Id, string ClusterId, bool Representative);

/// <summary>Message on <c>deliver-alert</c>: one (subscription, story) pair to alert.</summary>
public sealed record DeliverAlertMessage(string SubscriptionId, string ClusterId, string ArticleId);

/// <summary>Message on <c>deliver-digest</c>: one digest to send.</summary>
/// <param name="Date">The Vietnam-time date the digest is for (yyyy-MM-dd).</param>
/// <param name="WindowEnd">Stories first seen before this instant are included.</param>
public sealed record DeliverDigestMessage(string SubscriptionId, string Date, DateTimeOffset WindowEnd);

/// <summary>Timer trigger payload.</summary>
public sealed record TimerInfo(DateTimeOffset FiredAt, bool IsPastDue = false);

/// <summary>What queue messages are about, for outcomes and logs.</summary>
public static class QueueMessages
{
    /// <summary>The subject of a message: the URL to fetch, the article, or the (subscription, story/date) pair.</summary>
    public static string Describe(object message) => message switch
    {
        FetchArticleMessage f => f.Url,
        ArticleClassifiedMessage a => a.Id,
        DeliverAlertMessage d => $"{d.SubscriptionId}/{d.ClusterId}",
        DeliverDigestMessage d => $"{d.SubscriptionId}/{d.Date}",
        _ => message.GetType().Name,
    };
}
