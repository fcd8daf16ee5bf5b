using System.Net;
using NewsMonitor.Domain;

namespace NewsMonitor.Subscriptions;

/// <summary>The links and headers of one email to a subscriber (<see cref="SubscriberLinks.ForEmail"/>).</summary>
public sealed record EmailLinks(Uri Preferences, Uri Unsubscribe, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// The links of the subscription pages that emails carry: confirm, preferences and unsubscribe, each with a signed token
/// for the subscription's current link version. <paramref name="publicBaseUrl"/> is where the pages are served: the
/// HTTP functions' <c>https://{app}/api/</c> or <c>newsmon serve</c>'s <c>http://127.0.0.1:{port}/api/</c>.
/// </summary>
public sealed class SubscriberLinks(SubscriptionTokens tokens, Uri publicBaseUrl)
{
    /// <summary>The value of <c>List-Unsubscribe-Post</c> (RFC 8058): a POST of this body to the unsubscribe link unsubscribes.</summary>
    public const string OneClickBody = "List-Unsubscribe=One-Click";

    // "https://x.vn/newsmon" is a folder here: without its trailing slash, relative links would replace "newsmon".
    private readonly Uri _root = publicBaseUrl.AbsoluteUri.EndsWith('/') ? publicBaseUrl : new Uri(publicBaseUrl.AbsoluteUri + "/");

    public SubscriptionTokens Tokens => tokens;

    public Uri Confirm(Subscription subscription) => Link("confirm", TokenPurpose.Confirm, subscription);

    public Uri Preferences(Subscription subscription) => Link("preferences", TokenPurpose.Preferences, subscription);

    public Uri Unsubscribe(Subscription subscription) => Link("unsubscribe", TokenPurpose.Unsubscribe, subscription);

    /// <summary>A page's address without a token (the subscribe form).</summary>
    public Uri Page(string page, string? language = null) => new(_root, language is null ? page : $"{page}?lang={language}");

    /// <summary>
    /// What every email to the subscriber carries, each link signed once: the preferences and unsubscribe links, and the
    /// headers that let a mail client offer its own unsubscribe button: <c>List-Unsubscribe</c> with the signed link,
    /// and <c>List-Unsubscribe-Post</c> saying that a POST to it needs no further step (RFC 8058).
    /// </summary>
    public EmailLinks ForEmail(Subscription subscription)
    {
        var unsubscribe = Unsubscribe(subscription);
        return new EmailLinks(Preferences(subscription), unsubscribe, new Dictionary<string, string>
        {
            ["List-Unsubscribe"] = $"<{unsubscribe.AbsoluteUri}>",
            ["List-Unsubscribe-Post"] = OneClickBody,
            ["X-NewsMonitor-Subscription"] = subscription.Id,
        });
    }

    /// <summary>
    /// A page's link with a token; it names the subscriber's language too, so that the page speaks it even when the token
    /// finds no subscription (expired, tampered with, or unsubscribed already).
    /// </summary>
    private Uri Link(string page, TokenPurpose purpose, Subscription subscription) =>
        new(_root, $"{page}?token={WebUtility.UrlEncode(tokens.Issue(purpose, subscription.Id, subscription.LinkVersion))}&lang={(subscription.Language == "en" ? "en" : "vi")}");
}
