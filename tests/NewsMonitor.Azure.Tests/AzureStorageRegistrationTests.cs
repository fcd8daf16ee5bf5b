using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NewsMonitor.Domain;
using NewsMonitor.Ports;
using NewsMonitor.Tests;

namespace NewsMonitor.Azure.Tests;

[Collection("Azurite")]
public sealed class AzureStorageRegistrationTests(AzuriteFixture fixture)
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddAzureStorage(configuration);
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static InvalidOperationException Refused(Dictionary<string, string?> settings) =>
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddAzureStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));

    [Fact]
    public async Task AddAzureStorage_WithAzuritesConnectionString_WiresEveryPortToIt()
    {
        using var provider = Build(new() { ["AzureWebJobsStorage"] = fixture.Azurite.ConnectionString });
        Assert.Equal(fixture.Azurite.BlobEndpoint.ToString().TrimEnd('/'), provider.GetRequiredService<BlobServiceClient>().Uri.ToString().TrimEnd('/'));

        var blobs = provider.GetRequiredService<IBlobStore>();
        var path = "t" + Guid.NewGuid().ToString("N")[..20] + "/a.json";
        Assert.True(await blobs.WriteAsync(path, [1, 2]));
        Assert.Equal([1, 2], await blobs.ReadAsync(path));

        var ledger = provider.GetRequiredService<IDeliveryLedger>();
        var delivery = new Delivery("alert:registration:" + Guid.NewGuid().ToString("N"), DeliveryKind.Alert, "s", "x", DateTimeOffset.UnixEpoch, "email");
        Assert.True(await ledger.TryRecordAsync(delivery));
        Assert.False(await ledger.TryRecordAsync(delivery));

        // One table store serves the five state ports.
        object[] ports = [ledger, provider.GetRequiredService<IFetchStateStore>(), provider.GetRequiredService<IDedupIndex>(),
            provider.GetRequiredService<ISummaryIndex>(), provider.GetRequiredService<ISubscriptionStore>()];
        Assert.Single(ports.Distinct());
        Assert.Same(provider.GetRequiredService<IBlobStore>(), blobs);
    }

    [Fact]
    public async Task AddAzureStorage_QueueClient_SendsBase64AsQueueTriggersExpect()
    {
        using var provider = Build(new() { ["AzureWebJobsStorage"] = fixture.Azurite.ConnectionString });
        var name = "q" + Guid.NewGuid().ToString("N")[..20];
        var queue = provider.GetRequiredService<QueueServiceClient>().GetQueueClient(name);
        await queue.CreateAsync();
        await queue.SendMessageAsync("{\"id\":\"bài-1\"}");
        var raw = new QueueClient(fixture.Azurite.ConnectionString, name); // no encoding: the text as stored
        var stored = (await raw.ReceiveMessageAsync()).Value.MessageText;
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"id\":\"bài-1\"}")), stored);
    }

    [Fact]
    public void AddAzureStorage_WithAnAccountName_UsesTheAccountsEndpointsWithoutCallingThem()
    {
        using var provider = Build(new() { ["AzureWebJobsStorage:accountName"] = "newsmonstore", ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001" });
        Assert.Equal(new Uri("https://newsmonstore.blob.core.windows.net/"), provider.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal(new Uri("https://newsmonstore.queue.core.windows.net/"), provider.GetRequiredService<QueueServiceClient>().Uri);
        Assert.Equal(new Uri("https://newsmonstore.table.core.windows.net/"), provider.GetRequiredService<TableServiceClient>().Uri);
        Assert.NotNull(provider.GetRequiredService<IDedupIndex>());
        Assert.NotNull(provider.GetRequiredService<IBlobStore>());
    }

    [Fact]
    public void AddAzureStorage_WithServiceUris_UsesThemAndTheyOverrideTheAccount()
    {
        using var provider = Build(new()
        {
            ["AzureWebJobsStorage:accountName"] = "newsmonstore",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://blobs.example.net/",
        });
        Assert.Equal(new Uri("https://blobs.example.net/"), provider.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal(new Uri("https://newsmonstore.table.core.windows.net/"), provider.GetRequiredService<TableServiceClient>().Uri);

        using var explicitUris = Build(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://b.example.net/",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://q.example.net/",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://t.example.net/",
        });
        Assert.Equal(new Uri("https://b.example.net/"), explicitUris.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal(new Uri("https://q.example.net/"), explicitUris.GetRequiredService<QueueServiceClient>().Uri);
        Assert.Equal(new Uri("https://t.example.net/"), explicitUris.GetRequiredService<TableServiceClient>().Uri);
    }

    [Fact]
    public void StorageConnection_ReadsTheUserAssignedIdentitysClientId()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:accountName"] = "newsmonstore",
            ["AzureWebJobsStorage:clientId"] = "11111111-2222-3333-4444-555555555555",
        }).Build();
        var connection = StorageConnection.From(configuration, "AzureWebJobsStorage");
        Assert.Equal("11111111-2222-3333-4444-555555555555", connection.ClientId);
        Assert.Null(connection.ConnectionString);
        Assert.Null(StorageConnection.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage:accountName"] = "newsmonstore" }).Build(), "AzureWebJobsStorage").ClientId);
    }

    [Fact]
    public void AddAzureStorage_ConnectionStringAndIdentitySettings_TheConnectionStringWins()
    {
        using var provider = Build(new() { ["AzureWebJobsStorage"] = fixture.Azurite.ConnectionString, ["AzureWebJobsStorage:accountName"] = "newsmonstore" });
        Assert.Equal(fixture.Azurite.TableEndpoint.ToString().TrimEnd('/'), provider.GetRequiredService<TableServiceClient>().Uri.ToString().TrimEnd('/'));
    }

    [Fact]
    public void AddAzureStorage_CalledTwice_RegistersOnce()
    {
        using var provider = Build(new() { ["AzureWebJobsStorage"] = fixture.Azurite.ConnectionString },
            services =>
            {
                services.AddAzureStorage(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage:accountName"] = "other" }).Build());
                Assert.Single(services, d => d.ServiceType == typeof(IBlobStore));
                Assert.Single(services, d => d.ServiceType == typeof(IDeliveryLedger));
            });
        Assert.Equal(fixture.Azurite.BlobEndpoint.ToString().TrimEnd('/'), provider.GetRequiredService<BlobServiceClient>().Uri.ToString().TrimEnd('/'));
    }

    [Fact]
    public void AddAzureStorage_NothingConfigured_NamesBothForms()
    {
        var e = Refused([]);
        Assert.Contains("set AzureWebJobsStorage to a connection string", e.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__accountName", e.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__tableServiceUri", e.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__clientId", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAzureStorage_SomeServiceUrisMissing_NamesThem()
    {
        var e = Refused(new() { ["AzureWebJobsStorage:blobServiceUri"] = "https://b.example.net/" });
        Assert.Contains("AzureWebJobsStorage__queueServiceUri and AzureWebJobsStorage__tableServiceUri are not set", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("blobServiceUri", "b.example.net")]
    [InlineData("tableServiceUri", "ftp://t.example.net/")]
    [InlineData("accountName", "News_Monitor")]
    public void AddAzureStorage_MalformedSetting_NamesIt(string key, string value)
    {
        var e = Refused(new() { ["AzureWebJobsStorage:accountName"] = "newsmonstore", ["AzureWebJobsStorage:" + key] = value });
        Assert.Contains("AzureWebJobsStorage__" + key, e.Message, StringComparison.Ordinal);
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
    }
}
