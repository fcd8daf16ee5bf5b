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
using NewsMonitor.Subscriptions;

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

    /// <summary>Where <c>newsmon serve</c> serves the subscription pages: the links in emails point there.</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://127.0.0.1:8080/api/");

    /// <summary>The key that signs the links in emails, base64; by default a random key kept in <see cref="TokenKeyFile"/>.</summary>
    public string? TokenKey { get; set; }

    /// <summary>The subscribe rate limits.</summary>
    public SubscriptionServiceOptions Subscribe { get; set; } = new();

    public string TokenKeyFile => Path.Combine(Data, "token-key");

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

    /// <summary>The signed links of emails and pages.</summary>
    public SubscriberLinks Links { get; }

    /// <summary>Subscribe, confirm, preferences and unsubscribe, for <c>newsmon serve</c>.</summary>
    public SubscriptionService Subscriptions { get; }

    private readonly HttpClient _http;
    private readonly HttpClient _webhookHttp = new();
    private readonly bool _ownsEmail;

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
        _ownsEmail = email is null;
        Email = email ?? (string.IsNullOrEmpty(options.Smtp.Host)
            ? new OutboxEmailSender(options.OutboxFolder, options.Email, clock)
            : new SmtpEmailSender(options.Smtp, options.Email));

        _http = http ?? PageFetcher.CreateHttpClient();
        var fetchOptions = options.Fetch;
        fetchOptions.OfflineMirror ??= Sources.OfflineMirror;
        var fetcher = new PageFetcher(_http, fetchOptions);
        Analyzer = new ArticleAnalyzer(Taxonomy, Gazetteer);
        Links = new SubscriberLinks(new SubscriptionTokens(new TokenOptions { Key = options.TokenKey ?? LocalTokenKey.LoadOrCreate(options.TokenKeyFile) }, clock), options.PublicBaseUrl);
        Subscriptions = new SubscriptionService(Store, Email, Links, options.Subscribe);
        var renderer = new EmailRenderer(Taxonomy, Analyzer.Countries.NameOf, Links);
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
        Subscriptions.Dispose();
        if (_ownsEmail) (Email as IDisposable)?.Dispose();
        _http.Dispose();
        _webhookHttp.Dispose();
    }
}

/// <summary>The embedded host's link-signing key: made once, at random, and kept in the data folder (readable by its owner only).</summary>
internal static class LocalTokenKey
{
    public static string LoadOrCreate(string file)
    {
        if (File.Exists(file)) return File.ReadAllText(file).Trim();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var writer = new StreamWriter(file, System.Text.Encoding.ASCII, options);
            writer.Write(key);
            return key;
        }
        catch (IOException) when (File.Exists(file)) { return File.ReadAllText(file).Trim(); } // another process made it first
    }
}
