using System.Globalization;
using NewsMonitor.Alerts;
using NewsMonitor.Digest;
using NewsMonitor.Domain;
using NewsMonitor.Pipeline;
using NewsMonitor.Ports;

namespace NewsMonitor.Stages;

/// <summary>
/// At 07:00 Vietnam time: one <c>deliver-digest</c> message per confirmed digest subscriber, and per instant subscriber
/// whose quiet hours or hourly cap may have held alerts back (<see cref="Subscription.HoldsAlerts"/>).
/// </summary>
public sealed class DailyDigestStage(ISubscriptionStore subscriptions) : IStage<TimerInfo>
{
    public string Name => StageGraph.Names.DailyDigest;

    public async Task<StageResult> HandleAsync(TimerInfo input, CancellationToken cancellationToken = default)
    {
        var date = VietnamTime.Of(input.FiredAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var outputs = new List<StageOutput>();
        var outcomes = new List<StageOutcome>();
        foreach (var sub in await subscriptions.ListAsync(cancellationToken))
        {
            if (!(sub.Digest || sub.HoldsAlerts) || !sub.Confirmed) continue;
            outputs.Add(new QueueOutput("digests", StageGraph.Queues.DeliverDigest, new DeliverDigestMessage(sub.Id, date, input.FiredAt)));
            outcomes.Add(new StageOutcome(OutcomeCodes.DigestQueued, sub.Id, date));
        }
        return new StageResult(outcomes, outputs);
    }
}

/// <summary>
/// Sends one digest per (subscription, Vietnam date): the relevant stories first seen since the subscriber's last
/// digest (at most <see cref="MaxWindow"/> back), one entry per story, grouped by sector then partner. A subscriber who
/// takes instant alerts only gets the matching stories that were not alerted (those their quiet hours or hourly cap held
/// back), and no digest when there are none.
/// </summary>
public sealed class DeliverDigestStage(ISummaryIndex index, ISubscriptionStore subscriptions, IDeliveryLedger ledger, IDedupIndex dedup, IEmailSender email, EmailRenderer renderer, TimeProvider clock) : IStage<DeliverDigestMessage>
{
    /// <summary>A digest never reaches further back than this, even after an outage.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(48);

    public string Name => StageGraph.Names.DeliverDigest;

    public static string Key(string subscriptionId, string date) => $"digest:{subscriptionId}:{date}";

    public async Task<StageResult> HandleAsync(DeliverDigestMessage input, CancellationToken cancellationToken = default)
    {
        var key = Key(input.SubscriptionId, input.Date);
        var sub = await subscriptions.GetAsync(input.SubscriptionId, cancellationToken);
        if (sub is null || !(sub.Digest || sub.HoldsAlerts) || !sub.Confirmed) return StageResult.Of(new StageOutcome(OutcomeCodes.SubscriptionGone, input.SubscriptionId));
        if (await ledger.ContainsAsync(key, cancellationToken)) return StageResult.Of(new StageOutcome(OutcomeCodes.AlreadyDelivered, key));

        var last = await ledger.LastDigestWindowEndAsync(sub.Id, cancellationToken);
        // Since the last digest, but never more than MaxWindow back (a first digest covers the last 24 hours).
        var earliest = input.WindowEnd - MaxWindow;
        var from = last is { } l ? (l > earliest ? l : earliest) : input.WindowEnd - TimeSpan.FromHours(24);
        var summaries = await index.QueryIndexedAsync(from, input.WindowEnd, relevantOnly: true, cancellationToken);
        var stories = new List<DigestStory>();
        foreach (var cluster in summaries.GroupBy(s => s.Cluster.Id))
        {
            var matching = cluster.Where(s => AlertMatcher.Match(sub, s) is not null).ToList();
            if (matching.Count == 0) continue;
            // Alerts only: the stories not alerted (held back by quiet hours or the cap).
            if (!sub.Digest && await ledger.ContainsAsync(DeliverAlertStage.Key(sub.Id, cluster.Key), cancellationToken)) continue;
            var storyCluster = await dedup.GetClusterAsync(cluster.Key, cancellationToken);
            var representative = matching.FirstOrDefault(s => s.Id == storyCluster?.RepresentativeId) ?? matching.OrderBy(s => s.FirstSeenAt).First();
            stories.Add(new DigestStory(representative, storyCluster?.Members ?? cluster.Select(s => new OutletLink(s.Outlet, s.Url, s.Id)).ToList()));
        }
        // An empty day sends nothing, unless a digest subscriber asked for a "nothing today" note.
        if (stories.Count == 0 && !(sub.Digest && sub.NothingTodayNote))
        {
            await ledger.SetDigestWindowEndAsync(sub.Id, input.WindowEnd, cancellationToken);
            return StageResult.Of(new StageOutcome(OutcomeCodes.DigestEmpty, key, "no matching stories"));
        }
        if (!await ledger.TryRecordAsync(new Delivery(key, DeliveryKind.Digest, sub.Id, $"digest {input.Date}", clock.GetUtcNow(), "email"), cancellationToken))
            return StageResult.Of(new StageOutcome(OutcomeCodes.AlreadyDelivered, key));
        // An alerts-only digest carries stories in place of their alerts: it takes each one's alert key, so that an alert
        // still queued (or redelivered after the quiet hours) finds it taken and is not sent as well; a story whose alert
        // took the key first has gone out as an alert and leaves the digest.
        var carried = new List<string>();
        if (!sub.Digest)
        {
            foreach (var story in stories.ToList())
            {
                var alertKey = DeliverAlertStage.Key(sub.Id, story.Representative.Cluster.Id);
                if (await ledger.TryRecordAsync(new Delivery(alertKey, DeliveryKind.Digest, sub.Id, $"in the digest {input.Date}", clock.GetUtcNow(), "digest"), cancellationToken))
                    carried.Add(alertKey);
                else stories.Remove(story);
            }
            if (stories.Count == 0)
            {
                await ledger.ReleaseAsync(key, CancellationToken.None);
                await ledger.SetDigestWindowEndAsync(sub.Id, input.WindowEnd, cancellationToken);
                return StageResult.Of(new StageOutcome(OutcomeCodes.DigestEmpty, key, "every matching story went out as an alert"));
            }
        }
        var message = (stories.Count == 0 ? renderer.RenderNothingToday(sub, input.Date) : renderer.RenderDigest(sub, input.Date, stories)) with { DeliveryKey = key };
        try
        {
            await email.SendAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            foreach (var k in carried.Append(key)) await ledger.ReleaseAsync(k, CancellationToken.None);
            throw new TransientStageException($"digest {key}: sending failed: {e.Message}", e);
        }
        await ledger.SetDigestWindowEndAsync(sub.Id, input.WindowEnd, cancellationToken);
        return StageResult.Of(new StageOutcome(OutcomeCodes.DigestSent, key, $"{stories.Count} stories to {sub.Email}"));
    }
}
