using System.Net;
using System.Security.Cryptography;
using System.Text;
using NewsMonitor.Config;
using NewsMonitor.Domain;
using NewsMonitor.Ports;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Functions;

/// <summary>What the subscription pages need: the service, the form reader, the pages, the links, and the recent stories for previews.</summary>
public sealed record SubscriptionSite(SubscriptionService Service, SubscriptionForm Form, SubscriptionPages Pages, SubscriberLinks Links, ISummaryIndex Summaries, TimeProvider Clock)
{
    /// <summary>The site over the configuration's sectors and partner names.</summary>
    public static SubscriptionSite Create(SubscriptionService service, Taxonomy taxonomy, Gazetteer gazetteer, SubscriberLinks links, ISummaryIndex summaries, TimeProvider clock)
    {
        var countries = new CountryNames(gazetteer);
        return new(service, new SubscriptionForm(taxonomy, countries), new SubscriptionPages(taxonomy, countries), links, summaries, clock);
    }

    /// <summary>How far back a preview looks.</summary>
    public static readonly TimeSpan PreviewWindow = TimeSpan.FromDays(7);

    /// <summary>What <paramref name="rules"/> would have caught among the stories of the last <see cref="PreviewWindow"/>.</summary>
    public async Task<RulePreview> PreviewAsync(Subscription rules, CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        return RulePreview.Of(rules, await Summaries.QueryIndexedAsync(now - PreviewWindow, now.AddSeconds(1), relevantOnly: true, cancellationToken));
    }
}

/// <summary>How the pages learn who is asking, for the per-client rate limit.</summary>
public enum ClientAddressSource
{
    /// <summary>The connection's address: <c>newsmon serve</c>, reached directly.</summary>
    Connection,

    /// <summary>
    /// The last address of <c>X-Forwarded-For</c>, the one the nearest proxy added: the Functions app, where the
    /// platform's front end adds the client's address and the host forwards the request from the loopback interface.
    /// </summary>
    ForwardedFor,
}

