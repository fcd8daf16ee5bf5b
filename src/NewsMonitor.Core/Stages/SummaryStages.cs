using NewsMonitor.Alerts;
using NewsMonitor.Digest;
using NewsMonitor.Domain;
using NewsMonitor.Pipeline;
using NewsMonitor.Ports;

namespace NewsMonitor.Stages;

/// <summary>Reads structured summaries from the blob store, naming the blob when it is missing or unreadable.</summary>
public static class SummaryBlobs
{
    public static async Task<StructuredSummary?> ReadAsync(IBlobStore blobs, string articleId, CancellationToken cancellationToken)
    {
        var path = StageGraph.ArticleBlobPath(articleId);
        var bytes = await blobs.ReadAsync(path, cancellationToken);
        return bytes is null ? null : Json.Read<StructuredSummary>(bytes, path);
    }
}

/// <summary>Indexes a structured summary by day, sector, country and cluster. Idempotent upsert.</summary>
public sealed class StoreSummaryStage(IBlobStore blobs, ISummaryIndex index, TimeProvider clock) : IStage<ArticleClassifiedMessage>
{
    public string Name => StageGraph.Names.StoreSummary;

    public async Task<StageResult> HandleAsync(ArticleClassifiedMessage input, CancellationToken cancellationToken = default)
    {
        var summary = await SummaryBlobs.ReadAsync(blobs, input.Id, cancellationToken)
                      ?? throw new TransientStageException($"{StageGraph.ArticleBlobPath(input.Id)} is not written yet");
        await index.UpsertAsync(summary, clock.GetUtcNow(), cancellationToken);
        return StageResult.Of(new StageOutcome(OutcomeCodes.Stored, input.Id));
    }
}

/// <summary>Matches a relevant summary against instant-alert subscriptions: one <c>deliver-alert</c> message per match.</summary>
public sealed class MatchAlertsStage(IBlobStore blobs, ISubscriptionStore subscriptions, IDeliveryLedger ledger) : IStage<ArticleClassifiedMessage>
{
    public string Name => StageGraph.Names.MatchAlerts;

    public async Task<StageResult> HandleAsync(ArticleClassifiedMessage input, CancellationToken cancellationToken = default)
    {
        var summary = await SummaryBlobs.ReadAsync(blobs, input.Id, cancellationToken)
                      ?? throw new TransientStageException($"{StageGraph.ArticleBlobPath(input.Id)} is not written yet");
        var outcomes = new List<StageOutcome>();
        var outputs = new List<StageOutput>();
        foreach (var sub in await subscriptions.ListAsync(cancellationToken))
        {
            if (!sub.Instant || !sub.Confirmed || AlertMatcher.Match(sub, summary) is null) continue;
            // The ledger is the authority (DeliverAlert checks again); this only saves a queue hop for stories already alerted.
            if (await ledger.ContainsAsync(DeliverAlertStage.Key(sub.Id, input.ClusterId), cancellationToken)) continue;
            outputs.Add(new QueueOutput("deliveries", StageGraph.Queues.DeliverAlert, new DeliverAlertMessage(sub.Id, input.ClusterId, input.Id)));
            outcomes.Add(new StageOutcome(OutcomeCodes.Matched, input.Id, sub.Id));
        }
        if (outcomes.Count == 0) outcomes.Add(new StageOutcome(OutcomeCodes.NoMatch, input.Id));
        return new StageResult(outcomes, outputs);
    }
}

/// <summary>Sends one alert per (subscription, story), whatever the number of outlets or redeliveries.</summary>
/// <remarks>
/// The ledger record is written before the email is handed over and removed if the hand-over fails, so a
/// redelivered message never sends twice. If the process dies between recording and sending, that one alert is
/// lost rather than duplicated (at most once); the story still reaches the subscriber's digest if they take one.
/// </remarks>
public sealed class DeliverAlertStage(IBlobStore blobs, ISubscriptionStore subscriptions, IDeliveryLedger ledger, IEmailSender email, EmailRenderer renderer, IDedupIndex dedup, TimeProvider clock, WebhookSender? webhooks = null) : IStage<DeliverAlertMessage>
{
    public string Name => StageGraph.Names.DeliverAlert;

    public static string Key(string subscriptionId, string clusterId) => $"alert:{subscriptionId}:{clusterId}";

