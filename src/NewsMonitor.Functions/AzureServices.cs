using Azure.Core;
using Azure.Identity;
using NewsMonitor.Azure;
using NewsMonitor.Azure.Email;
using NewsMonitor.Azure.Language;
using NewsMonitor.Ports;

namespace NewsMonitor.Functions;

/// <summary>A setting the app needs is missing or wrong. Invocations that need it fail with this message, named.</summary>
public sealed class AppConfigurationException(string message) : InvalidOperationException(message);

/// <summary>
/// The Azure side of the app, from settings: storage (Blobs, Tables, Queues) as the Functions host is configured
/// (<c>AzureWebJobsStorage</c>), email through ACS (section <c>AcsEmail</c>), and, when section <c>AzureLanguage</c>
/// names an endpoint, entity enrichment with Azure AI Language. A missing or wrong setting does not stop the handler
/// from answering the host: it is logged at start, reported by <c>/api/health</c>, and every invocation that needs it
/// fails naming it (and so ends in the poison queue, visible, rather than lost).
/// </summary>
public static class AzureServices
{
    public static IServiceCollection AddNewsMonitorAzure(this IServiceCollection services, IConfiguration configuration, ConfigurationProblems problems)
    {
        try { services.AddAzureStorage(configuration); }
        catch (InvalidOperationException e)
        {
            problems.Add("storage", e.Message);
            foreach (var port in new[] { typeof(IBlobStore), typeof(IFetchStateStore), typeof(IDedupIndex), typeof(ISummaryIndex), typeof(ISubscriptionStore), typeof(IDeliveryLedger) })
                services.AddSingleton(port, _ => throw new AppConfigurationException($"storage is not configured: {e.Message}"));
        }

        var credential = Credential(configuration);
        var email = Bind<AcsEmailOptions>(configuration, AcsEmailOptions.SectionName, problems, "email");
        var emailProblems = email?.Endpoint is null
            ? ["email is not configured: set AcsEmail:Endpoint (https://<resource>.communication.azure.com) and AcsEmail:SenderAddress"]
            : email.Validate();
        if (emailProblems.Count > 0)
        {
            var problem = string.Join(" ", emailProblems);
            problems.Add("email", problem);
            services.AddSingleton<IEmailSender>(_ => throw new AppConfigurationException(problem));
        }
        else services.AddSingleton<IEmailSender>(sp => new AcsEmailSender(email!, credential, sp.GetRequiredService<TimeProvider>()));

        var language = Bind<AzureLanguageClientOptions>(configuration, AzureLanguageClientOptions.SectionName, problems, "language");
        if (language?.Endpoint is not null)
        {
            var enrichment = Bind<AzureLanguageEnricherOptions>(configuration, AzureLanguageEnricherOptions.SectionName, problems, "language") ?? new AzureLanguageEnricherOptions();
            services.AddSingleton<IEntityEnricher>(sp => new AzureLanguageEnricher(
                new AzureLanguageClient(language, string.IsNullOrEmpty(language.Key) ? credential : null, sp.GetRequiredService<TimeProvider>()), enrichment));
        }
        return services;
    }

    /// <summary>A settings section bound to <typeparamref name="T"/>; a value that does not convert is a named problem, not a crash at start.</summary>
    public static T? Bind<T>(IConfiguration configuration, string section, ConfigurationProblems problems, string area) where T : class
    {
        try { return configuration.GetSection(section).Get<T>(); }
        catch (InvalidOperationException e)
        {
            problems.Add(area, $"{section}: {e.Message}");
            return null;
        }
    }

    /// <summary>The app's identity: the user-assigned managed identity named by <c>AZURE_CLIENT_ID</c> or the storage connection's <c>__clientId</c>, else the default chain.</summary>
    public static TokenCredential Credential(IConfiguration configuration) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = configuration["AZURE_CLIENT_ID"] is { Length: > 0 } id ? id : configuration["AzureWebJobsStorage:clientId"],
        });
}

/// <summary>Configuration problems found at start, by area; <c>/api/health</c> reports them.</summary>
public sealed class ConfigurationProblems
{
    private readonly Dictionary<string, string> _problems = new(StringComparer.Ordinal);

    public void Add(string area, string problem) => _problems[area] = problem;

    public IReadOnlyDictionary<string, string> All => _problems;
}
