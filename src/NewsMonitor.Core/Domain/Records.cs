using System.Text.Json.Serialization;

namespace NewsMonitor.Domain;

/// <summary>A source of news: a feed the <c>FetchFeeds</c> stage polls.</summary>
/// <param name="Id">Unique kebab-case id, used as the feed-state key.</param>
/// <param name="Url">Absolute http(s) or file URI of the feed.</param>
public sealed record Source(string Id, string Name, string Outlet, SourceType Type, Uri Url, string Language);

[JsonConverter(typeof(JsonStringEnumConverter<SourceType>))]
public enum SourceType { Rss, Atom }

/// <summary>One item of a parsed feed.</summary>
public sealed record FeedItem(string Title, Uri Link, DateTimeOffset? Published, string? Summary, string? Guid);

/// <summary>
/// The raw-article envelope written to <c>raw/{id}.json</c> by <c>FetchArticle</c>.
/// <see cref="Html"/> is the decoded page text; <see cref="Charset"/> says how it was decoded.
/// </summary>
public sealed record RawArticle(
    string Id,
    string Url,
    string SourceId,
    string Outlet,
    DateTimeOffset FetchedAt,
    int Status,
    IReadOnlyDictionary<string, string> Headers,
    string Charset,
    string Html,
    string? FeedTitle = null,
    DateTimeOffset? FeedPublished = null);

/// <summary>What the extractor found on a page.</summary>
public sealed record ExtractedArticle(
    string? Title,
    DateTimeOffset? PublishedAt,
    string? Author,
    string? SiteName,
    string? CanonicalUrl,
    string? Language,
    string? Description,
    IReadOnlyList<string> Paragraphs)
{
    /// <summary>The lead (sapo) when the page marks one; it is also the first of <see cref="Paragraphs"/>.</summary>
    public string? Lead { get; init; }

    public string Body => string.Join('\n', Paragraphs);
}

/// <summary>A label with the text that caused it, so a reader can see why it was tagged.</summary>
public sealed record Evidence(string Text, string? Context = null);

public sealed record CountryTag(string Code, string Name, IReadOnlyList<Evidence> Evidence);

public sealed record SectorTag(string Id, string Label, double Score, IReadOnlyList<Evidence> Evidence);

public sealed record EventTypeTag(string Id, string Label, IReadOnlyList<Evidence> Evidence);

/// <summary>A place named in the article.</summary>
/// <param name="Country"><c>VN</c> or the ISO code of a foreign place's country. Always set by the analyser; for an enricher's
/// place, set when the gazetteer knows the name and null otherwise.</param>
public sealed record LocalityTag(string Name, string? Country, Evidence Evidence, string? CurrentUnit = null)
{
    /// <summary>Who found it: null for the analyser, otherwise the enricher's source (e.g. <c>azure-language</c>).</summary>
    public string? Source { get; init; }

    /// <summary>The enricher's confidence in [0, 1]; null for the analyser, whose labels carry their evidence instead.</summary>
    public double? Confidence { get; init; }
}

public sealed record PersonTag(string Name, string? Title, Evidence Evidence)
{
    /// <summary>Who found it: null for the analyser, otherwise the enricher's source (e.g. <c>azure-language</c>).</summary>
    public string? Source { get; init; }

    /// <summary>The enricher's confidence in [0, 1]; null for the analyser.</summary>
    public double? Confidence { get; init; }
}

public sealed record OrganizationTag(string Name, string? Country, Evidence Evidence)
{
    /// <summary>Who found it: null for the analyser, otherwise the enricher's source (e.g. <c>azure-language</c>).</summary>
    public string? Source { get; init; }

    /// <summary>The enricher's confidence in [0, 1]; null for the analyser.</summary>
    public double? Confidence { get; init; }
}

/// <summary>A key phrase of the article, from an enricher (the analyser finds none).</summary>
public sealed record KeyPhraseTag(string Text, string Source);

/// <summary>An amount of money or a quantity: <c>75.000 bảng</c> → 75000 GBP.</summary>
public sealed record AmountTag(decimal Value, string? Currency, string? Unit, string Text);

