using System.Diagnostics.Metrics;
using NewsMonitor.Domain;
using NewsMonitor.Pipeline;

namespace NewsMonitor.Functions;

/// <summary>
/// The handler's metrics (meter <c>NewsMonitor</c>), exported with OpenTelemetry. The infrastructure's alert rules watch
/// <c>newsmonitor.articles.fetched</c> ("no article fetched in 3 hours") and <c>newsmonitor.digests.sent</c> ("digest not
/// sent by 07:30").
/// </summary>
public sealed class PipelineMetrics : IDisposable
{
    public const string MeterName = "NewsMonitor";

    /// <summary>One activity per invocation (stage, subject, result), under the same name as the meter.</summary>
    public static readonly System.Diagnostics.ActivitySource Activities = new(MeterName);

    private readonly Meter _meter;
    private readonly Counter<long> _outcomes, _fetched, _dropped, _duplicates, _relevant, _bySector, _byCountry, _alerts, _digests, _failures;
    private readonly Histogram<double> _latency;

    public PipelineMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _outcomes = _meter.CreateCounter<long>("newsmonitor.outcomes", description: "Every stage outcome, by stage and outcome code.");
        _fetched = _meter.CreateCounter<long>("newsmonitor.articles.fetched", description: "Article pages fetched and stored as raw blobs.");
        _dropped = _meter.CreateCounter<long>("newsmonitor.articles.dropped", description: "Inputs dropped, by stage and reason (already_seen, fetch_failed, too_short…).");
        _duplicates = _meter.CreateCounter<long>("newsmonitor.articles.duplicates", description: "Articles joined to an existing story (duplicate or near_duplicate).");
        _relevant = _meter.CreateCounter<long>("newsmonitor.articles.relevant", description: "Articles about Vietnam's international cooperation.");
        _bySector = _meter.CreateCounter<long>("newsmonitor.articles.by_sector", description: "Relevant articles by primary sector.");
        _byCountry = _meter.CreateCounter<long>("newsmonitor.articles.by_country", description: "Relevant articles by partner country or organisation.");
        _alerts = _meter.CreateCounter<long>("newsmonitor.alerts.sent", description: "Instant alerts sent.");
        _digests = _meter.CreateCounter<long>("newsmonitor.digests.sent", description: "Daily digests sent.");
        _failures = _meter.CreateCounter<long>("newsmonitor.failures", description: "Failures, by stage and outcome (poisoned, fetch_failed…).");
        _latency = _meter.CreateHistogram<double>("newsmonitor.stage.duration", unit: "ms", description: "Time to handle one invocation, by stage and result.");
    }

    public void Outcome(string stage, StageOutcome outcome)
    {
        var tags = new KeyValuePair<string, object?>[] { new("stage", stage), new("outcome", outcome.Code) };
        _outcomes.Add(1, tags);
        switch (outcome.Code)
        {
            case OutcomeCodes.Fetched: _fetched.Add(1); break;
            case OutcomeCodes.Duplicate or OutcomeCodes.NearDuplicate: _duplicates.Add(1, tags[1]); break;
            case OutcomeCodes.Relevant: _relevant.Add(1); break;
            case OutcomeCodes.AlertSent: _alerts.Add(1); break;
            case OutcomeCodes.DigestSent: _digests.Add(1); break;
        }
        if (outcome.IsFailure) _failures.Add(1, tags);
        else if (outcome.Code is OutcomeCodes.AlreadySeen or OutcomeCodes.TooShort or OutcomeCodes.NotRelevant or OutcomeCodes.FeedNotModified) _dropped.Add(1, tags);
    }

    /// <summary>Counts a stored summary by its primary sector and partners, when relevant.</summary>
    public void Classified(StructuredSummary summary)
    {
        if (!summary.Relevant) return;
        if (summary.Sectors.Count > 0) _bySector.Add(1, new KeyValuePair<string, object?>("sector", summary.Sectors[0].Id));
        foreach (var c in summary.PartnerCountries) _byCountry.Add(1, new KeyValuePair<string, object?>("country", c.Code));
    }

    public void Latency(string stage, TimeSpan elapsed, string result) =>
        _latency.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("result", result));

    public void Dispose() => _meter.Dispose();
}
