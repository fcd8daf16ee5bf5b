using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewsMonitor.Azure.Storage;
using NewsMonitor.Ports;

namespace NewsMonitor.Azure;

/// <summary>Registers the Azure Storage clients and the storage adapters of the ports.</summary>
public static class AzureStorageRegistration
{
    /// <summary>The Functions host's storage connection; its settings are read by default.</summary>
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    /// <summary>
    /// Registers <see cref="BlobServiceClient"/>, <see cref="QueueServiceClient"/> (Base64 messages, as queue triggers
    /// expect) and <see cref="TableServiceClient"/> as singletons with <c>AddAzureClients</c>, then <see cref="IBlobStore"/>
    /// on Blob Storage and the state ports (<see cref="IFetchStateStore"/>, <see cref="IDedupIndex"/>,
    /// <see cref="ISummaryIndex"/>, <see cref="ISubscriptionStore"/>, <see cref="IDeliveryLedger"/>) on one Tables
    /// store. A second call changes nothing.
    /// </summary>
    /// <remarks>
    /// The settings are the Functions host's (app settings use <c>__</c> where configuration keys use <c>:</c>):
    /// <list type="bullet">
    /// <item><c>AzureWebJobsStorage</c>: a connection string (Azurite, or shared key). Used when set.</item>
    /// <item>Otherwise identity-based, with <see cref="DefaultAzureCredential"/>: <c>AzureWebJobsStorage__accountName</c>
    /// (endpoints <c>https://{account}.{blob|queue|table}.core.windows.net</c>), or <c>__blobServiceUri</c>,
    /// <c>__queueServiceUri</c> and <c>__tableServiceUri</c> (each also overrides the account's endpoint); and
    /// <c>__clientId</c>, the client id of a user-assigned managed identity.</item>
    /// </list>
    /// </remarks>
    /// <exception cref="InvalidOperationException">Neither form is configured, or a setting is malformed; the message names the settings.</exception>
    public static IServiceCollection AddAzureStorage(this IServiceCollection services, IConfiguration configuration, string connectionName = DefaultConnectionName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(AzureTableStore))) return services;
        var connection = StorageConnection.From(configuration, connectionName);

        services.AddAzureClients(clients =>
        {
            if (connection.ConnectionString is { } connectionString)
            {
                clients.AddBlobServiceClient(connectionString);
                clients.AddQueueServiceClient(connectionString).ConfigureOptions(o => o.MessageEncoding = QueueMessageEncoding.Base64);
                clients.AddTableServiceClient(connectionString);
            }
            else
            {
                clients.AddBlobServiceClient(connection.BlobServiceUri!);
                clients.AddQueueServiceClient(connection.QueueServiceUri!).ConfigureOptions(o => o.MessageEncoding = QueueMessageEncoding.Base64);
                clients.AddTableServiceClient(connection.TableServiceUri!);
                clients.UseCredential(new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = connection.ClientId }));
            }
        });

        services.TryAddSingleton<IBlobStore>(sp => new AzureBlobStore(sp.GetRequiredService<BlobServiceClient>()));
        services.TryAddSingleton(sp => new AzureTableStore(sp.GetRequiredService<TableServiceClient>()));
        services.TryAddSingleton<IFetchStateStore>(sp => sp.GetRequiredService<AzureTableStore>());
        services.TryAddSingleton<IDedupIndex>(sp => sp.GetRequiredService<AzureTableStore>());
        services.TryAddSingleton<ISummaryIndex>(sp => sp.GetRequiredService<AzureTableStore>());
        services.TryAddSingleton<ISubscriptionStore>(sp => sp.GetRequiredService<AzureTableStore>());
        services.TryAddSingleton<IDeliveryLedger>(sp => sp.GetRequiredService<AzureTableStore>());
        return services;
    }
}

/// <summary>The storage connection settings, read and checked: a connection string, or the three service endpoints and an optional managed-identity client id.</summary>
internal sealed record StorageConnection(string? ConnectionString, Uri? BlobServiceUri, Uri? QueueServiceUri, Uri? TableServiceUri, string? ClientId)
{
    public static StorageConnection From(IConfiguration configuration, string name)
    {
        var section = configuration.GetSection(name);
        if (!string.IsNullOrWhiteSpace(section.Value)) return new StorageConnection(section.Value, null, null, null, null);

        var account = section["accountName"];
        if (!string.IsNullOrWhiteSpace(account) && (account.Length is < 3 or > 24 || !account.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))))
            throw new InvalidOperationException($"{name}__accountName is '{account}', not a storage account name (3-24 lowercase letters and digits).");
        var blob = Endpoint(section, name, "blob", account);
        var queue = Endpoint(section, name, "queue", account);
        var table = Endpoint(section, name, "table", account);
        if (blob is null && queue is null && table is null)
            throw new InvalidOperationException(
                $"Azure Storage is not configured: set {name} to a connection string (Azurite's, for instance), or for identity-based access set " +
                $"{name}__accountName, or {name}__blobServiceUri, {name}__queueServiceUri and {name}__tableServiceUri " +
                $"(with {name}__clientId for a user-assigned managed identity).");
        var missing = new[] { ("blob", blob), ("queue", queue), ("table", table) }.Where(e => e.Item2 is null).Select(e => $"{name}__{e.Item1}ServiceUri").ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"Azure Storage is partly configured: {string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} not set (nor {name}__accountName, which gives every endpoint).");
        var clientId = section["clientId"];
        return new StorageConnection(null, blob, queue, table, string.IsNullOrWhiteSpace(clientId) ? null : clientId);
    }

    /// <summary><c>__{service}ServiceUri</c> when set, else the account's endpoint, else null.</summary>
    private static Uri? Endpoint(IConfigurationSection section, string name, string service, string? account)
    {
        var key = service + "ServiceUri";
        var value = section[key];
        if (!string.IsNullOrWhiteSpace(value))
            return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
                ? uri
                : throw new InvalidOperationException($"{name}__{key} is '{value}', not an absolute http(s) URI.");
        return string.IsNullOrWhiteSpace(account) ? null : new Uri($"https://{account}.{service}.core.windows.net");
    }
}
