using NewsMonitor.Domain;

namespace NewsMonitor.Pipeline;

public enum TriggerKind { Timer, Queue, Blob }

public enum OutputKind { Queue, Blob }

/// <summary>What starts a stage: a CRON schedule in UTC (six fields, seconds first), a queue name or a blob path pattern.</summary>
public sealed record Trigger(TriggerKind Kind, string Value);

/// <summary>A declared output of a stage. <see cref="Target"/> is a queue name or a blob path pattern such as <c>raw/{id}.json</c>.</summary>
public sealed record OutputBinding(string Name, OutputKind Kind, string Target);

/// <summary>One stage of the graph: its trigger, the message type it reads and the outputs it may write.</summary>
public sealed record StageDefinition(string Name, Trigger Trigger, Type InputType, IReadOnlyList<OutputBinding> Outputs);

/// <summary>
/// The pipeline topology, defined once. The embedded host and the Azure Functions host both read it;
/// a test checks it is closed (every queue written is read by a stage, every blob written triggers or is read).
/// </summary>
public static class StageGraph
{
    public static class Queues
    {
        public const string FetchArticle = "fetch-article";
        public const string StoreSummary = "store-summary";
        public const string MatchAlerts = "match-alerts";
        public const string DeliverAlert = "deliver-alert";
        public const string DeliverDigest = "deliver-digest";
    }

    public static class Containers
    {
        public const string Raw = "raw";
        public const string Articles = "articles";
    }

    public static class Names
    {
        public const string FetchFeeds = nameof(FetchFeeds);
        public const string FetchArticle = nameof(FetchArticle);
        public const string ClassifyArticle = nameof(ClassifyArticle);
        public const string StoreSummary = nameof(StoreSummary);
        public const string MatchAlerts = nameof(MatchAlerts);
        public const string DeliverAlert = nameof(DeliverAlert);
        public const string DailyDigest = nameof(DailyDigest);
        public const string DeliverDigest = nameof(DeliverDigest);
    }

    /// <summary>Every 15 minutes.</summary>
    public const string FetchFeedsSchedule = "0 */15 * * * *";

    /// <summary>07:00 in Vietnam (UTC+7, no DST) is 00:00 UTC; Flex Consumption has no WEBSITE_TIME_ZONE.</summary>
    public const string DailyDigestSchedule = "0 0 0 * * *";

    public static string RawBlobPath(string id) => $"{Containers.Raw}/{id}.json";

    public static string ArticleBlobPath(string id) => $"{Containers.Articles}/{id}.json";

    public static readonly IReadOnlyList<StageDefinition> Stages =
    [
        new(Names.FetchFeeds, new(TriggerKind.Timer, FetchFeedsSchedule), typeof(TimerInfo),
            [new("articles", OutputKind.Queue, Queues.FetchArticle)]),
        new(Names.FetchArticle, new(TriggerKind.Queue, Queues.FetchArticle), typeof(FetchArticleMessage),
            [new("raw", OutputKind.Blob, Containers.Raw + "/{id}.json")]),
        new(Names.ClassifyArticle, new(TriggerKind.Blob, Containers.Raw + "/{name}"), typeof(RawArticle),
            [new("summary", OutputKind.Blob, Containers.Articles + "/{id}.json"),
             new("store", OutputKind.Queue, Queues.StoreSummary),
             new("alerts", OutputKind.Queue, Queues.MatchAlerts)]),
        new(Names.StoreSummary, new(TriggerKind.Queue, Queues.StoreSummary), typeof(ArticleClassifiedMessage), []),
        new(Names.MatchAlerts, new(TriggerKind.Queue, Queues.MatchAlerts), typeof(ArticleClassifiedMessage),
            [new("deliveries", OutputKind.Queue, Queues.DeliverAlert)]),
        new(Names.DeliverAlert, new(TriggerKind.Queue, Queues.DeliverAlert), typeof(DeliverAlertMessage), []),
        new(Names.DailyDigest, new(TriggerKind.Timer, DailyDigestSchedule), typeof(TimerInfo),
            [new("digests", OutputKind.Queue, Queues.DeliverDigest)]),
        new(Names.DeliverDigest, new(TriggerKind.Queue, Queues.DeliverDigest), typeof(DeliverDigestMessage), []),
    ];

    public static StageDefinition Get(string name) =>
        Stages.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"No stage named '{name}'.", nameof(name));

    /// <summary>The stage a queue triggers.</summary>
    public static StageDefinition ConsumerOf(string queue) =>
        Stages.Single(s => s.Trigger.Kind == TriggerKind.Queue && s.Trigger.Value == queue);
}
