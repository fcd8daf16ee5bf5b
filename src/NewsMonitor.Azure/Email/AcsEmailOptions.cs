using System.Net.Mail;
using Azure.Core;

namespace NewsMonitor.Azure.Email;

/// <summary>
/// Settings of the Azure Communication Services Email sender, bound from the <see cref="SectionName"/> section. Retries,
/// transport and diagnostics are Azure.Core's (<see cref="ClientOptions"/>); the defaults retry 3 times, at least 1 s
/// apart and never sooner than the service's <c>Retry-After</c>.
/// </summary>
public sealed class AcsEmailOptions : ClientOptions
{
    public const string SectionName = "AcsEmail";

    /// <summary>
    /// The newest stable Email API (azure-rest-api-specs <c>communication/data-plane/Email/stable/2025-09-01</c>). The
    /// request and operation shapes this sender uses, custom <c>headers</c> included, are the same in 2023-03-31.
    /// </summary>
    public const string DefaultApiVersion = "2025-09-01";

    public AcsEmailOptions()
    {
        Retry.MaxRetries = 3;
        Retry.Delay = TimeSpan.FromSeconds(1);
        Retry.MaxDelay = TimeSpan.FromSeconds(30);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>The Communication Services resource endpoint, <c>https://&lt;resource&gt;.communication.azure.com</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The sender: an address of a verified domain connected to the resource, e.g. <c>DoNotReply@news.example.vn</c>. Its display name is set on the domain's sender username, not per message.</summary>
    public string? SenderAddress { get; set; }

    /// <summary>Where replies go, if not to the sender (a DoNotReply address drops them).</summary>
    public string? ReplyTo { get; set; }

    public string ApiVersion { get; set; } = DefaultApiVersion;

    /// <summary>
    /// Keep ACS open and click tracking off for these messages (it rewrites links and adds a pixel); it only matters when
    /// tracking is on for the resource.
    /// </summary>
    public bool UserEngagementTrackingDisabled { get; set; } = true;

    /// <summary>Send the message's custom headers (<c>List-Unsubscribe</c>…) in the request's <c>headers</c> field.</summary>
    public bool SendCustomHeaders { get; set; } = true;

    /// <summary>The wait between status polls when the service gives no <c>retry-after</c> (its examples give 20 s and more).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest total wait for an accepted send to finish. A poll the service asks to delay past it is not waited for: the
    /// send fails with a timeout, and a retry of the same delivery reuses its Operation-Id.
    /// </summary>
    public TimeSpan MaxPollWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A 429 or 503 asking to wait longer than this is not retried: the send fails at once with the service's error.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Everything wrong with these settings, each naming the setting and what it should be; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Endpoint is null)
            errors.Add($"{SectionName}:Endpoint is required: the resource endpoint, https://<resource>.communication.azure.com.");
        else if (!Endpoint.IsAbsoluteUri || Endpoint.Scheme != Uri.UriSchemeHttps)
            errors.Add($"{SectionName}:Endpoint must be an absolute https URI (tokens never travel in clear text); got '{Endpoint}'.");
        if (string.IsNullOrWhiteSpace(SenderAddress))
            errors.Add($"{SectionName}:SenderAddress is required: an address of a verified domain, e.g. DoNotReply@<domain>.");
        else if (!MailAddress.TryCreate(SenderAddress, out var sender) || sender.DisplayName.Length > 0)
            errors.Add($"{SectionName}:SenderAddress '{SenderAddress}' is not a bare email address (the display name belongs to the domain's sender username).");
        if (!string.IsNullOrWhiteSpace(ReplyTo) && !MailAddress.TryCreate(ReplyTo, out _))
            errors.Add($"{SectionName}:ReplyTo '{ReplyTo}' is not an email address.");
        if (string.IsNullOrWhiteSpace(ApiVersion))
            errors.Add($"{SectionName}:ApiVersion is empty; {DefaultApiVersion} is the version this sender was written against.");
        if (PollInterval <= TimeSpan.Zero)
            errors.Add($"{SectionName}:PollInterval is {PollInterval}; it must be positive.");
        if (MaxPollWait <= TimeSpan.Zero)
            errors.Add($"{SectionName}:MaxPollWait is {MaxPollWait}; it must be positive.");
        if (MaxRetryAfter < TimeSpan.Zero)
            errors.Add($"{SectionName}:MaxRetryAfter is negative ({MaxRetryAfter}).");
        if (Retry.MaxRetries < 0)
            errors.Add($"{SectionName}:Retry:MaxRetries is negative ({Retry.MaxRetries}).");
        return errors;
    }
}
