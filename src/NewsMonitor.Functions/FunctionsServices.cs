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
using NewsMonitor.Subscriptions;

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

    /// <summary>The key that signs the links in emails (<c>NewsMonitor:Tokens:Key</c>, a Key Vault reference in Azure).</summary>
    public TokenOptions Tokens { get; set; } = new();

    /// <summary>Where the subscription pages are served, and the subscribe rate limits (<c>NewsMonitor:Subscriptions</c>).</summary>
    public SubscriptionServiceOptions Subscriptions { get; set; } = new();
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
        services.AddSingleton(sp => new EmailRenderer(sp.GetRequiredService<Taxonomy>(), sp.GetRequiredService<ArticleAnalyzer>().Countries.NameOf, sp.GetRequiredService<SubscriberLinks>()));
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

    /// <summary>
    /// The signed links of emails and the subscription pages' service. A missing or short signing key is a named
    /// problem (<c>/api/health</c>): the pages then answer 503 and the email stages fail naming it, so their messages
    /// end in the poison queue rather than go out without a working unsubscribe link.
    /// </summary>
    public static IServiceCollection AddNewsMonitorSubscriptions(this IServiceCollection services, FunctionsAppOptions options, ConfigurationProblems problems)
    {
        var baseUrl = options.Subscriptions.PublicBaseUrl
                      ?? new Uri(Environment.GetEnvironmentVariable("WEBSITE_HOSTNAME") is { Length: > 0 } host ? $"https://{host}/api/" : "http://localhost:7071/api/");
        try
        {
            _ = new SubscriptionTokens(options.Tokens, TimeProvider.System); // checks the key now, to report it at start
            services.AddSingleton(sp => new SubscriberLinks(new SubscriptionTokens(options.Tokens, sp.GetRequiredService<TimeProvider>()), baseUrl));
        }
        catch (ArgumentException e)
        {
            problems.Add("tokens", e.Message);
            services.AddSingleton<SubscriberLinks>(_ => throw new AppConfigurationException($"links cannot be signed: {e.Message}"));
        }
        services.AddSingleton(sp => new SubscriptionService(sp.GetRequiredService<ISubscriptionStore>(), sp.GetRequiredService<IEmailSender>(), sp.GetRequiredService<SubscriberLinks>(), options.Subscriptions));
        services.AddSingleton(sp => SubscriptionSite.Create(sp.GetRequiredService<SubscriptionService>(), sp.GetRequiredService<Taxonomy>(), sp.GetRequiredService<Gazetteer>(),
            sp.GetRequiredService<SubscriberLinks>(), sp.GetRequiredService<ISummaryIndex>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
