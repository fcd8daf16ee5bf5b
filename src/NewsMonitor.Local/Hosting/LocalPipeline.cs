using System.Threading.Channels;
using Cronos;
using NewsMonitor.Domain;
using NewsMonitor.Pipeline;
using NewsMonitor.Ports;
using NewsMonitor.Stages;

namespace NewsMonitor.Local.Hosting;

/// <summary>Tuning of the embedded host.</summary>
public sealed class LocalHostOptions
{
    /// <summary>Consumers per queue. Fetching waits on I/O, so more than the core count pays.</summary>
    public int ConsumersPerQueue { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Bound of each in-process queue; producers wait when it is full.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>Attempts for inputs that fail transiently, like the Functions host's <c>maxDequeueCount</c>.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Delay before the n-th retry is n times this.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>The stage handlers the host dispatches to.</summary>
public sealed record StageSet(
    IStage<TimerInfo> FetchFeeds,
    IStage<FetchArticleMessage> FetchArticle,
    IStage<RawArticle> ClassifyArticle,
    IStage<ArticleClassifiedMessage> StoreSummary,
    IStage<ArticleClassifiedMessage> MatchAlerts,
    IStage<DeliverAlertMessage> DeliverAlert,
    IStage<TimerInfo> DailyDigest,
    IStage<DeliverDigestMessage> DeliverDigest);

/// <summary>
/// Host 1: runs the stage graph in one process. Queues are bounded channels with parallel consumers, the blob
/// trigger fires when a stage writes a blob under the trigger's container, timers fire on demand (<see cref="RunOnceAsync"/>)
/// or on their schedules (<see cref="WatchAsync"/>). Messages cross queues as JSON, as they would in Azure.
/// </summary>
public sealed class LocalPipeline
{
    private readonly StageSet _stages;
    private readonly IBlobStore _blobs;
    private readonly ISummaryIndex _summaries;
    private readonly LocalHostOptions _options;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, Channel<byte[]>> _queues = new(StringComparer.Ordinal);
    private readonly Channel<string> _blobTrigger;
    private long _inFlight;
    private TaskCompletionSource _idle = NewIdle();

    public RunReport Report { get; private set; }

    /// <summary>The stage handlers this host dispatches to.</summary>
    public StageSet Stages => _stages;

    public LocalPipeline(StageSet stages, IBlobStore blobs, ISummaryIndex summaries, LocalHostOptions options, TimeProvider clock)
    {
        _stages = stages;
        _blobs = blobs;
        _summaries = summaries;
        _options = options;
        _clock = clock;
        foreach (var stage in StageGraph.Stages.Where(s => s.Trigger.Kind == TriggerKind.Queue))
            _queues[stage.Trigger.Value] = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
        _blobTrigger = Channel.CreateBounded<string>(options.QueueCapacity);
        Report = new RunReport { StartedAt = clock.GetUtcNow() };
    }

    /// <summary>Blobs written under this prefix trigger <c>ClassifyArticle</c> (from its trigger path in the stage graph).</summary>
    private static readonly string BlobTriggerPrefix = StageGraph.Get(StageGraph.Names.ClassifyArticle).Trigger.Value.Split('{')[0];

    private static TaskCompletionSource NewIdle() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Fires <c>FetchFeeds</c> once, waits for the graph to drain, then fires <c>DailyDigest</c> and drains again.</summary>
    public async Task<RunReport> RunOnceAsync(RunReport? report = null, CancellationToken cancellationToken = default)
    {
        Report = report ?? new RunReport { StartedAt = _clock.GetUtcNow() };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var consumers = StartConsumers(stop.Token);
        try
        {
            await RecoverAsync(stop.Token);
            await WaitIdleAsync(stop.Token);
            await FireAsync(_stages.FetchFeeds, stop.Token);
            await WaitIdleAsync(stop.Token);
            await FireAsync(_stages.DailyDigest, stop.Token);
            await WaitIdleAsync(stop.Token);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(consumers).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        Report.FinishedAt = _clock.GetUtcNow();
        return Report;
    }

    /// <summary>Runs the timers on their CRON schedules (UTC) until cancelled.</summary>
    public async Task WatchAsync(Action<string, DateTimeOffset>? onFire = null, CancellationToken cancellationToken = default)
    {
        var consumers = StartConsumers(cancellationToken);
        await RecoverAsync(cancellationToken);
        var timers = new (CronExpression Cron, IStage<TimerInfo> Stage)[]
        {
            (CronExpression.Parse(StageGraph.FetchFeedsSchedule, CronFormat.IncludeSeconds), _stages.FetchFeeds),
            (CronExpression.Parse(StageGraph.DailyDigestSchedule, CronFormat.IncludeSeconds), _stages.DailyDigest),
        };
        try
        {
            // Each timer keeps its own next occurrence, so timers due at the same instant (00:00 UTC) all fire.
            var start = _clock.GetUtcNow().UtcDateTime;
            var next = timers.Select(t => t.Cron.GetNextOccurrence(start, TimeZoneInfo.Utc)).ToArray();
            while (!cancellationToken.IsCancellationRequested)
            {
                var dueAt = next.Where(n => n is not null).Min()!.Value;
                var due = new DateTimeOffset(dueAt, TimeSpan.Zero);
                for (int i = 0; i < timers.Length; i++) if (next[i] == dueAt) onFire?.Invoke(timers[i].Stage.Name + " (next)", due);
                var wait = due - _clock.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _clock, cancellationToken);
                for (int i = 0; i < timers.Length; i++)
                {
                    if (next[i] != dueAt) continue;
                    onFire?.Invoke(timers[i].Stage.Name, due);
                    await FireAsync(timers[i].Stage, cancellationToken);
                    next[i] = timers[i].Cron.GetNextOccurrence(dueAt, TimeZoneInfo.Utc);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
        await Task.WhenAll(consumers).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>
    /// In-process queues do not survive the process: work a previous run left half done is found in the blobs and queued
    /// again. Raw pages without a structured summary go back to ClassifyArticle; summaries missing from the index go back
    /// to StoreSummary and MatchAlerts (deliveries are idempotent, so re-matching sends nothing twice).
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        int requeued = 0;
        await foreach (var raw in _blobs.ListAsync(StageGraph.Containers.Raw + "/", cancellationToken))
        {
            var id = Path.GetFileNameWithoutExtension(raw);
            if (await _blobs.ExistsAsync(StageGraph.ArticleBlobPath(id), cancellationToken)) continue;
            Interlocked.Increment(ref _inFlight);
            await _blobTrigger.Writer.WriteAsync(raw, cancellationToken);
            requeued++;
        }
        await foreach (var article in _blobs.ListAsync(StageGraph.Containers.Articles + "/", cancellationToken))
        {
            var id = Path.GetFileNameWithoutExtension(article);
            if (await _summaries.IsIndexedAsync(id, cancellationToken)) continue;
            StructuredSummary? summary;
            try { summary = await SummaryBlobs.ReadAsync(_blobs, id, cancellationToken); }
            catch (InvalidDataException e) { Report.Record(StageGraph.Names.StoreSummary, new StageOutcome(OutcomeCodes.Poisoned, article, e.Message)); continue; }
            if (summary is null) continue;
            var message = new ArticleClassifiedMessage(id, summary.Cluster.Id, summary.Cluster.Representative);
            var outputs = new List<StageOutput> { new QueueOutput("store", StageGraph.Queues.StoreSummary, message) };
            if (summary.Relevant) outputs.Add(new QueueOutput("alerts", StageGraph.Queues.MatchAlerts, message));
            await WriteOutputsAsync(outputs, cancellationToken);
            requeued++;
        }
        if (requeued > 0) Report.Record("host", new StageOutcome("recovered", $"{requeued} inputs left unfinished by an earlier run"));
        return requeued;
    }

    private async Task FireAsync(IStage<TimerInfo> stage, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            await InvokeAsync(stage, new TimerInfo(_clock.GetUtcNow()), stage.Name, cancellationToken);
        }
        finally { Done(); }
    }

    private async Task WaitIdleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var idle = _idle.Task;
            if (Interlocked.Read(ref _inFlight) == 0) return;
            await idle.WaitAsync(cancellationToken);
        }
    }

    private void Done()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0)
        {
            var old = Interlocked.Exchange(ref _idle, NewIdle());
            old.TrySetResult();
        }
    }

