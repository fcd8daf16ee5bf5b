using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using NewsMonitor.Domain;
using NewsMonitor.Ports;

namespace NewsMonitor.Subscriptions;

/// <summary>What a subscriber asks for on the subscribe or preferences page.</summary>
public sealed record SubscriptionRequest(
    string Email,
    string Language,
    IReadOnlyList<string> Sectors,
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> Keywords,
    bool Instant,
    bool Digest,
    bool KeywordsIgnoreDiacritics = true,
    QuietHours? QuietHours = null,
    int? MaxAlertsPerHour = null,
    bool NothingTodayNote = false);

/// <summary>The answer to a subscribe request. <see cref="Accepted"/> is the same whether or not the address was subscribed.</summary>
public enum SubscribeOutcome { Accepted, Invalid, RateLimited }

/// <param name="Problem">For <see cref="SubscribeOutcome.Invalid"/>: which field, and what is wrong with it.</param>
public sealed record SubscribeResult(SubscribeOutcome Outcome, string? Problem = null);

/// <summary>The outcome of following a link: done, or the token's problem (each has its own page).</summary>
/// <param name="Invalid">For a preferences form: which field, and what is wrong with it; nothing was saved.</param>
public sealed record LinkResult(Subscription? Subscription, TokenProblem? Problem, bool AlreadyDone = false, string? Invalid = null);

/// <summary>Settings of <see cref="SubscriptionService"/>, bound from <c>NewsMonitor:Subscriptions</c>.</summary>
public sealed class SubscriptionServiceOptions
{
    public const string Section = "NewsMonitor:Subscriptions";

    /// <summary>
    /// Where the pages are served, for the links in emails: the HTTP functions' <c>https://{app}/api/</c> (by default
    /// from <c>WEBSITE_HOSTNAME</c>) or <c>newsmon serve</c>'s <c>http://127.0.0.1:8080/api/</c>.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Subscribe requests for one address per hour: enough to retry, too few to flood someone's inbox.</summary>
    public int RequestsPerAddressPerHour { get; set; } = 3;

    /// <summary>Subscribe requests from one client (IP address) per hour.</summary>
    public int RequestsPerClientPerHour { get; set; } = 20;
}

/// <summary>
/// Double opt-in subscriptions. A subscribe request stores the address unconfirmed and sends only a confirmation
/// email; nothing else is sent until the link in it is followed. The answer never says whether the address was
/// subscribed: a confirmed subscriber who asks again gets an email with a link to their preferences instead, and their
/// rules do not change. Requests are limited per address and per client (in this process: with the Functions app
/// scaled out, per instance). Links carry <see cref="SubscriptionTokens"/> with the subscription's link version: every
/// request and the confirmation renew it, so a confirmation link works once and only the latest does; a subscription
/// made again after an unsubscribe starts from a random version, so the old one's links do not open it.
/// </summary>
public sealed class SubscriptionService : IDisposable
{
    private readonly ISubscriptionStore _store;
    private readonly IEmailSender _email;
    private readonly SubscriberLinks _links;
    private readonly SubscriptionTokens _tokens;
    private readonly PartitionedRateLimiter<string> _limiter;