    public async Task<StageResult> HandleAsync(DeliverAlertMessage input, CancellationToken cancellationToken = default)
    {
        var sub = await subscriptions.GetAsync(input.SubscriptionId, cancellationToken);
        if (sub is null || !sub.Instant || !sub.Confirmed)
            return StageResult.Of(new StageOutcome(OutcomeCodes.SubscriptionGone, input.SubscriptionId));
        var summary = await SummaryBlobs.ReadAsync(blobs, input.ArticleId, cancellationToken)
                      ?? throw new TransientStageException($"{StageGraph.ArticleBlobPath(input.ArticleId)} is not written yet");
        // The subscription may have changed since the match: check again.
        if (AlertMatcher.Match(sub, summary) is not { } reason) return StageResult.Of(new StageOutcome(OutcomeCodes.NoMatch, input.ArticleId, sub.Id));
        var key = Key(sub.Id, input.ClusterId);
        // Quiet hours and the hourly cap hold an alert back; the story goes into the next digest instead. Two workers
        // racing at the cap may both send (one over the cap): rare, and visible in the ledger.
        var now = clock.GetUtcNow();
        if (sub.QuietHours is { } quiet && quiet.Contains(now))
            return StageResult.Of(new StageOutcome(OutcomeCodes.AlertHeld, key, $"quiet hours {quiet} (Vietnam time); in the next digest"));
        if (sub.MaxAlertsPerHour is { } cap && await ledger.CountSinceAsync(sub.Id, DeliveryKind.Alert, now - TimeSpan.FromHours(1), cancellationToken) >= cap)
            return StageResult.Of(new StageOutcome(OutcomeCodes.AlertHeld, key, $"{cap} alerts in the last hour; in the next digest"));
        var subject = Digest.EmailRenderer.SafeSubject(summary.Title);
        if (!await ledger.TryRecordAsync(new Delivery(key, DeliveryKind.Alert, sub.Id, subject, now, "email"), cancellationToken))
            return StageResult.Of(new StageOutcome(OutcomeCodes.AlreadyDelivered, key));
        var cluster = await dedup.GetClusterAsync(input.ClusterId, cancellationToken);
        var story = new DigestStory(summary, cluster?.Members ?? [new OutletLink(summary.Outlet, summary.Url, summary.Id)]);
        var why = reason.Sectors.Concat(reason.Countries).Concat(reason.Keywords).ToList();
        if (sub.Webhook is { } hook) return await PostAsync(sub, hook, story, why, key, now, cancellationToken);
        try
        {
            await email.SendAsync(renderer.RenderAlert(sub, story, why) with { DeliveryKey = key }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await ledger.ReleaseAsync(key, CancellationToken.None);
            throw new TransientStageException($"alert {key}: sending failed: {e.Message}", e);
        }
        return StageResult.Of(new StageOutcome(OutcomeCodes.AlertSent, key, sub.Email));
    }

    /// <summary>
    /// The blob a webhook alert that could not be delivered is written to, with the payload and the last error (the
    /// webhook's host only: Slack and Teams put the secret in the path).
    /// </summary>
    public static string DeadLetterPath(string key) => $"dead-letters/alerts/{Uri.EscapeDataString(key)}.json";

    /// <summary>
    /// An alert to the subscriber's webhook, with the sender's retries. One that still fails stays recorded in the ledger
    /// (no second alert for the story) and is written to a dead-letter blob, visible and replayable, instead of being lost.
    /// </summary>
    private async Task<StageResult> PostAsync(Subscription sub, Uri hook, DigestStory story, IReadOnlyList<string> why, string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            if (webhooks is null) throw new InvalidOperationException("this host has no webhook sender, but subscription '" + sub.Id + "' asks for a webhook");
            var payload = WebhookPayload.Alert(sub.WebhookFormat, sub, story, why, key);
            var result = await webhooks.SendAsync(hook, payload, key, cancellationToken);
            if (result.Delivered) return StageResult.Of(new StageOutcome(OutcomeCodes.AlertSent, key, $"webhook ({sub.WebhookFormat}), attempt {result.Attempts}"));
            var letter = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { key, subscription = sub.Id, webhook = hook.Host, format = sub.WebhookFormat.ToString(), attempts = result.Attempts, error = result.Error, at = now, payload });
            await blobs.WriteAsync(DeadLetterPath(key), letter, cancellationToken);
            return StageResult.Of(new StageOutcome(OutcomeCodes.AlertDeadLettered, key, $"webhook gave up after {result.Attempts} attempts: {result.Error}"));
        }
        catch (Exception e) when (e is not TransientStageException)
        {
            // Neither delivered nor dead-lettered (no sender, cancelled, the dead letter not written): free the key so a retry can.
            await ledger.ReleaseAsync(key, CancellationToken.None);
            if (e is OperationCanceledException) throw;
            throw new TransientStageException($"alert {key}: webhook delivery failed: {e.Message}", e);
        }
    }
}