    private List<Task> StartConsumers(CancellationToken cancellationToken)
    {
        var tasks = new List<Task>();
        for (int i = 0; i < _options.ConsumersPerQueue; i++)
        {
            tasks.Add(Consume(StageGraph.Queues.FetchArticle, _stages.FetchArticle, cancellationToken));
            tasks.Add(Consume(StageGraph.Queues.StoreSummary, _stages.StoreSummary, cancellationToken));
            tasks.Add(Consume(StageGraph.Queues.MatchAlerts, _stages.MatchAlerts, cancellationToken));
            tasks.Add(Consume(StageGraph.Queues.DeliverAlert, _stages.DeliverAlert, cancellationToken));
            tasks.Add(Consume(StageGraph.Queues.DeliverDigest, _stages.DeliverDigest, cancellationToken));
            tasks.Add(ConsumeBlobs(cancellationToken));
        }
        return tasks;
    }

    private Task Consume<T>(string queue, IStage<T> stage, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        try
        {
            await foreach (var payload in _queues[queue].Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    T message;
                    try { message = Json.Read<T>(payload, $"message on '{queue}'"); }
                    catch (InvalidDataException e)
                    {
                        Report.Record(stage.Name, new StageOutcome(OutcomeCodes.Poisoned, queue, e.Message));
                        continue;
                    }
                    await InvokeAsync(stage, message, QueueMessages.Describe(message!), cancellationToken);
                }
                finally { Done(); }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
    }, CancellationToken.None);

