namespace NewsMonitor.Pipeline;

/// <summary>Well-known outcome codes. Every drop has one, so logs and counters can show it.</summary>
public static class OutcomeCodes
{
    public const string Ok = "ok";
    public const string FeedFailed = "feed_failed";
    public const string FeedNotModified = "feed_not_modified";
    public const string InvalidItem = "invalid_item";
    public const string AlreadySeen = "already_seen";
    public const string Queued = "queued";
    public const string Fetched = "fetched";
    public const string FetchFailed = "fetch_failed";
    public const string NotHtml = "not_html";
    public const string EmptyPage = "empty_page";
    public const string TooShort = "too_short";
    public const string Duplicate = "duplicate";
    public const string NearDuplicate = "near_duplicate";
    /// <summary>An independently written report of a story already seen (its relation is <c>same_story</c>).</summary>
    public const string SameStory = "same_story";
    public const string NotRelevant = "not_relevant";
    public const string Relevant = "relevant";
    public const string Stored = "stored";
    public const string Matched = "matched";
    public const string NoMatch = "no_match";
    public const string AlertSent = "alert_sent";
    public const string AlertHeld = "alert_held";
    public const string AlertDeadLettered = "alert_dead_lettered";
    public const string AlreadyDelivered = "already_delivered";
    public const string DigestQueued = "digest_queued";
    public const string DigestSent = "digest_sent";
    public const string DigestEmpty = "digest_empty";
    public const string SubscriptionGone = "subscription_gone";
    public const string Poisoned = "poisoned";
    /// <summary>A try failed and will be retried (hosts with retries: the Functions handler).</summary>
    public const string Failed = "failed";
    public const string LegacyEncoding = "legacy_encoding";

    /// <summary>The entity enricher added labels to a summary (the detail counts them).</summary>
    public const string Enriched = "enriched";

    /// <summary>The entity enricher failed; the article was classified by the analyser alone (not a failure of the input).</summary>
    public const string EnrichmentFailed = "enrichment_failed";

    /// <summary>Codes that mean something went wrong with an input (reported as failures in the run summary).</summary>
    public static readonly IReadOnlySet<string> Failures = new HashSet<string> { FeedFailed, InvalidItem, FetchFailed, NotHtml, EmptyPage, Poisoned, Failed, LegacyEncoding };
}

/// <summary>What happened to one input (a feed, an item, an article, a delivery).</summary>
/// <param name="Code">One of <see cref="OutcomeCodes"/>.</param>
/// <param name="Subject">What it happened to: a URL, an article id, a subscription.</param>
/// <param name="Detail">A human-readable reason, e.g. "HTTP 404", "duplicate of 3f2a…".</param>
public sealed record StageOutcome(string Code, string Subject, string? Detail = null)
{
    public bool IsFailure => OutcomeCodes.Failures.Contains(Code);

    public override string ToString() => Detail is null ? $"{Code}: {Subject}" : $"{Code}: {Subject} ({Detail})";
}

/// <summary>A declared output: a message for a queue or a blob to write. Stages declare, hosts write.</summary>
public abstract record StageOutput(string Binding);

public sealed record QueueOutput(string Binding, string Queue, object Message) : StageOutput(Binding);

/// <summary>A blob to write. <see cref="Path"/> is <c>container/name</c>.</summary>
public sealed record BlobOutput(string Binding, string Path, byte[] Content) : StageOutput(Binding);

/// <summary>The result of one stage invocation: its outcomes and its declared outputs.</summary>
public sealed record StageResult(IReadOnlyList<StageOutcome> Outcomes, IReadOnlyList<StageOutput> Outputs)
{
    public static StageResult Of(StageOutcome outcome, params StageOutput[] outputs) => new([outcome], outputs);
}
