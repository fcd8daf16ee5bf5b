using NewsMonitor.Alerts;
using NewsMonitor.Analysis;
using NewsMonitor.Config;
using NewsMonitor.Dedup;
using NewsMonitor.Digest;
using NewsMonitor.Extraction;
using NewsMonitor.Fetching;
using NewsMonitor.Local.Email;
using NewsMonitor.Local.Storage;
using NewsMonitor.Ports;
using NewsMonitor.Stages;

namespace NewsMonitor.Local.Hosting;

/// <summary>Where the embedded host reads its configuration and keeps its data. Relative paths are relative to the working folder.</summary>
public sealed class LocalAppOptions
{
    /// <summary>The sources file. The default is the bundled offline samples.</summary>
    public string Sources { get; set; } = "samples/sources.json";

    /// <summary>Subscriptions loaded (upserted) into the store at start; none when empty.</summary>
    public string? Subscriptions { get; set; } = "samples/subscriptions.json";

    /// <summary>Folder with <c>taxonomy.json</c> and <c>gazetteer/</c>.</summary>
    public string Config { get; set; } = "config";

    /// <summary>Folder for the SQLite file, blobs and the outbox.</summary>
    public string Data { get; set; } = ".data";

    public SmtpOptions Smtp { get; set; } = new();

    public EmailOptions Email { get; set; } = new();

    public FetchOptions Fetch { get; set; } = new();

    public LocalHostOptions Host { get; set; } = new();

    public string OutboxFolder => Path.Combine(Data, "outbox");

    public string BlobFolder => Path.Combine(Data, "blobs");

    public string DatabaseFile => Path.Combine(Data, "newsmonitor.db");
}

/// <summary>The embedded default, wired: configuration loaded and validated, adapters created, stages built.</summary>
public sealed class LocalApp : IDisposable
{
    public LocalAppOptions Options { get; }

    public SqliteStore Store { get; }

    public FileBlobStore Blobs { get; }

    public IEmailSender Email { get; }

    public Taxonomy Taxonomy { get; }

    public Gazetteer Gazetteer { get; }

    public SourcesConfig Sources { get; }

    public ArticleAnalyzer Analyzer { get; }

    public LocalPipeline Pipeline { get; }

    private readonly HttpClient _http;
    private readonly HttpClient _webhookHttp = new();

    /// <summary>Loads everything; throws <see cref="ConfigException"/> naming the file and JSON path of a bad configuration.</summary>
    public LocalApp(LocalAppOptions options, TimeProvider clock, IEmailSender? email = null, HttpClient? http = null)
    {
        Options = options;
        Taxonomy = Taxonomy.Load(Path.Combine(options.Config, "taxonomy.json"));
        Gazetteer = Gazetteer.Load(Path.Combine(options.Config, "gazetteer"));
        Sources = SourcesConfig.Load(options.Sources);
        var subscriptions = string.IsNullOrEmpty(options.Subscriptions) ? [] : SubscriptionsConfig.Load(options.Subscriptions, Taxonomy, Gazetteer);

        Store = new SqliteStore(options.DatabaseFile);
        foreach (var s in subscriptions) Store.UpsertAsync(s).GetAwaiter().GetResult();
        Blobs = new FileBlobStore(options.BlobFolder);
        Email = email ?? (string.IsNullOrEmpty(options.Smtp.Host)
            ? new OutboxEmailSender(options.OutboxFolder, options.Email, clock)
            : new SmtpEmailSender(options.Smtp, options.Email));

        _http = http ?? PageFetcher.CreateHttpClient();
        var fetchOptions = options.Fetch;
        fetchOptions.OfflineMirror ??= Sources.OfflineMirror;
        var fetcher = new PageFetcher(_http, fetchOptions);
        Analyzer = new ArticleAnalyzer(Taxonomy, Gazetteer);
        var renderer = new EmailRenderer(Taxonomy, Analyzer.Countries.NameOf, options.Email);
        var stages = new StageSet(
            new FetchFeedsStage(Sources, fetcher, Store, clock),
            new FetchArticleStage(fetcher, Blobs, Store, clock),
            new ClassifyArticleStage(new ArticleExtractor(), Analyzer, Store, Store, new DedupRule(), new ClassifyOptions(), clock),
            new StoreSummaryStage(Blobs, Store, clock),
            new MatchAlertsStage(Blobs, Store, Store),
            new DeliverAlertStage(Blobs, Store, Store, Email, renderer, Store, clock, new WebhookSender(_webhookHttp, new WebhookOptions(), clock)),
            new DailyDigestStage(Store),
            new DeliverDigestStage(Store, Store, Store, Store, Email, renderer, clock));
        Pipeline = new LocalPipeline(stages, Blobs, Store, options.Host, clock);
    }

    /// <summary>Runs the graph once and fills in the per-sector and per-country counts of this run's relevant articles.</summary>
    public async Task<RunReport> RunOnceAsync(RunReport? report = null, CancellationToken cancellationToken = default)
    {
        var result = await Pipeline.RunOnceAsync(report, cancellationToken);
        var summaries = await Store.QueryIndexedAsync(result.StartedAt, (result.FinishedAt ?? DateTimeOffset.MaxValue).AddSeconds(1), relevantOnly: true, cancellationToken);
        result.BySector = summaries.Where(s => s.Sectors.Count > 0).GroupBy(s => s.Sectors[0].Id).ToDictionary(g => g.Key, g => g.Count());
        result.ByCountry = summaries.SelectMany(s => s.PartnerCountries.Select(c => c.Code)).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        return result;
    }

    public void Dispose()
    {
        _http.Dispose();
        _webhookHttp.Dispose();
    }
}