    private Task ConsumeBlobs(CancellationToken cancellationToken) => Task.Run(async () =>
    {
        try
        {
            await foreach (var path in _blobTrigger.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    var bytes = await _blobs.ReadAsync(path, cancellationToken);
                    if (bytes is null)
                    {
                        Report.Record(_stages.ClassifyArticle.Name, new StageOutcome(OutcomeCodes.Poisoned, path, "blob disappeared before it was classified"));
                        continue;
                    }
                    RawArticle raw;
                    try { raw = Json.Read<RawArticle>(bytes, path); }
                    catch (InvalidDataException e)
                    {
                        Report.Record(_stages.ClassifyArticle.Name, new StageOutcome(OutcomeCodes.Poisoned, path, e.Message));
                        continue;
                    }
                    await InvokeAsync(_stages.ClassifyArticle, raw, raw.Url, cancellationToken);
                }
                finally { Done(); }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
    }, CancellationToken.None);

    /// <summary>Runs one input through a stage with retries, records outcomes and writes the declared outputs.</summary>
    private async Task InvokeAsync<T>(IStage<T> stage, T input, string subject, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            StageResult result;
            try
            {
                result = await stage.HandleAsync(input, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { throw; }
            catch (TransientStageException e) when (attempt < _options.MaxAttempts)
            {
                await Task.Delay(_options.RetryDelay * attempt, _clock, cancellationToken);
                _ = e;
                continue;
            }
            catch (Exception e)
            {
                // Last attempt, or a failure retrying cannot fix: record it so nothing is lost silently.
                Report.Record(stage.Name, new StageOutcome(OutcomeCodes.Poisoned, subject, $"{e.GetType().Name}: {e.Message} (attempt {attempt})"));
                return;
            }
            try
            {
                await WriteOutputsAsync(result.Outputs, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { throw; }
            catch (Exception e)
            {
                // The outputs could not be written (disk full, oversized message): the input is not done. Stages are
                // idempotent, so handling it again later is safe; here it is reported with the reason.
                Report.Record(stage.Name, new StageOutcome(OutcomeCodes.Poisoned, subject, $"writing outputs failed: {e.GetType().Name}: {e.Message}"));
                return;
            }
            foreach (var outcome in result.Outcomes) Report.Record(stage.Name, outcome);
            return;
        }
    }

    private async Task WriteOutputsAsync(IReadOnlyList<StageOutput> outputs, CancellationToken cancellationToken)
    {
        foreach (var output in outputs)
        {
            switch (output)
            {
                case BlobOutput blob:
                    // Blobs are written once. Like Event Grid's BlobCreated, the trigger fires only for a blob this write
                    // created: a redelivered input finds its blob kept and starts nothing twice.
                    var created = await _blobs.WriteAsync(blob.Path, blob.Content, cancellationToken);
                    if (created && blob.Path.StartsWith(BlobTriggerPrefix, StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref _inFlight);
                        await _blobTrigger.Writer.WriteAsync(blob.Path, cancellationToken);
                    }
                    break;
                case QueueOutput queue:
                    var payload = Json.ToUtf8(queue.Message);
                    if (payload.Length > 64 * 1024) throw new InvalidOperationException($"message for '{queue.Queue}' is {payload.Length} bytes; queue messages are at most 64 KiB");
                    Interlocked.Increment(ref _inFlight);
                    await _queues[queue.Queue].Writer.WriteAsync(payload, cancellationToken);
                    break;
            }
        }
    }
}
