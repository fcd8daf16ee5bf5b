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
/// The handler in process (WebApplicationFactory), configured like a deployed app but with the embedded adapters
/// (SQLite and files in a temporary folder) and the offline samples as sources.
/// </summary>
public sealed class HandlerFactory : WebApplicationFactory<StageDispatcher>
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("newsmon-handler-").FullName;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 11, 1, 1, 0, 0, TimeSpan.Zero));

    public SqliteStore Store { get; }

    public FileBlobStore Blobs { get; }

    public HandlerFactory()
    {
        Store = new SqliteStore(Path.Combine(Folder, "state.db"));
        Blobs = new FileBlobStore(Path.Combine(Folder, "blobs"));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("NewsMonitor:Config", RepoPaths.Config);
        builder.UseSetting("NewsMonitor:Sources", Path.Combine(RepoPaths.Samples, "sources.json"));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IBlobStore>(Blobs);
            services.AddSingleton<IFetchStateStore>(Store);
            services.AddSingleton<IDedupIndex>(Store);
            services.AddSingleton<ISummaryIndex>(Store);
            services.AddSingleton<ISubscriptionStore>(Store);
            services.AddSingleton<IDeliveryLedger>(Store);
            services.AddSingleton<IEmailSender>(new OutboxEmailSender(Path.Combine(Folder, "outbox"), new EmailOptions(), Clock));
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