/// <summary>A date the article names, resolved against the article's date: <c>từ 29/10-1/11</c> → 2025-10-29 to 2025-11-01.</summary>
/// <param name="Date">ISO 8601: <c>2025-10-30</c>, or <c>--10-30</c> when the text gives no year and the article has no date.</param>
/// <param name="End">The last day of a range, or null.</param>
/// <param name="YearInferred">The text gives no year: it was taken from the article's date.</param>
public sealed record DateTag(string Text, string Date, string? End, bool YearInferred);

/// <summary>The story cluster an article belongs to.</summary>
/// <param name="Id">Cluster id: the id of the cluster's first-seen article.</param>
/// <param name="Representative">Whether this article is the cluster's representative (its first-seen article).</param>
/// <param name="AlsoReportedBy">The other outlets in the cluster when the summary was written.</param>
/// <param name="Relation">How this article joined: <c>duplicate</c> (the same text, republished) or <c>same_story</c> (an independent report of the same event), or null for the representative.</param>
/// <param name="Similarity">The similarity that decided the relation (estimated Jaccard or containment), or null.</param>
/// <param name="FirstSeenAt">When the story's first article was seen, in Vietnam time (UTC+7).</param>
public sealed record ClusterRef(
    string Id,
    bool Representative,
    IReadOnlyList<OutletLink> AlsoReportedBy,
    string? Relation = null,
    double? Similarity = null,
    DateTimeOffset? FirstSeenAt = null);

public sealed record OutletLink(string Outlet, string Url, string ArticleId);

/// <summary>
/// The structured summary written to <c>articles/{id}.json</c>. Versioned by <see cref="SchemaVersion"/>;
/// the JSON schema lives in <c>docs/structured-summary.schema.json</c>.
/// </summary>
public sealed record StructuredSummary
{
    /// <summary>
    /// 1.1 added <c>source</c> and <c>confidence</c> on people, organisations and localities, and <c>keyPhrases</c>.
    /// 2.0: <c>cluster.relation</c> is <c>duplicate</c> or <c>same_story</c> (no more <c>near_duplicate</c>) and
    /// <c>contentHash</c> is XXH128, not SHA-256. 2.1 added <c>mixedLanguage</c>, and <c>language</c> is "en" for a
    /// text detected as English whatever the page declares. 2.2 added <c>dates</c>.
    /// </summary>
    public const string CurrentSchemaVersion = "2.2";

