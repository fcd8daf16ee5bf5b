using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NewsMonitor.Digest;
using NewsMonitor.Domain;

namespace NewsMonitor.Alerts;

/// <summary>
/// The body of an alert sent to a webhook. Every value is written by the JSON serialiser (so nothing from the web can
/// break out of its string); Slack's markup characters are escaped, and only http(s) links are kept.
/// </summary>
public static class WebhookPayload
{
    public static string Alert(WebhookFormat format, Subscription subscription, DigestStory story, IReadOnlyList<string> why, string deliveryKey)
    {
        var s = story.Representative;
        var outlets = story.Outlets.Select(o => (Outlet: o.Outlet, Url: SafeUrl(o.Url))).Where(o => o.Url is not null).ToList();
        JsonNode body = format switch
        {
            WebhookFormat.Slack => new JsonObject
            {
                ["text"] = SafeUrl(s.Url) is { } link ? $"{SlackEscape(s.Title)} <{link}|{SlackEscape(s.Outlet)}>" : SlackEscape(s.Title),
                ["blocks"] = new JsonArray(
                    new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = (SafeUrl(s.Url) is { } url ? $"*<{url}|{SlackEscape(s.Title)}>*" : $"*{SlackEscape(s.Title)}*") + $"\n{SlackEscape(string.Join(" ", s.Summary))}" } },
                    new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = SlackEscape(Tags(s, outlets)) }) }),
            },
            WebhookFormat.Teams => new JsonObject
            {
                ["type"] = "message",
                ["attachments"] = new JsonArray(new JsonObject
                {
                    ["contentType"] = "application/vnd.microsoft.card.adaptive",
                    ["content"] = new JsonObject
                    {
                        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                        ["type"] = "AdaptiveCard",
                        ["version"] = "1.4",
                        // RichTextBlock runs are plain text: a TextBlock would render Markdown from the web ("[notice](https://…)").
                        ["body"] = new JsonArray(
                            Plain(s.Title, new JsonObject { ["weight"] = "Bolder", ["size"] = "Medium" }),
                            Plain(string.Join(" ", s.Summary), new JsonObject()),
                            Plain(Tags(s, outlets), new JsonObject { ["isSubtle"] = true })),
                        ["actions"] = new JsonArray(outlets.Take(5).Select(o => (JsonNode)new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = o.Outlet, ["url"] = o.Url }).ToArray()),
                    },
                }),
            },
            _ => new JsonObject
            {
                ["type"] = "alert",
                ["deliveryKey"] = deliveryKey,
                ["subscription"] = subscription.Id,
                ["matched"] = new JsonArray(why.Select(w => (JsonNode)JsonValue.Create(w)).ToArray()),
                ["story"] = new JsonObject
                {
                    ["cluster"] = s.Cluster.Id,
                    ["title"] = s.Title,
                    ["summary"] = new JsonArray(s.Summary.Select(x => (JsonNode)JsonValue.Create(x)).ToArray()),
                    ["partners"] = new JsonArray(s.PartnerCountries.Select(c => (JsonNode)JsonValue.Create(c.Code)).ToArray()),
                    ["sectors"] = new JsonArray(s.Sectors.Select(x => (JsonNode)JsonValue.Create(x.Id)).ToArray()),
                    ["firstSeenAt"] = s.Cluster.FirstSeenAt ?? s.FirstSeenAt,
                    ["outlets"] = new JsonArray(outlets.Select(o => (JsonNode)new JsonObject { ["outlet"] = o.Outlet, ["url"] = o.Url }).ToArray()),
                },
            },
        };
        return body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>An Adaptive Card block of plain text (no Markdown), with the run's style.</summary>
    private static JsonObject Plain(string text, JsonObject style)
    {
        style["type"] = "TextRun";
        style["text"] = text;
        return new JsonObject { ["type"] = "RichTextBlock", ["inlines"] = new JsonArray(style) };
    }

    private static string Tags(StructuredSummary s, IReadOnlyList<(string Outlet, string? Url)> outlets) =>
        string.Join(" · ", s.PartnerCountries.Select(c => c.Name).Concat(s.Sectors.Select(x => x.Label)).Append(string.Join(", ", outlets.Select(o => o.Outlet))));

    /// <summary>Slack's three control characters in message text (&amp;, &lt;, &gt;), escaped as Slack asks.</summary>
    private static string SlackEscape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string? SafeUrl(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u.AbsoluteUri : null;
}

/// <summary>Settings of <see cref="WebhookSender"/>.</summary>
public sealed class WebhookOptions
{
    /// <summary>Attempts per delivery, with a doubling pause between them (1 s, 2 s…): a receiver that restarts gets a moment.</summary>
    public int Attempts { get; set; } = 3;

    public TimeSpan FirstPause { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>The outcome of a webhook delivery: delivered, or given up on after <paramref name="Attempts"/> with the last error.</summary>
public sealed record WebhookResult(bool Delivered, int Attempts, string? Error);

/// <summary>
/// Posts JSON to a webhook with retries: network errors, timeouts, 408, 429 and 5xx are retried with a doubling pause;
/// other answers (400, 404, 410…) are final. Each post carries an <c>Idempotency-Key</c> header (the delivery key) so
/// a receiver that saw an earlier attempt can drop a repeat. Thread-safe.
/// </summary>
public sealed class WebhookSender(HttpClient http, WebhookOptions options, TimeProvider clock)
{
    public async Task<WebhookResult> SendAsync(Uri url, string json, string deliveryKey, CancellationToken cancellationToken = default)
    {
        if (url.Scheme is not ("https" or "http")) return new(false, 0, $"{url.Scheme}: only http(s) webhooks are supported");
        string? error = null;
        var pause = options.FirstPause;
        for (int attempt = 1; attempt <= options.Attempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(pause, clock, cancellationToken);
                pause *= 2;
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", deliveryKey);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Timeout);
            try
            {
                using var response = await http.SendAsync(request, timeout.Token);
                if (response.IsSuccessStatusCode) return new(true, attempt, null);
                error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
                if (!Retryable(response.StatusCode)) return new(false, attempt, error);
            }
            catch (HttpRequestException e) { error = e.Message; }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { error = $"no answer within {options.Timeout.TotalSeconds:0} s"; }
        }
        return new(false, options.Attempts, error);
    }

    private static bool Retryable(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
