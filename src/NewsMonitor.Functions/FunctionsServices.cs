using NewsMonitor.Alerts;
using NewsMonitor.Analysis;
using NewsMonitor.Config;
using NewsMonitor.Dedup;
using NewsMonitor.Digest;
using NewsMonitor.Domain;
using NewsMonitor.Extraction;
using NewsMonitor.Fetching;
using NewsMonitor.Pipeline;
using NewsMonitor.Ports;
using NewsMonitor.Stages;

namespace NewsMonitor.Functions;

/// <summary>Where the handler finds its configuration: the package's <c>config/</c> folder unless settings say otherwise.</summary>
public sealed class FunctionsAppOptions
{
    /// <summary>Folder with <c>taxonomy.json</c>, <c>gazetteer/</c> and <c>sources.json</c>. Relative to the app root.</summary>
    public string Config { get; set; } = "config";

    /// <summary>The sources file; by default <c>sources.json</c> in <see cref="Config"/>.</summary>
    public string? Sources { get; set; }

    public EmailOptions Email { get; set; } = new();

    public FetchOptions Fetch { get; set; } = new();

    public HandlerOptions Handler { get; set; } = new();
}

/// <summary>
/// The stages and what they need, registered once. The ports (blob store, state stores, email) are registered by the
/// caller: Azure Storage and ACS in the app, SQLite and files in tests that do not need Azurite.
/// </summary>
public static class FunctionsServices
{
    public static IServiceCollection AddNewsMonitorStages(this IServiceCollection services, FunctionsAppOptions options, string appRoot)
    {
        string Rooted(string path) => Path.IsPathRooted(path) ? path : Path.Combine(appRoot, path);
        services.AddSingleton(options);
        services.AddSingleton(options.Handler);
        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<PipelineMetrics>();
        // Configuration is loaded on first use, not at start: readiness must not wait for the gazetteer.
        services.AddSingleton(_ => Taxonomy.Load(Path.Combine(Rooted(options.Config), "taxonomy.json")));
        services.AddSingleton(_ => Gazetteer.Load(Path.Combine(Rooted(options.Config), "gazetteer")));
        services.AddSingleton(_ => SourcesConfig.Load(Rooted(options.Sources ?? Path.Combine(options.Config, "sources.json"))));
        services.AddSingleton(sp => new ArticleAnalyzer(sp.GetRequiredService<Taxonomy>(), sp.GetRequiredService<Gazetteer>()));
        services.AddSingleton(sp => new EmailRenderer(sp.GetRequiredService<Taxonomy>(), sp.GetRequiredService<ArticleAnalyzer>().Countries.NameOf, options.Email));
        services.AddSingleton<IPageFetcher>(sp =>
        {
            var fetch = options.Fetch;
            fetch.OfflineMirror ??= sp.GetRequiredService<SourcesConfig>().OfflineMirror;
            return new PageFetcher(PageFetcher.CreateHttpClient(), fetch);
        });

        services.AddKeyedSingleton<IStage<TimerInfo>>(StageGraph.Names.FetchFeeds, (sp, _) =>
            new FetchFeedsStage(sp.GetRequiredService<SourcesConfig>(), sp.GetRequiredService<IPageFetcher>(), sp.GetRequiredService<IFetchStateStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddKeyedSingleton<IStage<FetchArticleMessage>>(StageGraph.Names.FetchArticle, (sp, _) =>
            new FetchArticleStage(sp.GetRequiredService<IPageFetcher>(), sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<IFetchStateStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddKeyedSingleton<IStage<RawArticle>>(StageGraph.Names.ClassifyArticle, (sp, _) =>
            new ClassifyArticleStage(new ArticleExtractor(), sp.GetRequiredService<ArticleAnalyzer>(), sp.GetRequiredService<IDedupIndex>(), sp.GetRequiredService<IFetchStateStore>(),
                new DedupRule(), new ClassifyOptions(), sp.GetRequiredService<TimeProvider>(), sp.GetService<IEntityEnricher>()));
        services.AddKeyedSingleton<IStage<ArticleClassifiedMessage>>(StageGraph.Names.StoreSummary, (sp, _) =>
            new StoreSummaryStage(sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<ISummaryIndex>(), sp.GetRequiredService<TimeProvider>()));
        services.AddKeyedSingleton<IStage<ArticleClassifiedMessage>>(StageGraph.Names.MatchAlerts, (sp, _) =>
            new MatchAlertsStage(sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<ISubscriptionStore>(), sp.GetRequiredService<IDeliveryLedger>()));
        services.AddKeyedSingleton<IStage<DeliverAlertMessage>>(StageGraph.Names.DeliverAlert, (sp, _) =>
            new DeliverAlertStage(sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<ISubscriptionStore>(), sp.GetRequiredService<IDeliveryLedger>(), sp.GetRequiredService<IEmailSender>(),
                sp.GetRequiredService<EmailRenderer>(), sp.GetRequiredService<IDedupIndex>(), sp.GetRequiredService<TimeProvider>(),
                new WebhookSender(new HttpClient(), new WebhookOptions(), sp.GetRequiredService<TimeProvider>())));
        services.AddKeyedSingleton<IStage<TimerInfo>>(StageGraph.Names.DailyDigest, (sp, _) =>
            new DailyDigestStage(sp.GetRequiredService<ISubscriptionStore>()));
        services.AddKeyedSingleton<IStage<DeliverDigestMessage>>(StageGraph.Names.DeliverDigest, (sp, _) =>
            new DeliverDigestStage(sp.GetRequiredService<ISummaryIndex>(), sp.GetRequiredService<ISubscriptionStore>(), sp.GetRequiredService<IDeliveryLedger>(), sp.GetRequiredService<IDedupIndex>(),
                sp.GetRequiredService<IEmailSender>(), sp.GetRequiredService<EmailRenderer>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<StageDispatcher>();
        return services;
    }
}