    public string SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string Id { get; init; }
    public required string Url { get; init; }
    public required string Outlet { get; init; }
    public required string Title { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public required DateTimeOffset FirstSeenAt { get; init; }
    public string? Author { get; init; }
    public string Language { get; init; } = "vi";

    /// <summary>True when the text is in Vietnamese and English in substantial shares (a bilingual page); absent otherwise.</summary>
    public bool? MixedLanguage { get; init; }
    public required bool Relevant { get; init; }
    public required double RelevanceScore { get; init; }
    public required IReadOnlyList<CountryTag> PartnerCountries { get; init; }
    public required IReadOnlyList<CountryTag> CountriesMentioned { get; init; }
    public required IReadOnlyList<SectorTag> Sectors { get; init; }
    public required IReadOnlyList<EventTypeTag> EventTypes { get; init; }
    public required IReadOnlyList<LocalityTag> Localities { get; init; }
    public required IReadOnlyList<PersonTag> People { get; init; }
    public required IReadOnlyList<OrganizationTag> Organizations { get; init; }
    public required IReadOnlyList<AmountTag> Amounts { get; init; }

    /// <summary>Dates the article names, resolved against its date (2.2).</summary>
    public IReadOnlyList<DateTag> Dates { get; init; } = [];

    /// <summary>Key phrases from an enricher; null (absent from the JSON) when no enricher ran or it failed.</summary>
    public IReadOnlyList<KeyPhraseTag>? KeyPhrases { get; init; }
    public required IReadOnlyList<string> Summary { get; init; }
    public required ClusterRef Cluster { get; init; }
    public required int WordCount { get; init; }
    public required string ContentHash { get; init; }
}

/// <summary>A story: one event, however many outlets reported it.</summary>
public sealed record StoryCluster(
    string Id,
    string RepresentativeId,
    string Title,
    DateTimeOffset FirstSeenAt,
    IReadOnlyList<OutletLink> Members);

/// <summary>A subscriber's rule set. Empty <see cref="Sectors"/>/<see cref="Countries"/> mean "any".</summary>
/// <param name="KeywordsIgnoreDiacritics">
/// A keyword typed without diacritics matches text with any ("hoc bong" catches "học bổng"); false matches every keyword
/// exactly as typed, for words that diacritics tell apart ("Ba" the name is not "bà"). A keyword typed with diacritics
/// always matches those only.
/// </param>
/// <param name="QuietHours">When no instant alert is sent (Vietnam time); those stories go into the next digest.</param>
/// <param name="MaxAlertsPerHour">At most this many instant alerts in any hour; the excess goes into the next digest. Null: no cap.</param>
/// <param name="NothingTodayNote">On a day without matching stories, send a short "nothing today" note instead of nothing.</param>
/// <param name="Webhook">Where instant alerts go instead of the email address (the digest stays email); null: email.</param>
/// <param name="WebhookFormat">The webhook's message format.</param>
public sealed record Subscription(
    string Id,
    string Email,
    string Language,
    IReadOnlyList<string> Sectors,
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> Keywords,
    bool Instant,
    bool Digest,
    bool Confirmed = true,
    bool KeywordsIgnoreDiacritics = true,
    QuietHours? QuietHours = null,
    int? MaxAlertsPerHour = null,
    bool NothingTodayNote = false,
    Uri? Webhook = null,
    WebhookFormat WebhookFormat = WebhookFormat.Json)
{
    /// <summary>
    /// The version of the links sent to this subscriber (<see cref="Subscriptions.SubscriptionTokens"/>): confirming
    /// raises it, so a confirmation link works once.
    /// </summary>
    public int LinkVersion { get; init; }

    /// <summary>The id and state only: the address is personal and a webhook's path is a secret, so neither goes into logs.</summary>
    public override string ToString() => $"Subscription {Id} ({(Confirmed ? "confirmed" : "unconfirmed")})";

    /// <summary>Instant alerts may be held back (quiet hours, a cap), so the daily digest carries them even when <see cref="Digest"/> is off.</summary>
    public bool HoldsAlerts => Instant && (QuietHours is not null || MaxAlertsPerHour is not null);
}

/// <summary>What a webhook receives: NewsMonitor's own JSON, or a Slack or Microsoft Teams incoming-webhook message.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<WebhookFormat>))]
public enum WebhookFormat { Json, Slack, Teams }

/// <summary>
/// Hours of the day, in Vietnam time, when a subscriber wants no instant alerts (<c>22:00-07:00</c>); an alert that
/// falls in them goes into the next digest instead. <see cref="End"/> before <see cref="Start"/> spans midnight.
/// </summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>Whether <paramref name="instant"/> falls in the quiet hours, read on Vietnam's clock.</summary>
    public bool Contains(DateTimeOffset instant)
    {
        var t = TimeOnly.FromTimeSpan(VietnamTime.Of(instant).TimeOfDay);
        return Start <= End ? t >= Start && t < End : t >= Start || t < End;
    }

    /// <summary>Reads <c>HH:mm-HH:mm</c>; null when the text is not that (the caller names the field).</summary>
    public static QuietHours? Parse(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        return parts.Length == 2
               && TimeOnly.TryParseExact(parts[0], "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var start)
               && TimeOnly.TryParseExact(parts[1], "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var end)
               && start != end
            ? new QuietHours(start, end) : null;
    }

    public override string ToString() =>
        Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) + "-" + End.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}

[JsonConverter(typeof(JsonStringEnumConverter<DeliveryKind>))]
public enum DeliveryKind { Alert, Digest }

/// <summary>A record in the delivery ledger: at most one per <see cref="Key"/>.</summary>
/// <param name="Key">For alerts <c>alert:{subscription}:{cluster}</c>, for digests <c>digest:{subscription}:{yyyy-MM-dd}</c>.</param>
public sealed record Delivery(string Key, DeliveryKind Kind, string SubscriptionId, string Subject, DateTimeOffset At, string Channel);

/// <summary>An email ready for an <see cref="Ports.IEmailSender"/>.</summary>
public sealed record EmailMessage(
    string To,
    string Subject,
    string Html,
    string Text,
    IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>
    /// The delivery-ledger key this message is sent under (<see cref="Delivery.Key"/>), or null. Senders with idempotent
    /// sends derive their operation id from it, so a retried send of the same delivery is recognised even when the
    /// message was rendered again (with, say, one more outlet in "also reported by").
    /// </summary>
    public string? DeliveryKey { get; init; }
}
