using System.Globalization;
using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using NewsMonitor.Azure.Http;
using NewsMonitor.Domain;
using NewsMonitor.Ports;

namespace NewsMonitor.Azure.Email;

/// <summary>An accepted send that ended in <c>Failed</c> or <c>Canceled</c>: the operation's error as the service gave it.</summary>
public sealed class EmailSendFailedException(string operationId, string status, string? errorCode, string? errorMessage)
    : Exception($"ACS Email operation {operationId} ended {status}: {errorCode ?? "(no code)"}: {errorMessage ?? "(no message)"}")
{
    public string OperationId { get; } = operationId;

    /// <summary><c>Failed</c> or <c>Canceled</c>.</summary>
    public string Status { get; } = status;

    public string? ErrorCode { get; } = errorCode;
}

/// <summary>How a send ended: the operation id it ran under and its terminal status (<c>Succeeded</c>).</summary>
public sealed record EmailSendResult(string OperationId, string Status);

/// <summary>
/// <see cref="IEmailSender"/> over the Azure Communication Services Email REST API:
/// <c>POST {endpoint}/emails:send?api-version=2025-09-01</c>, then the operation polled until it succeeds, fails or is
/// canceled. Auth is an Entra ID bearer token for <c>https://communication.azure.com/.default</c> (a managed identity
/// with a Communication Services role), applied on every try.
/// </summary>
/// <remarks>
/// <para>Idempotent by <c>Operation-Id</c>: a UUID derived from the message's <see cref="EmailMessage.DeliveryKey"/> and
/// recipient (or, without a key, from its content), so Azure.Core's retries of the POST and a later retry of the same
/// delivery carry the same id. A 409 answer (the first request with this id still in progress, per ACS's repeatable
/// requests) is polled like an acceptance.</para>
/// <para>Waits honour the service: retries no sooner than <c>Retry-After</c> (bounded by
/// <see cref="AcsEmailOptions.MaxRetryAfter"/>), polls no sooner than <c>retry-after</c>, all polls within
/// <see cref="AcsEmailOptions.MaxPollWait"/> (then <see cref="TimeoutException"/>). A failed request throws
/// <see cref="RequestFailedException"/> naming the service's error code and message; an operation that ends Failed or
/// Canceled throws <see cref="EmailSendFailedException"/>. Thread-safe.</para>
/// </remarks>
public class AcsEmailSender : IEmailSender
{
    /// <summary>The Entra ID scope of Azure Communication Services.</summary>
    public const string Scope = "https://communication.azure.com/.default";

    private const string Operation = "ACS Email send";

    private readonly HttpPipeline _pipeline = null!;
    private readonly AcsEmailOptions _options = null!;
    private readonly Uri _endpoint = null!;
    private readonly TimeProvider _clock = null!;

    /// <summary>For mocking.</summary>
    protected AcsEmailSender()
    {
    }

