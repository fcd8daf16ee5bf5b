using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using NewsMonitor.Config;
using NewsMonitor.Domain;
using NewsMonitor.Functions.Protocol;
using NewsMonitor.Ports;

namespace NewsMonitor.Functions;

/// <summary>
/// The handler's routes: <c>GET /</c> for the host's readiness probe, <c>POST /{function}</c> for each invocation the
/// host sends, and the forwarded HTTP API under <c>/api/</c> (health, articles, subscriptions, and the subscription pages).
/// </summary>
public static class HandlerEndpoints
{
    public static WebApplication MapNewsMonitorFunctions(this WebApplication app)
    {
        // The host's readiness probe. Answering it starts loading the configuration in the background: readiness never
        // waits for it, and the first invocation, which follows the probe, rarely has to.
        int warming = 0;
        app.MapGet("/", () =>
        {
            if (Interlocked.Exchange(ref warming, 1) == 0)
                _ = Task.Run(() =>
                {
                    try { _ = app.Services.GetRequiredService<NewsMonitor.Analysis.ArticleAnalyzer>(); }
                    catch (Exception e) when (e is ConfigException or IOException) { app.Logger.LogError(e, "Configuration could not be loaded: {Problem}", e.Message); }
                });
            return Results.Text("ready");
        });

        app.MapPost("/{function}", async (string function, HttpRequest request, [FromServices] StageDispatcher dispatcher, [FromServices] ILoggerFactory logs, CancellationToken cancellationToken) =>
        {
            var log = logs.CreateLogger("NewsMonitor.Functions.Invocation");
            var definition = FunctionCatalog.Find(function);
            if (definition is not { Kind: FunctionKind.Stage })
            {
                log.LogError("Unknown function '{Function}': the host sent an invocation this handler has no function for", function);
                return Problem(404, $"unknown function '{function}'");
            }
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, cancellationToken);
            Invocation invocation;
            try { invocation = Invocation.Parse(function, body.GetBuffer().AsMemory(0, (int)body.Length)); }
            catch (EnvelopeException e)
            {
                log.LogError("Malformed invocation envelope: {Problem}", e.Message);
                return Problem(400, e.Message);
            }
            var result = await dispatcher.InvokeAsync(definition, invocation, cancellationToken);
            return Results.Content(result.Body.ToJson(), "application/json", statusCode: result.StatusCode);
        });

        var api = app.MapGroup("/api");
        api.MapGet("/health", ([FromServices] TimeProvider clock, [FromServices] IServiceProvider services) =>
        {
            var problems = services.GetService<ConfigurationProblems>()?.All ?? new Dictionary<string, string>();
            return Results.Json(new { status = problems.Count == 0 ? "ok" : "misconfigured", time = clock.GetUtcNow(), problems, functions = FunctionCatalog.Functions.Select(f => f.Name) },
                statusCode: problems.Count == 0 ? 200 : 503);
        });

        // Stored summaries first indexed in [from, to) (default: the last 24 hours), optionally by sector or partner.
        api.MapGet("/articles", async (string? from, string? to, string? sector, string? country, bool? all, [FromServices] ISummaryIndex index, [FromServices] TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var now = clock.GetUtcNow();
            if (!TryTime(from, now.AddDays(-1), out var start)) return Problem(400, $"from: '{from}' is not an ISO 8601 time");
            if (!TryTime(to, now.AddSeconds(1), out var end)) return Problem(400, $"to: '{to}' is not an ISO 8601 time");
            if (end <= start) return Problem(400, "to must be after from");
            if (end - start > TimeSpan.FromDays(31)) return Problem(400, "ask for at most 31 days at a time");
            var summaries = await index.QueryIndexedAsync(start, end, relevantOnly: all != true, cancellationToken);
            var selected = summaries
                .Where(s => sector is null || s.Sectors.Any(t => t.Id == sector))
                .Where(s => country is null || s.PartnerCountries.Any(c => string.Equals(c.Code, country, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            return Results.Json(new { from = start, to = end, count = selected.Count, articles = selected }, Json.Options);
        });

        api.MapGet("/subscriptions", async ([FromServices] ISubscriptionStore store, CancellationToken cancellationToken) =>
            Results.Json(await store.ListAsync(cancellationToken), Json.Options));
        api.MapGet("/subscriptions/{id}", async (string id, [FromServices] ISubscriptionStore store, CancellationToken cancellationToken) =>
            await store.GetAsync(id, cancellationToken) is { } s ? Results.Json(s, Json.Options) : Problem(404, $"no subscription '{id}'"));
        api.MapPut("/subscriptions/{id}", async (string id, HttpRequest request, [FromServices] ISubscriptionStore store, [FromServices] IServiceProvider services, CancellationToken cancellationToken) =>
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync(cancellationToken);
            Subscription subscription;
            try
            {
                subscription = SubscriptionsConfig.Read(ConfigNode.Parse(text, $"PUT /api/subscriptions/{id}"), services.GetRequiredService<Gazetteer>());
            }
            catch (ConfigException e) { return Problem(400, e.Message); }
            if (subscription.Id != id) return Problem(400, $"the body's id '{subscription.Id}' is not the id in the path '{id}'");
            await store.UpsertAsync(subscription, cancellationToken);
            return Results.Json(subscription, Json.Options);
        });

        // The subscription pages (anonymous HTTP functions): the client's address comes from the platform's front end.
        api.MapSubscriptionPages(ClientAddressSource.ForwardedFor);
        return app;
    }

    private static bool TryTime(string? text, DateTimeOffset fallback, out DateTimeOffset value)
    {
        value = fallback;
        return text is null || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    private static IResult Problem(int status, string detail) => Results.Json(new { status, error = detail }, statusCode: status);
}