    public SubscriptionService(ISubscriptionStore store, IEmailSender email, SubscriberLinks links, SubscriptionServiceOptions options)
    {
        _store = store;
        _email = email;
        _links = links;
        _tokens = links.Tokens;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
        {
            PermitLimit = k.StartsWith("client:", StringComparison.Ordinal) ? options.RequestsPerClientPerHour : options.RequestsPerAddressPerHour,
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
        }), StringComparer.Ordinal);
    }

    /// <summary>A subscription's id: derived from its address (lower case), so asking again finds the same record without an index of addresses.</summary>
    public static string IdFor(string email) =>
        "s-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())))[..20];

    public async Task<SubscribeResult> SubscribeAsync(SubscriptionRequest request, string client, CancellationToken cancellationToken = default)
    {
        if (AddressProblem(request.Email) is { } problem) return new(SubscribeOutcome.Invalid, $"email: {problem}");
        if (RulesProblem(request) is { } rules) return new(SubscribeOutcome.Invalid, rules);
        var address = request.Email.Trim();
        // The client's permit first: a client over its limit must not use up the address's (and so lock its owner out).
        using (var byClient = _limiter.AttemptAcquire("client:" + client))
        {
            if (!byClient.IsAcquired) return new(SubscribeOutcome.RateLimited);
            using var byAddress = _limiter.AttemptAcquire("address:" + address.ToLowerInvariant());
            if (!byAddress.IsAcquired) return new(SubscribeOutcome.RateLimited);
        }

        var id = IdFor(address);
        var existing = await _store.GetAsync(id, cancellationToken);
        if (existing is { Confirmed: true })
        {
            // Already subscribed: the rules stay as they are (whoever asked may not be the subscriber); the subscriber
            // learns of the request and gets a way to their preferences. The answer is the same as for a new address.
            await _store.UpsertAsync(existing, cancellationToken); // the same work as for a new address: the time taken tells nothing
            await _email.SendAsync(SubscriptionMail.AlreadySubscribed(existing, _links), cancellationToken);
            return new(SubscribeOutcome.Accepted);
        }
        // A new link version for every request: only the latest confirmation link confirms (the rules asked for last),
        // and a subscription made again after an unsubscribe starts from a random version, so no link of the old one
        // (same id: it comes from the address) opens the new.
        var pending = ToSubscription(id, address, request, confirmed: false, version: existing is null ? RandomNumberGenerator.GetInt32(1, int.MaxValue / 2) : existing.LinkVersion + 1);
        await _store.UpsertAsync(pending, cancellationToken);
        await _email.SendAsync(SubscriptionMail.Confirmation(pending, _links), cancellationToken);
        return new(SubscribeOutcome.Accepted);
    }

    /// <summary>
    /// Follows a confirmation link and sends the welcome email (the links to preferences and to unsubscribe). A replay
    /// after confirming says so (<see cref="LinkResult.AlreadyDone"/>), not an error.
    /// </summary>
    public async Task<LinkResult> ConfirmAsync(string? token, CancellationToken cancellationToken = default)
    {
        var opened = await InspectAsync(token, TokenPurpose.Confirm, cancellationToken);
        if (opened.Subscription is not { } sub || opened.AlreadyDone) return opened;
        var confirmed = sub with { Confirmed = true, LinkVersion = sub.LinkVersion + 1 };
        await _store.UpsertAsync(confirmed, cancellationToken);
        await _email.SendAsync(SubscriptionMail.Welcome(confirmed, _links), cancellationToken);
        return new(confirmed, null);
    }

    /// <summary>Follows an unsubscribe link (or its one-click POST): the subscription is deleted. Twice is fine.</summary>
    public async Task<LinkResult> UnsubscribeAsync(string? token, CancellationToken cancellationToken = default)
    {
        var opened = await InspectAsync(token, TokenPurpose.Unsubscribe, cancellationToken);
        if (opened.Subscription is not { } sub) return opened; // a problem, or gone already (another subscription may have the id now)
        await _store.DeleteAsync(sub.Id, cancellationToken);
        return new(sub, null);
    }

    /// <summary>
    /// What following a link would meet, changing nothing: the subscription the token opens, or why it opens none. A
    /// token issued for an earlier link version (or a subscription gone since) is <see cref="TokenProblem.Superseded"/>,
    /// except that an unsubscribe link then finds its work done, and so does a confirmation link of a confirmed subscription.
    /// </summary>
    public async Task<LinkResult> InspectAsync(string? token, TokenPurpose purpose, CancellationToken cancellationToken = default)
    {
        var check = _tokens.Check(token, purpose);
        if (!check.IsValid) return new(null, check.Problem);
        var sub = await _store.GetAsync(check.Claims!.SubscriptionId, cancellationToken);
        if (sub is null || sub.LinkVersion != check.Claims.Version)
            return purpose switch
            {
                TokenPurpose.Unsubscribe => new(null, null, AlreadyDone: true),
                TokenPurpose.Confirm when sub is { Confirmed: true } => new(sub, null, AlreadyDone: true),
                _ => new(null, TokenProblem.Superseded),
            };
        return new(sub, null);
    }

    /// <summary>The subscription a preferences link opens.</summary>
    public Task<LinkResult> OpenPreferencesAsync(string? token, CancellationToken cancellationToken = default) =>
        InspectAsync(token, TokenPurpose.Preferences, cancellationToken);

    /// <summary>Saves new rules from the preferences page. The address cannot be changed here (that takes a new confirmation).</summary>
    public async Task<LinkResult> UpdatePreferencesAsync(string? token, SubscriptionRequest request, CancellationToken cancellationToken = default)
    {
        var opened = await OpenPreferencesAsync(token, cancellationToken);
        return opened.Subscription is { } sub ? await UpdatePreferencesAsync(sub, request, cancellationToken) : opened;
    }

    /// <summary>Saves new rules for a subscription a preferences link has just opened (<see cref="OpenPreferencesAsync"/>), without reading it again.</summary>
    public async Task<LinkResult> UpdatePreferencesAsync(Subscription opened, SubscriptionRequest request, CancellationToken cancellationToken = default)
    {
        if (RulesProblem(request) is { } problem) return new(opened, null, Invalid: problem);
        var updated = WithRules(opened, request); // the rules only: address, state, link version and webhook stay as they are
        await _store.UpsertAsync(updated, cancellationToken);
        return new(updated, null);
    }

    /// <summary>What is wrong with an address, or null: one plain address (no display name, spaces, line breaks or markup), at most 254 characters.</summary>
    public static string? AddressProblem(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return "is empty";
        var e = email.Trim();
        if (e.Length > 254) return "is longer than 254 characters";
        if (e.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format
                       || c is '<' or '>' or '"' or '(' or ')' or ',' or ';' or '\\' or '[' or ']'))
            return "contains a space, a line break or a character an address cannot have";
        int at = e.LastIndexOf('@');
        if (at <= 0 || at == e.Length - 1 || !e[(at + 1)..].Contains('.') || e[(at + 1)..].StartsWith('.') || e.EndsWith('.'))
            return "is not an address such as name@example.vn";
        try { return new System.Net.Mail.MailAddress(e).Address == e ? null : "is not a plain address"; }
        catch (FormatException) { return "is not an address such as name@example.vn"; }
    }

    /// <summary>What is wrong with the rules of a request (the sectors and countries are checked against the taxonomy by the page), or null.</summary>
    private static string? RulesProblem(SubscriptionRequest request) =>
        request.Language is not ("vi" or "en") ? "language: must be vi or en"
        : !request.Instant && !request.Digest ? "delivery: choose instant alerts, the daily digest or both"
        : request.MaxAlertsPerHour is < 1 or > 1000 ? "maxAlertsPerHour: a whole number from 1 to 1000"
        : request.QuietHours is { } q && q.Start == q.End ? "quietHours: the start and the end must differ"
        : request.Keywords.Any(k => k.Length > 100 || k.Any(char.IsControl)) ? "keywords: each at most 100 characters, without line breaks"
        : null;

    /// <summary>The subscription a request would make, saved nowhere: for the pages' preview of what its rules catch.</summary>
    public static Subscription Draft(SubscriptionRequest request) => ToSubscription("draft", request.Email, request, confirmed: false, version: 0);

    private static Subscription ToSubscription(string id, string email, SubscriptionRequest request, bool confirmed, int version) =>
        WithRules(new Subscription(id, email, request.Language, [], [], [], false, false, confirmed) { LinkVersion = version }, request);

    /// <summary>The subscription with the rules of <paramref name="r"/>: everything a subscriber chooses on the form.</summary>
    private static Subscription WithRules(Subscription s, SubscriptionRequest r) => s with
    {
        Language = r.Language, Sectors = r.Sectors, Countries = r.Countries, Keywords = r.Keywords, Instant = r.Instant, Digest = r.Digest,
        KeywordsIgnoreDiacritics = r.KeywordsIgnoreDiacritics, QuietHours = r.QuietHours, MaxAlertsPerHour = r.MaxAlertsPerHour, NothingTodayNote = r.NothingTodayNote,
    };

    public void Dispose() => _limiter.Dispose();
}
