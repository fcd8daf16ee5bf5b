using System.Collections.Concurrent;
using NewsMonitor.Pipeline;

namespace NewsMonitor.Local.Hosting;

/// <summary>Counts of outcomes per stage and code during a run, and every failure with its reason. Thread-safe.</summary>
public sealed class RunReport
{
    private readonly ConcurrentDictionary<(string Stage, string Code), int> _counts = new();
    private readonly ConcurrentQueue<(string Stage, StageOutcome Outcome)> _notable = new();

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Relevant articles per sector and per partner country, filled in at the end of a run.</summary>
    public IReadOnlyDictionary<string, int> BySector { get; set; } = new Dictionary<string, int>();

    public IReadOnlyDictionary<string, int> ByCountry { get; set; } = new Dictionary<string, int>();

    public event Action<string, StageOutcome>? OutcomeRecorded;

    public void Record(string stage, StageOutcome outcome)
    {
        _counts.AddOrUpdate((stage, outcome.Code), 1, (_, n) => n + 1);
        if (outcome.IsFailure || outcome.Code is OutcomeCodes.TooShort or OutcomeCodes.Duplicate or OutcomeCodes.NearDuplicate or OutcomeCodes.SameStory or OutcomeCodes.NotRelevant)
            _notable.Enqueue((stage, outcome));
        OutcomeRecorded?.Invoke(stage, outcome);
    }

    public int Count(string code) => _counts.Where(kv => kv.Key.Code == code).Sum(kv => kv.Value);

    public int Count(string stage, string code) => _counts.GetValueOrDefault((stage, code));

    public IReadOnlyDictionary<(string Stage, string Code), int> Counts => _counts;

    public IReadOnlyList<(string Stage, StageOutcome Outcome)> Failures => _notable.Where(n => n.Outcome.IsFailure).ToList();

    /// <summary>Drops and duplicates with their reasons (too short, duplicate of X, not relevant).</summary>
    public IReadOnlyList<(string Stage, StageOutcome Outcome)> Skipped => _notable.Where(n => !n.Outcome.IsFailure).ToList();
}
