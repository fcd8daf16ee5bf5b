using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NewsMonitor.Functions;

/// <summary>
/// OpenTelemetry metrics and traces to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set,
/// authenticated with Entra ID (the managed identity named by <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>'s
/// <c>ClientId</c>, or the default credential). Nothing is set up without it, so a local start pays nothing.
/// </summary>
public static class TelemetrySetup
{
    public static IServiceCollection AddNewsMonitorTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var connection = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        if (string.IsNullOrWhiteSpace(connection)) return services;
        var credential = CredentialFrom(configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("newsmonitor-functions"))
            .WithMetrics(m => m.AddMeter(PipelineMetrics.MeterName)
                .AddAzureMonitorMetricExporter(o => { o.ConnectionString = connection; o.Credential = credential; }))
            .WithTracing(t => t.AddSource(PipelineMetrics.MeterName).AddAspNetCoreInstrumentation()
                .AddAzureMonitorTraceExporter(o => { o.ConnectionString = connection; o.Credential = credential; }));
        return services;
    }

    /// <summary><c>Authorization=AAD;ClientId=…</c> → that user-assigned identity; <c>Authorization=AAD</c> → the default credential.</summary>
    public static TokenCredential? CredentialFrom(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication)) return null;
        var parts = authentication.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var kind) || !kind.Equals("AAD", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"APPLICATIONINSIGHTS_AUTHENTICATION_STRING: expected 'Authorization=AAD[;ClientId=<id>]', got '{authentication}'");
        return parts.TryGetValue("ClientId", out var clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
    }
}