    /// <param name="clock">Times the polls (and reads date-form <c>Retry-After</c>); the system clock by default.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public AcsEmailSender(AcsEmailOptions options, TokenCredential credential, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("ACS Email settings are invalid: " + string.Join(" ", errors), nameof(options));
        _options = options;
        _clock = clock ?? TimeProvider.System;
        _endpoint = new Uri(options.Endpoint!.AbsoluteUri.TrimEnd('/'));
        options.RetryPolicy ??= BoundedRetryPolicy.From(options.Retry, options.MaxRetryAfter, _clock);
        _pipeline = HttpPipelineBuilder.Build(options, new BearerTokenAuthenticationPolicy(credential, Scope));
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default) =>
        await SendAndWaitAsync(message, cancellationToken).ConfigureAwait(false);

    /// <summary>Sends and waits for the operation to succeed; see the class remarks for what throws.</summary>
    public virtual async Task<EmailSendResult> SendAndWaitAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var operationId = OperationId(message);
        var accepted = await PostAsync(message, operationId, cancellationToken).ConfigureAwait(false);
        var started = _clock.GetTimestamp();
        var state = accepted;
        while (!IsTerminal(state.Status))
        {
            var delay = state.RetryAfter ?? _options.PollInterval;
            var waited = _clock.GetElapsedTime(started);
            if (waited + delay > _options.MaxPollWait)
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"ACS Email operation {operationId} is still {state.Status} after {waited.TotalSeconds:0.#} s, and the next poll would pass MaxPollWait ({_options.MaxPollWait.TotalSeconds:0.#} s). Sending the same delivery again reuses this Operation-Id."));
            await Task.Delay(delay, _clock, cancellationToken).ConfigureAwait(false);
            state = await PollAsync(accepted.Location, operationId, cancellationToken).ConfigureAwait(false);
        }
        if (state.Status != "Succeeded") throw new EmailSendFailedException(operationId, state.Status, state.Error?.Code, state.Error?.Message);
        return new EmailSendResult(operationId, state.Status);
    }

    /// <summary>
    /// The request's <c>Operation-Id</c>: a version-8 (name-based, SHA-256) UUID of the delivery key and recipient, or of
    /// recipient, subject and bodies when the message has no key. The same delivery always gets the same id.
    /// </summary>
    public static string OperationId(EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var name = message.DeliveryKey is { } key
            ? $"newsmonitor-delivery\n{key}\n{message.To}"
            : $"newsmonitor-content\n{message.To}\n{message.Subject}\n{message.Text}\n{message.Html}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8 (RFC 9562)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    private sealed record OperationState(string Status, ServiceError? Error, TimeSpan? RetryAfter, Uri Location);

    private async Task<OperationState> PostAsync(EmailMessage message, string operationId, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(Payload(message), AcsJson.Default.AcsSendRequest);
        using var http = ServiceRequests.PostJson(_pipeline, _endpoint, "/emails:send", _options.ApiVersion, body);
        http.Request.Headers.SetValue("Operation-Id", operationId);
        await _pipeline.SendAsync(http, cancellationToken).ConfigureAwait(false);

        var response = http.Response;
        var fallback = OperationUri(operationId);
        if (response.Status == 409)
            // The first request with this Operation-Id is still in progress (a retry raced it): follow that operation.
            return new OperationState("Running", null, RetryAfter.Of(response, _clock), fallback);
        if (response.Status != 202) throw ServiceErrors.Failure(response, Operation);
        var result = Read(response, Operation + " (202 Accepted)");
        var location = response.Headers.TryGetValue("Operation-Location", out var header) ? SameService(header, fallback) : fallback;
        return new OperationState(result.Status!, result.Error, RetryAfter.Of(response, _clock), location);
    }

    private async Task<OperationState> PollAsync(Uri location, string operationId, CancellationToken cancellationToken)
    {
        using var http = _pipeline.CreateMessage();
        http.Request.Method = RequestMethod.Get;
        http.Request.Uri.Reset(location);
        http.Request.Headers.SetValue("Accept", "application/json");
        await _pipeline.SendAsync(http, cancellationToken).ConfigureAwait(false);
        var response = http.Response;
        var what = $"ACS Email operation {operationId} status";
        if (response.Status != 200) throw ServiceErrors.Failure(response, what);
        var result = Read(response, what);
        return new OperationState(result.Status!, result.Error, RetryAfter.Of(response, _clock), location);
    }

    private static AcsOperation Read(Response response, string operation)
    {
        AcsOperation? result;
        try
        {
            result = JsonSerializer.Deserialize(response.Content.ToMemory().Span, AcsJson.Default.AcsOperation);
        }
        catch (JsonException e)
        {
            throw ServiceErrors.Unreadable(response, operation, "the body is not JSON (" + e.Message + ")", e);
        }
        if (result?.Status is not { Length: > 0 }) throw ServiceErrors.Unreadable(response, operation, "the body has no operation status");
        return result;
    }

    private static bool IsTerminal(string status) => status is "Succeeded" or "Failed" or "Canceled";

    private Uri OperationUri(string operationId)
    {
        var builder = new RequestUriBuilder();
        builder.Reset(_endpoint);
        builder.AppendPath("/emails/operations/", escape: false);
        builder.AppendPath(operationId, escape: true);
        builder.AppendQuery("api-version", _options.ApiVersion);
        return builder.ToUri();
    }

    /// <summary>The Operation-Location when it points at this resource; otherwise the documented operation URL (the bearer token goes nowhere else).</summary>
    private Uri SameService(string location, Uri fallback) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && Uri.Compare(uri, _endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            ? uri
            : fallback;

    private AcsSendRequest Payload(EmailMessage message)
    {
        var to = MailAddress.TryCreate(message.To, out var address)
            ? new AcsAddress(address.Address, address.DisplayName.Length > 0 ? address.DisplayName : null)
            : throw new ArgumentException($"'{message.To}' is not an email address.", nameof(message));
        var headers = _options.SendCustomHeaders && message.Headers.Count > 0
            ? message.Headers.Where(h => !string.IsNullOrWhiteSpace(h.Key) && h.Value is not null).ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase)
            : null;
        return new AcsSendRequest(
            _options.SenderAddress!,
            new AcsContent(message.Subject, message.Text, message.Html),
            new AcsRecipients([to]),
            string.IsNullOrWhiteSpace(_options.ReplyTo) ? null : [new AcsAddress(_options.ReplyTo, null)],
            headers,
            _options.UserEngagementTrackingDisabled);
    }
}

// The wire shapes of emails:send and emails/operations/{id} (2025-09-01).

internal sealed record AcsSendRequest(
    string SenderAddress,
    AcsContent Content,
    AcsRecipients Recipients,
    IReadOnlyList<AcsAddress>? ReplyTo,
    IReadOnlyDictionary<string, string>? Headers,
    bool UserEngagementTrackingDisabled);

internal sealed record AcsContent(string Subject, string PlainText, string Html);

internal sealed record AcsRecipients(IReadOnlyList<AcsAddress> To);

internal sealed record AcsAddress(string Address, string? DisplayName);

internal sealed record AcsOperation(string? Id, string? Status, ServiceError? Error);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AcsSendRequest))]
[JsonSerializable(typeof(AcsOperation))]
internal sealed partial class AcsJson : JsonSerializerContext;
