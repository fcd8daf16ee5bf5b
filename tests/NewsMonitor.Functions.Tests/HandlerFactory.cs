using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Digest;
using NewsMonitor.Local.Email;
using NewsMonitor.Local.Storage;
using NewsMonitor.Ports;
using NewsMonitor.Tests;

namespace NewsMonitor.Functions.Tests;

/// <summary>
/// The handler in process (WebApplicationFactory), configured like a deployed app with the offline samples as sources.
/// State and blobs are the embedded adapters (SQLite and files in a temporary folder), or, given a storage connection
/// string, the app's own Azure adapters on Blobs and Tables (Azurite). Email goes to an <c>.eml</c> outbox.
/// </summary>
public sealed class HandlerFactory(string? azureStorage = null, bool configured = true) : WebApplicationFactory<StageDispatcher>
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("newsmon-handler-").FullName;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 11, 1, 1, 0, 0, TimeSpan.Zero));

    private SqliteStore? _store;
    private FileBlobStore? _blobs;

    /// <summary>The embedded store; only without Azure storage.</summary>
    public SqliteStore Store => _store ??= new SqliteStore(Path.Combine(Folder, "state.db"));

    /// <summary>The blob store the handler writes to.</summary>
    public IBlobStore Blobs => azureStorage is null ? _blobs ??= new FileBlobStore(Path.Combine(Folder, "blobs")) : Services.GetRequiredService<IBlobStore>();

    public ISubscriptionStore Subscriptions => azureStorage is null ? Store : Services.GetRequiredService<ISubscriptionStore>();

    public ISummaryIndex Summaries => azureStorage is null ? Store : Services.GetRequiredService<ISummaryIndex>();

    /// <summary>Where the handler's emails go, as <c>.eml</c> files.</summary>
    public string Outbox => Path.Combine(Folder, "outbox");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("NewsMonitor:Config", RepoPaths.Config);
        builder.UseSetting("NewsMonitor:Sources", Path.Combine(RepoPaths.Samples, "sources.json"));
        if (configured)
        {
            // Settings as a deployed app has them; without Azurite the ports below replace the storage adapters.
            builder.UseSetting("AzureWebJobsStorage", azureStorage ?? "UseDevelopmentStorage=true");
            builder.UseSetting("AcsEmail:Endpoint", "https://newsmonitor.communication.azure.com");
            builder.UseSetting("AcsEmail:SenderAddress", "DoNotReply@newsmonitor.example");
            builder.UseSetting("NewsMonitor:Tokens:Key", TestLinks.Key);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            if (!configured) return; // as deployed without settings: the app's own registrations stand
            services.AddSingleton<IEmailSender>(new OutboxEmailSender(Outbox, new EmailOptions(), Clock));
            if (azureStorage is not null) return;
            services.AddSingleton(Blobs);
            services.AddSingleton<IFetchStateStore>(Store);
            services.AddSingleton<IDedupIndex>(Store);
            services.AddSingleton<ISummaryIndex>(Store);
            services.AddSingleton<ISubscriptionStore>(Store);
            services.AddSingleton<IDeliveryLedger>(Store);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
