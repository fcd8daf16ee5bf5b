using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace NewsMonitor.Azure.Http;

/// <summary>Sets one header on every try, e.g. <c>Ocp-Apim-Subscription-Key</c>. Runs per retry, like the bearer policy.</summary>
internal sealed class HeaderPolicy(string name, string value) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) => message.Request.Headers.SetValue(name, value);
}

/// <summary>
/// Azure.Core's retry policy (408, 429, 500, 502, 503, 504 and network errors; exponential back-off capped at
/// <see cref="RetryOptions.MaxDelay"/>; never sooner than the response's <c>Retry-After</c>, <c>retry-after-ms</c> or
/// <c>x-ms-retry-after-ms</c>) with one bound more: a response asking for a wait longer than <c>maxServerDelay</c> is
/// not retried, so the caller gets the failure instead of a thread parked for an hour.
/// </summary>
internal sealed class BoundedRetryPolicy(int maxRetries, DelayStrategy delay, TimeSpan maxServerDelay, TimeProvider clock) : RetryPolicy(maxRetries, delay)
{
    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        base.ShouldRetry(message, exception) && WithinBound(message);

    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        await base.ShouldRetryAsync(message, exception).ConfigureAwait(false) && WithinBound(message);

    private bool WithinBound(HttpMessage message) =>
        !message.HasResponse || RetryAfter.Of(message.Response, clock) is not { } wait || wait <= maxServerDelay;

    public static BoundedRetryPolicy From(RetryOptions retry, TimeSpan maxServerDelay, TimeProvider clock) =>
        new(retry.MaxRetries,
            retry.Mode == RetryMode.Fixed ? DelayStrategy.CreateFixedDelayStrategy(retry.Delay) : DelayStrategy.CreateExponentialDelayStrategy(retry.Delay, retry.MaxDelay),
            maxServerDelay, clock);
}

/// <summary>The wait a response asks for, from the headers Azure services use.</summary>
internal static class RetryAfter
{
    /// <summary><c>retry-after-ms</c>, <c>x-ms-retry-after-ms</c> (milliseconds) or <c>Retry-After</c> (seconds or an HTTP date); null when none is given or valid.</summary>
    public static TimeSpan? Of(Response response, TimeProvider clock)
    {
        foreach (var name in (string[])["retry-after-ms", "x-ms-retry-after-ms"])
            if (response.Headers.TryGetValue(name, out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m >= 0)
                return TimeSpan.FromMilliseconds(m);
        if (!response.Headers.TryGetValue("Retry-After", out var value)) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var wait = at - clock.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}

/// <summary>
/// Turns a failed response into a <see cref="RequestFailedException"/> whose message names the service, the status,
/// and the service's error code and message from the Azure error body <c>{"error":{"code","message","innererror"}}</c>
/// (or the <c>x-ms-error-code</c> header), and whose <see cref="RequestFailedException.ErrorCode"/> is that code.
/// </summary>
internal static class ServiceErrors
{
    public static RequestFailedException Failure(Response response, string operation)
    {
        var body = response.Content?.ToMemory() ?? ReadOnlyMemory<byte>.Empty;
        response.Headers.TryGetValue("x-ms-error-code", out var headerCode);
        string status = $"HTTP {response.Status}{(string.IsNullOrEmpty(response.ReasonPhrase) ? "" : " " + response.ReasonPhrase)}";
        if (TryReadError(body.Span) is { } error)
        {
            var code = error.Code ?? headerCode;
            var text = $"{operation} failed: {status}, error {code ?? "(no code)"}: {error.Message ?? "(no message)"}";
            if (error.Innererror is { Code: { } innerCode } inner) text += $" (inner error {innerCode}: {inner.Message})";
            return new RequestFailedException(response.Status, text, code, null);
        }
        return new RequestFailedException(response.Status,
            $"{operation} failed: {status}, and the body is not an Azure error object: {Clip(body.Span)}", headerCode, null);
    }

    /// <summary>A success status whose body is not what the service documents.</summary>
    public static RequestFailedException Unreadable(Response response, string operation, string what, Exception? inner = null) =>
        new(response.Status, $"{operation}: HTTP {response.Status} but {what}: {Clip(response.Content is null ? default : response.Content.ToMemory().Span)}", null, inner);

    private static ServiceError? TryReadError(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return null;
        try
        {
            return JsonSerializer.Deserialize(body, ServiceJson.Default.ErrorResponse)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The first 200 characters of a body, on one line, for messages.</summary>
    public static string Clip(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return "(empty)";
        var text = System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 400)]).ReplaceLineEndings(" ");
        return text.Length > 200 ? text[..200] + "…" : text;
    }
}

/// <summary>Requests of the REST services the adapters call without an SDK.</summary>
internal static class ServiceRequests
{
    /// <summary>A JSON POST to <paramref name="path"/> of <paramref name="endpoint"/> at <paramref name="apiVersion"/>; the caller sends and disposes it.</summary>
    public static HttpMessage PostJson(HttpPipeline pipeline, Uri endpoint, string path, string apiVersion, byte[] body)
    {
        var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(endpoint);
        request.Uri.AppendPath(path, escape: false);
        request.Uri.AppendQuery("api-version", apiVersion);
        request.Headers.SetValue("Content-Type", "application/json");
        request.Headers.SetValue("Accept", "application/json");
        request.Content = RequestContent.Create(body);
        return message;
    }
}