/// <summary>
/// The subscription pages (subscribe, confirm, preferences, unsubscribe) as minimal API routes, the same in the Functions
/// app (HTTP functions under <c>/api/</c>, forwarded by the host) and in <c>newsmon serve</c>. A link's GET shows a page
/// and changes nothing (mail scanners follow links); the change is the page's POST. The unsubscribe link also takes the
/// mail client's RFC 8058 one-click POST (<c>List-Unsubscribe=One-Click</c>). A link that is tampered with, expired or
/// replaced gets its own page. Pages are not cached, send no referrer (the token is in the address) and allow no
/// script, frame or outside form target.
/// </summary>
public static class SubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapSubscriptionPages(this IEndpointRouteBuilder routes, ClientAddressSource clientAddress)
    {
        routes.MapGet("/subscribe", (HttpContext http) => Run(http, async site =>
        {
            await Task.CompletedTask; // async: analyzer ASP0016 takes a plain lambda returning a task here for a request delegate
            return Html(200, site.Pages.Subscribe(Language(http), FormValues.Empty(Language(http)), []));
        }));

        routes.MapPost("/subscribe", (HttpContext http) => Run(http, async site =>
        {
            var lang = Language(http);
            if (await FormOf(http) is not { } form) return Html(415, site.Pages.Subscribe(lang, FormValues.Empty(lang), []));
            var values = SubscriptionForm.Values(form, lang);
            if (form("preview").Count > 0)
            {
                // The preview button: what these choices would have caught; nothing is stored or sent, the address is not needed.
                var (draft, problems) = site.Form.Read(values, lang, withEmail: false);
                if (draft is null) return Html(400, site.Pages.Subscribe(lang, values, problems));
                return Html(200, site.Pages.Subscribe(lang, values, [], await site.PreviewAsync(SubscriptionService.Draft(draft), http.RequestAborted)));
            }
            var (request, errors) = site.Form.Read(values, lang, withEmail: true);
            if (request is null) return Html(400, site.Pages.Subscribe(lang, values, errors));
            var result = await site.Service.SubscribeAsync(request, Client(http, clientAddress), http.RequestAborted);
            return result.Outcome switch
            {
                SubscribeOutcome.Accepted => Html(200, site.Pages.CheckInbox(lang)),
                SubscribeOutcome.RateLimited => Html(429, site.Pages.RateLimited(lang), retryAfterSeconds: 3600),
                _ => Html(400, site.Pages.Subscribe(lang, values, [new FieldError("email", result.Problem ?? "")])),
            };
        }));

        routes.MapGet("/confirm", (HttpContext http, string? token) => Run(http, async site =>
        {
            var seen = await site.Service.InspectAsync(token, TokenPurpose.Confirm, http.RequestAborted);
            var lang = seen.Subscription?.Language ?? Language(http);
            if (seen.Problem is { } problem) return Problem(site, lang, problem);
            return seen.AlreadyDone
                ? Html(200, site.Pages.Confirmed(seen.Subscription!, site.Links.Preferences(seen.Subscription!), already: true))
                : Html(200, site.Pages.ConfirmPrompt(lang, token!));
        }));

        routes.MapPost("/confirm", (HttpContext http) => Run(http, async site =>
        {
            var result = await site.Service.ConfirmAsync(await TokenOf(http), http.RequestAborted);
            if (result.Problem is { } problem) return Problem(site, Language(http), problem);
            return Html(200, site.Pages.Confirmed(result.Subscription!, site.Links.Preferences(result.Subscription!), result.AlreadyDone));
        }));

        routes.MapGet("/preferences", (HttpContext http, string? token, int? saved) => Run(http, async site =>
        {
            var opened = await site.Service.OpenPreferencesAsync(token, http.RequestAborted);
            if (opened.Subscription is not { } sub) return Problem(site, Language(http), opened.Problem ?? TokenProblem.Invalid);
            return Html(200, site.Pages.Preferences(sub, token!, FormValues.Of(sub), [], saved: saved == 1, site.Links.Unsubscribe(sub), await site.PreviewAsync(sub, http.RequestAborted)));
        }));

        routes.MapPost("/preferences", (HttpContext http) => Run(http, async site =>
        {
            var form = await FormOf(http);
            var token = form?.Invoke("token").FirstOrDefault();
            var opened = await site.Service.OpenPreferencesAsync(token, http.RequestAborted);
            if (opened.Subscription is not { } sub) return Problem(site, Language(http), opened.Problem ?? TokenProblem.Invalid);
            var values = SubscriptionForm.Values(form!, sub.Language) with { Email = sub.Email };
            var (request, errors) = site.Form.Read(values, values.Language, withEmail: false);
            if (request is null) return Html(400, site.Pages.Preferences(sub, token!, values, errors, saved: false, site.Links.Unsubscribe(sub)));
            if (form!("preview").Count > 0) // the preview button: saves nothing
                return Html(200, site.Pages.Preferences(sub, token!, values, [], saved: false, site.Links.Unsubscribe(sub),
                    await site.PreviewAsync(SubscriptionService.Draft(request with { Email = sub.Email }), http.RequestAborted)));
            var updated = await site.Service.UpdatePreferencesAsync(sub, request with { Email = sub.Email }, http.RequestAborted);
            if (updated.Invalid is { } invalid) return Html(400, site.Pages.Preferences(sub, token!, values, [new FieldError("instant", invalid)], saved: false, site.Links.Unsubscribe(sub)));
            // Post/redirect/get: the saved page has the link's address again, so reloading it does not post the form twice.
            return SeeOther($"preferences?token={WebUtility.UrlEncode(token)}&saved=1");
        }));

        routes.MapGet("/unsubscribe", (HttpContext http, string? token) => Run(http, async site =>
        {
            var seen = await site.Service.InspectAsync(token, TokenPurpose.Unsubscribe, http.RequestAborted);
            var lang = seen.Subscription?.Language ?? Language(http);
            if (seen.Problem is { } problem) return Problem(site, lang, problem);
            return seen.AlreadyDone ? Html(200, site.Pages.Unsubscribed(lang)) : Html(200, site.Pages.UnsubscribePrompt(lang, token!));
        }));

        // The page's button posts the token in the form; a mail client's one-click POST (RFC 8058) keeps it in the address.
        routes.MapPost("/unsubscribe", (HttpContext http) => Run(http, async site =>
        {
            var result = await site.Service.UnsubscribeAsync(await TokenOf(http), http.RequestAborted);
            var lang = result.Subscription?.Language ?? Language(http);
            if (result.Problem is { } problem) return Problem(site, lang, problem);
            return Html(200, site.Pages.Unsubscribed(lang));
        }));
        return routes;
    }

    /// <summary>
    /// The Content-Security-Policy of the pages: nothing but their own inline style (by its hash), forms posted to this
    /// site only, never in a frame.
    /// </summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(SubscriptionPages.Style)))}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Writes the page <paramref name="page"/> makes, with the pages' headers.</summary>
    private static async Task Run(HttpContext http, Func<SubscriptionSite, Task<HtmlPage>> page)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        HtmlPage answer;
        try { answer = await page(http.RequestServices.GetRequiredService<SubscriptionSite>()); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A missing setting, or the store or the email service down: a page that says to come back, and the reason in the log.
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("NewsMonitor.Subscriptions")
                .LogError(e, "The subscription page {Path} could not be served: {Problem}", http.Request.Path, e.Message);
            answer = Html(503, SubscriptionPages.UnavailablePage(Language(http)), retryAfterSeconds: 300);
        }
        await answer.ExecuteAsync(http);
    }

    private static HtmlPage Problem(SubscriptionSite site, string lang, TokenProblem problem) =>
        Html(problem is TokenProblem.Expired or TokenProblem.Superseded ? 410 : 400, site.Pages.LinkProblem(lang, problem));

    private static HtmlPage Html(int status, string html, int? retryAfterSeconds = null) => new HtmlPage(status, html, retryAfterSeconds);

    /// <summary>A 303 to a page beside this one (relative, so it works under any prefix).</summary>
    private static HtmlPage SeeOther(string location) => new HtmlPage(303, "", null, location);

    private sealed class HtmlPage(int status, string html, int? retryAfterSeconds, string? location = null)
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            if (location is not null) http.Response.Headers.Location = location;
            http.Response.ContentType = "text/html; charset=utf-8";
            if (retryAfterSeconds is { } s) http.Response.Headers.RetryAfter = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return http.Response.WriteAsync(html, Encoding.UTF8);
        }
    }

    private static string Language(HttpContext http) => PageText.Choose(http.Request.Query["lang"], http.Request.Headers.AcceptLanguage);

    /// <summary>The posted form's fields, or null when the body is not a form.</summary>
    private static async Task<Func<string, IReadOnlyList<string>>?> FormOf(HttpContext http)
    {
        if (!http.Request.HasFormContentType) return null;
        try
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            return name => form[name].Where(v => v is not null).Select(v => v!).ToList();
        }
        catch (InvalidDataException) { return null; } // over the form limits
    }

    /// <summary>The token of a POST: the form's field, else the address's (a one-click unsubscribe).</summary>
    private static async Task<string?> TokenOf(HttpContext http) =>
        (await FormOf(http))?.Invoke("token").FirstOrDefault() ?? http.Request.Query["token"].FirstOrDefault();

    private static string Client(HttpContext http, ClientAddressSource source)
    {
        if (source == ClientAddressSource.ForwardedFor
            && http.Request.Headers["X-Forwarded-For"].LastOrDefault()?.Split(',').LastOrDefault()?.Trim() is { Length: > 0 } forwarded)
            return IPEndPoint.TryParse(forwarded, out var endpoint) ? endpoint.Address.ToString() : forwarded;
        return http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
